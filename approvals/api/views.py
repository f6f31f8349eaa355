"""Case endpoints: validate the input, call one selector or service, serialize the answer.

Errors come out through hall.api_errors: a case the user may not see is 404, a role or
department that may not act is 403 (the service's PermissionDenied), a state that does not
allow the action is 409, bad input is 400 with field messages, an oversized upload is 413.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from approvals import selectors, services
from approvals.api import serializers as ser
from approvals.api.filters import case_filters
from audit import services as audit
from catalog.models import Item
from hall.selectors import staff_profile_of

TAG = ["办件"]
NUMBER = OpenApiParameter("number", str, OpenApiParameter.PATH, description="办件编号")


def is_applicant(user):
    return staff_profile_of(user) is None and not user.is_superuser


def detail_response(request, number, *, status_code=status.HTTP_200_OK):
    case = selectors.case_detail(user=request.user, number=number)
    if is_applicant(request.user):
        case.event_rows = [e for e in case.event_rows if e.public]
    data = ser.CaseDetailSerializer(case, context={"request": request}).data
    if ser.sees_personal_data(request.user, case):  # audit: full ID number and phone shown
        audit.record_case_view(request=request, case=case, view="api-case-detail", full=True)
    return Response(data, status=status_code)


def after_action(request, case):
    """The case as it is now; if the action moved it out of the user's sight, just its state."""
    try:
        return detail_response(request, case.number)
    except Http404:
        return Response({"number": case.number, "state": case.state})


class CaseListCreateView(generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = ser.CaseListSerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.case_list(user=self.request.user, filters=case_filters(self.request.query_params))

    @extend_schema(
        summary="办件列表（按可见范围；可按状态、部门、事项、预警等级、窗口、日期筛选）",
        tags=TAG,
        parameters=[ser.CaseListQuerySerializer],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="登记办件（窗口人员代申请人登记；申请人本人账号网上申请，申请人信息取自账号）",
        description=(
            "申请人网上申请先保存为草稿（draft=true），逐项上传必要材料（POST materials/）后调用 submit 提交；"
            "draft=false 时仅当必要材料已齐全（事项没有必要材料）才直接提交，否则返回 400 并列明缺少的材料，"
            "不登记办件。"
        ),
        tags=TAG,
        request=ser.CaseCreateSerializer,
        responses={201: ser.CaseDetailSerializer},
    )
    def post(self, request, *args, **kwargs):
        body = ser.CaseCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        item = Item.objects.select_related("department").filter(code=data["item"]).first()
        if item is None:
            raise ValidationError({"item": [_("事项不存在：%(code)s。") % {"code": data["item"]}]})
        if is_applicant(request.user):
            # An applicant applies for themselves, online, as their account says. The case starts
            # as a draft; draft=false submits it at once, which case_submit refuses (400, nothing
            # created) while a required material has no file — upload into a draft, then submit.
            try:
                case = services.case_create(item=item, channel="online", by=request.user, draft=data["draft"])
            except DjangoValidationError as exc:
                materials = getattr(exc, "error_dict", {}).get("materials")
                if data["draft"] or not materials:
                    raise
                hint = _("请先保存为草稿（draft=true），上传必要材料后再提交。")
                raise ValidationError({"materials": [*exc.message_dict["materials"], hint]}) from exc
        else:
            if "applicant" not in data:
                raise ValidationError({"applicant": [_("请填写申请人信息。")]})
            case = services.case_create(
                item=item, channel=data.get("channel") or "window", applicant=data["applicant"], by=request.user
            )
        return detail_response(request, case.number, status_code=status.HTTP_201_CREATED)


class CaseDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="办件详情（状态、预警等级、时限、材料、时间线）",
        tags=TAG,
        parameters=[NUMBER],
        responses=ser.CaseDetailSerializer,
    )
    def get(self, request, number):
        return detail_response(request, number)


class CaseEventsView(generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = ser.CaseEventSerializer
    filter_backends = []
    pagination_class = None

    def get_queryset(self):
        case = selectors.case_get_visible(user=self.request.user, number=self.kwargs["number"])
        return selectors.case_events(case=case, public_only=is_applicant(self.request.user))

    @extend_schema(summary="办件时间线（事件日志，系统操作的操作人为 null）", tags=TAG, parameters=[NUMBER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class CaseMaterialsView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        summary="收取材料：上传文件（multipart：requirement + file），或登记纸质材料（JSON：requirement + paper）",
        tags=TAG,
        parameters=[NUMBER],
        request={"multipart/form-data": ser.MaterialInSerializer, "application/json": ser.MaterialInSerializer},
        responses={201: ser.CaseMaterialSerializer},
    )
    def post(self, request, number):
        body = ser.MaterialInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        case = selectors.case_get_visible(user=request.user, number=number)
        try:
            material = services.case_record_material(
                case=case,
                requirement_id=data["requirement"],
                file=data.get("file"),
                paper=data.get("paper"),
                status=data.get("status"),
                note=data["note"],
                by=request.user,
            )
        except services.UploadTypeNotAllowed as exc:
            raise ValidationError({"file": exc.messages}) from exc
        return Response(ser.CaseMaterialSerializer(material).data, status=status.HTTP_201_CREATED)


class CaseActionView(APIView):
    """POST cases/{number}/{action}/: one subclass per action name of DESIGN.md §4."""

    permission_classes = [IsAuthenticated]
    body_serializer = ser.NoteSerializer

    @staticmethod
    def perform(case, data, user):  # pragma: no cover - every subclass sets it
        raise NotImplementedError

    def post(self, request, number):
        body = self.body_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        case = selectors.case_get_visible(user=request.user, number=number)
        case = self.perform(case, body.validated_data, request.user)
        return after_action(request, case)


def _note(fn):
    return lambda case, data, user: fn(case=case, by=user, note=data["note"])


def _deliver(case, data, user):
    return services.case_deliver(case=case, by=user, **data)


def _issue(case, data, user):
    return services.case_issue(case=case, by=user, **data)


def _choose_delivery(case, data, user):
    services.case_choose_delivery(case=case, by=user, **data)
    return case  # not a state change: the detail response re-reads the case


# name: (body serializer, service call, summary)
ACTIONS = {
    "submit": (ser.NoteSerializer, lambda c, d, u: services.case_submit(case=c, by=u), "申请人提交网上申请"),
    "take-in": (ser.NoteSerializer, _note(services.case_take_in), "网上申请预审收件"),
    "request-supplement": (
        ser.RequestSupplementSerializer,
        lambda c, d, u: services.case_request_supplement(case=c, materials=d["materials"], note=d["note"], by=u),
        "出具一次性告知书（列明全部需补正材料）",
    ),
    "supplement": (ser.NoteSerializer, _note(services.case_supplement), "补正材料已收齐，回到已收件"),
    "refuse": (
        ser.ReasonSerializer,
        lambda c, d, u: services.case_refuse(case=c, reason=d["reason"], by=u),
        "不予受理（须说明理由）",
    ),
    "dispatch": (ser.NoteSerializer, _note(services.case_dispatch), "推送部门（必要材料须已收齐）"),
    "acknowledge": (ser.NoteSerializer, _note(services.case_acknowledge), "部门受理确认"),
    "return": (
        ser.ReasonSerializer,
        lambda c, d, u: services.case_return(case=c, reason=d["reason"], by=u),
        "部门退回综合受理窗口（须说明理由）",
    ),
    "accept-on-the-spot": (ser.NoteSerializer, _note(services.case_accept_on_the_spot), "即办件当场受理"),
    "advance": (ser.NoteSerializer, _note(services.case_advance), "进入下一审查环节"),
    "suspend": (
        ser.SuspendSerializer,
        lambda c, d, u: services.case_suspend(case=c, kind=d["kind"], reason=d["reason"], by=u),
        "中止计时（特别程序）",
    ),
    "resume": (ser.NoteSerializer, _note(services.case_resume), "恢复计时"),
    "decide": (
        ser.DecideSerializer,
        lambda c, d, u: services.case_decide(case=c, outcome=d["outcome"], reason=d["reason"], by=u),
        "作出准予或不予许可决定",
    ),
    "issue": (ser.IssueSerializer, _issue, "制证出件（结果送至出件窗口）"),
    "deliver": (ser.DeliverSerializer, _deliver, "送达办结（窗口领取、邮寄或电子送达）"),
    "choose-delivery": (
        ser.ChooseDeliverySerializer,
        _choose_delivery,
        "申请人选择结果领取方式（邮寄须填收件人、电话和地址）",
    ),
    "withdraw": (
        ser.ReasonSerializer,
        lambda c, d, u: services.case_withdraw(case=c, reason=d["reason"], by=u),
        "撤回申请",
    ),
}


def _action_view(name, body, call, summary):
    def post(self, request, number):
        return CaseActionView.post(self, request, number)

    post = extend_schema(
        summary=summary,
        tags=TAG,
        operation_id=f"cases_{name.replace('-', '_')}",
        parameters=[NUMBER],
        request=body,
        responses={200: ser.CaseDetailSerializer, 400: None, 403: None, 404: None, 409: None},
    )(post)
    class_name = "Case" + "".join(part.title() for part in name.split("-")) + "View"
    return type(class_name, (CaseActionView,), {"body_serializer": body, "perform": staticmethod(call), "post": post})


ACTION_VIEWS = {name: _action_view(name, *spec) for name, spec in ACTIONS.items()}
