"""REST for the floor (/api/v1/floor/…): a real kiosk, TV or locker terminal can use it.

Public read where harmless (areas, the call screen, a ticket by its secret token, free slots);
kiosks and locker terminals write with a device token; windows call with a staff token/session;
applicants book their own appointments.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from approvals.models import Case
from catalog.models import Chain, Item
from hall.models import Window
from hall.selectors import staff_profile_of
from hallfloor import selectors, services
from hallfloor.api_auth import DeviceTokenAuthentication, IsApplicantOrStaff, IsDevice, IsStaff, device_of
from hallfloor.constants import AppointmentChannel, DeviceKind, Priority, TicketChannel
from hallfloor.models import Appointment, BusinessArea, LockerParcel, Ticket
from hallfloor.services.appointments import check_bookable
from hallfloor.views_appointments import slot_table


def _auth_classes():
    """Kiosks, screens and lockers by device token; people as everywhere else in the API (the
    project's own token class, whose tokens expire and are revoked on logout)."""
    from rest_framework.settings import api_settings

    return [DeviceTokenAuthentication, *api_settings.DEFAULT_AUTHENTICATION_CLASSES]


class FloorAPIView(APIView):
    authentication_classes = _auth_classes()


# ------------------------------------------------------------------ serializers


class AreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    prefix = serializers.CharField()
    waiting = serializers.IntegerField()
    average_wait_minutes = serializers.IntegerField(allow_null=True)
    average_wait_seconds = serializers.FloatField(allow_null=True)


class QueueTicketSerializer(serializers.ModelSerializer):
    area = serializers.CharField(source="area.code")
    area_name = serializers.CharField(source="area.name")
    item = serializers.CharField(source="item.code", allow_null=True, default=None)
    chain = serializers.CharField(source="chain.code", allow_null=True, default=None)
    window = serializers.CharField(source="window.number", allow_null=True, default=None)
    ahead = serializers.SerializerMethodField()

    class Meta:
        model = Ticket
        fields = [
            "id",
            "code",
            "token",
            "area",
            "area_name",
            "status",
            "priority",
            "channel",
            "item",
            "chain",
            "window",
            "call_count",
            "issued_at",
            "called_at",
            "finished_at",
            "ahead",
        ]

    def get_ahead(self, ticket) -> int | None:
        return selectors.people_ahead(ticket)


class TakeTicketIn(serializers.Serializer):
    area = serializers.SlugField()
    item = serializers.CharField(required=False, allow_blank=True, help_text="事项编码")
    chain = serializers.CharField(required=False, allow_blank=True, help_text="一件事编码")
    priority = serializers.ChoiceField(
        choices=[c for c in Priority.values if c != Priority.APPOINTMENT], required=False, default=""
    )
    phone = serializers.CharField(required=False, allow_blank=True, max_length=20)


class TransferIn(serializers.Serializer):
    to_window = serializers.CharField(help_text="窗口号")


class AppointmentSerializer(serializers.ModelSerializer):
    area = serializers.CharField(source="area.code")
    ticket = serializers.CharField(source="ticket.code", allow_null=True, default=None)

    class Meta:
        model = Appointment
        fields = [
            "code",
            "area",
            "day",
            "slot",
            "status",
            "channel",
            "name",
            "id_masked",
            "phone_masked",
            "ticket",
            "created_at",
            "checked_in_at",
        ]


class BookIn(serializers.Serializer):
    area = serializers.SlugField()
    day = serializers.DateField()
    slot = serializers.TimeField(format="%H:%M", input_formats=["%H:%M", "%H:%M:%S"])
    name = serializers.CharField(max_length=50)
    id_number = serializers.CharField(max_length=18)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=20)
    item = serializers.CharField(required=False, allow_blank=True)


class CodeIn(serializers.Serializer):
    code = serializers.CharField(max_length=12)


class DropOffIn(serializers.Serializer):
    applicant_name = serializers.CharField(max_length=100)
    item = serializers.CharField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=20)
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)


class CaseIn(serializers.Serializer):
    case = serializers.CharField(max_length=40)


LOCKER_OUT = inline_serializer(
    "LockerOut",
    {
        "locker": serializers.CharField(),
        "reference": serializers.CharField(),
        "code": serializers.CharField(required=False),
    },
)


def _item(code):
    if not code:
        return None
    item = Item.objects.filter(code=code, is_active=True).first()
    if item is None:
        raise ValidationError({"item": ["事项不存在或已停用。"]})
    return item


def _valid(serializer_class, request):
    s = serializer_class(data=request.data)
    s.is_valid(raise_exception=True)
    return s.validated_data


# ------------------------------------------------------------------ public reads


class AreasView(FloorAPIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=AreaSerializer(many=True), summary="业务区及等候人数、平均等候")
    def get(self, request):
        return Response(AreaSerializer(selectors.area_board(), many=True).data)


class ScreenView(FloorAPIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="叫号屏数据（最近叫号、各区等候）",
        responses=inline_serializer(
            "Screen",
            {
                "now": serializers.DateTimeField(),
                "calls": serializers.ListField(child=serializers.DictField()),
                "areas": AreaSerializer(many=True),
            },
        ),
    )
    def get(self, request):
        return Response(selectors.screen_payload())


# ------------------------------------------------------------------ tickets


class TicketTakeView(FloorAPIView):
    """Kiosk (device token, kind kiosk) or a signed-in applicant on the phone."""

    permission_classes = [AllowAny]  # checked below: a kiosk device or a signed-in person

    @extend_schema(request=TakeTicketIn, responses={201: QueueTicketSerializer}, summary="取号")
    def post(self, request):
        kiosk = device_of(request, DeviceKind.KIOSK)
        if kiosk is None and device_of(request) is not None:
            return Response({"detail": "该设备不能取号。", "code": "permission_denied"}, status=403)
        if kiosk is None and not request.user.is_authenticated:
            return Response({"detail": "需要取号机设备令牌或登录后取号。", "code": "not_authenticated"}, status=401)
        data = _valid(TakeTicketIn, request)
        area = BusinessArea.objects.filter(code=data["area"], is_active=True).first()
        if area is None:
            raise ValidationError({"area": ["业务区不存在。"]})
        chain = None
        if data.get("chain"):
            chain = Chain.objects.filter(code=data["chain"], is_active=True).first()
            if chain is None:
                raise ValidationError({"chain": ["一件事不存在或已停用。"]})
        ticket = services.ticket_take(
            area=area,
            item=_item(data.get("item")),
            chain=chain,
            priority=data.get("priority") or "",
            phone=data.get("phone") or "",
            channel=TicketChannel.KIOSK if kiosk else TicketChannel.PHONE,
            by=request.user if request.user.is_authenticated else None,
        )
        return Response(QueueTicketSerializer(ticket).data, status=201)


class TicketDetailView(FloorAPIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=QueueTicketSerializer, summary="凭令牌查看号票（手机跟踪）")
    def get(self, request, token):
        ticket = selectors.ticket_by_token(token)
        if ticket is None:
            return Response({"detail": "号票不存在。", "code": "not_found"}, status=404)
        return Response(QueueTicketSerializer(ticket).data)


# ------------------------------------------------------------------ calling (staff at a window)


def _window(request):
    profile = staff_profile_of(request.user)
    if profile is None or profile.window is None:
        raise ValidationError({"window": ["您没有绑定窗口，不能叫号。"]})
    return profile.window


class CallNextView(FloorAPIView):
    permission_classes = [IsStaff]

    @extend_schema(request=None, responses={200: QueueTicketSerializer, 204: None}, summary="叫下一位")
    def post(self, request):
        ticket = services.ticket_call_next(window=_window(request), by=request.user)
        if ticket is None:
            return Response(status=204)
        return Response(QueueTicketSerializer(ticket).data)


def _calling_view(service_name, summary, body=None):
    class View(FloorAPIView):
        permission_classes = [IsStaff]

        @extend_schema(request=body, responses=QueueTicketSerializer, summary=summary)
        def post(self, request, pk):
            window = _window(request)
            ticket = get_object_or_404(Ticket, pk=pk, window=window)  # another window's ticket: 404
            extra = {}
            if body is TransferIn:
                data = _valid(TransferIn, request)
                extra["to_window"] = Window.objects.filter(
                    number=data["to_window"], hall_id=window.hall_id, is_active=True
                ).first()
            ticket = getattr(services, service_name)(ticket=ticket, window=window, by=request.user, **extra)
            return Response(QueueTicketSerializer(ticket).data)

    View.__name__ = f"{service_name.title().replace('_', '')}View"
    return View


RecallView = _calling_view("ticket_recall", "重呼")
StartView = _calling_view("ticket_start", "开始办理")
FinishView = _calling_view("ticket_finish", "办结")
SkipView = _calling_view("ticket_skip", "过号")
TransferView = _calling_view("ticket_transfer", "转窗", TransferIn)


# ------------------------------------------------------------------ appointments


class SlotsView(FloorAPIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("area", str, required=True), OpenApiParameter("day", str, required=True)],
        responses=inline_serializer(
            "Slots", {"day": serializers.DateField(), "slots": serializers.ListField(child=serializers.DictField())}
        ),
        summary="某业务区某日的预约时段与余量（休息日返回 400 与原因）",
    )
    def get(self, request):
        area = BusinessArea.objects.filter(code=request.query_params.get("area") or "", is_active=True).first()
        if area is None:
            raise ValidationError({"area": ["业务区不存在。"]})
        try:
            day = datetime.strptime(request.query_params.get("day") or "", "%Y-%m-%d").date()
        except ValueError as exc:
            raise ValidationError({"day": ["日期格式应为 YYYY-MM-DD。"]}) from exc
        errors = check_bookable(area=area, day=day, now=timezone.now())
        if errors:
            raise ValidationError(errors)
        rows = slot_table(area=area, day=day)
        return Response({"day": day, "slots": [{"slot": s.strftime("%H:%M"), "left": left} for s, left in rows]})


class AppointmentsView(FloorAPIView):
    permission_classes = [IsApplicantOrStaff]

    @extend_schema(responses=AppointmentSerializer(many=True), summary="我的预约（工作人员：今日起全部）")
    def get(self, request):
        rows = Appointment.objects.select_related("area", "ticket")
        if staff_profile_of(request.user) is None and not request.user.is_superuser:
            rows = rows.filter(user=request.user)
        return Response(AppointmentSerializer(rows.order_by("-day", "-slot")[:100], many=True).data)

    @extend_schema(request=BookIn, responses={201: AppointmentSerializer}, summary="预约")
    def post(self, request):
        data = _valid(BookIn, request)
        area = BusinessArea.objects.filter(code=data["area"], is_active=True).first()
        staff = staff_profile_of(request.user) is not None
        appointment = services.appointment_book(
            area=area,
            day=data["day"],
            slot=data["slot"],
            name=data["name"],
            id_number=data["id_number"],
            phone=data.get("phone") or "",
            item=_item(data.get("item")),
            user=None if staff else request.user,
            by=request.user,
            channel=AppointmentChannel.STAFF if staff else AppointmentChannel.PORTAL,
        )
        return Response(AppointmentSerializer(appointment).data, status=201)


class CheckInView(FloorAPIView):
    permission_classes = [IsDevice | IsStaff]
    device_kinds = (DeviceKind.KIOSK,)

    @extend_schema(request=CodeIn, responses={201: QueueTicketSerializer}, summary="预约签到（取号机），转为优先号")
    def post(self, request):
        data = _valid(CodeIn, request)
        appointment = services.appointment_check_in(code=data["code"], by=request.user)
        return Response(QueueTicketSerializer(appointment.ticket).data, status=201)


# ------------------------------------------------------------------ lockers


class DropOffView(FloorAPIView):
    permission_classes = [IsDevice]
    device_kinds = (DeviceKind.LOCKER, DeviceKind.KIOSK)

    @extend_schema(request=DropOffIn, responses={201: LOCKER_OUT}, summary="投递申请材料（开空柜）")
    def post(self, request):
        data = _valid(DropOffIn, request)
        parcel, code = services.locker_drop_off(
            applicant_name=data["applicant_name"],
            phone=data.get("phone") or "",
            item=_item(data.get("item")),
            note=data.get("note") or "",
        )
        return Response({"locker": parcel.locker.number, "reference": parcel.reference, "code": code}, status=201)


class PickupView(FloorAPIView):
    permission_classes = [IsDevice]
    device_kinds = (DeviceKind.LOCKER, DeviceKind.KIOSK)

    @extend_schema(request=CodeIn, responses=LOCKER_OUT, summary="凭取件码开柜取件")
    def post(self, request):
        parcel = services.locker_pickup(code=_valid(CodeIn, request)["code"])
        return Response({"locker": parcel.locker.number, "reference": parcel.reference})


class TakeInView(FloorAPIView):
    permission_classes = [IsStaff]

    @extend_schema(request=None, responses=LOCKER_OUT, summary="工作人员开柜取出投递材料")
    def post(self, request, pk):
        parcel = services.parcel_take_in(parcel=get_object_or_404(LockerParcel, pk=pk), by=request.user)
        return Response({"locker": parcel.locker.number, "reference": parcel.reference})


class PutResultView(FloorAPIView):
    permission_classes = [IsStaff]
    error_codes = (404,)  # the case named in the body does not exist or is not visible

    @extend_schema(request=CaseIn, responses={201: LOCKER_OUT}, summary="办理结果入柜（取件码短信发送并返回）")
    def post(self, request):
        number = _valid(CaseIn, request)["case"]
        case = Case.objects.filter(number=number).first()
        if case is None:
            return Response({"detail": "办件不存在。", "code": "not_found"}, status=404)
        parcel, code = services.locker_put_result(case=case, by=request.user)
        return Response({"locker": parcel.locker.number, "reference": parcel.reference, "code": code}, status=201)
