"""REST of 上门办: requests (applicant online, or the desk for a phone call), assign, take in on site."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.models import Item
from hall.constants import ApplicantType
from hall.parsing import parse_id
from homevisits import selectors, services
from homevisits.constants import Reason, VisitChannel, VisitStatus
from homevisits.models import HomeVisit

TAG = ["上门办"]


class VisitSerializer(serializers.ModelSerializer):
    item = serializers.SlugRelatedField(slug_field="code", read_only=True)
    case = serializers.SlugRelatedField(slug_field="number", read_only=True)
    assigned_to = serializers.SlugRelatedField(slug_field="username", read_only=True)
    reason = serializers.ChoiceField(choices=Reason.choices, read_only=True)
    channel = serializers.ChoiceField(choices=VisitChannel.choices, read_only=True)
    status = serializers.ChoiceField(choices=VisitStatus.choices, read_only=True)
    level = serializers.CharField(read_only=True, help_text="red / yellow / green / none")
    applicant_id_number = serializers.CharField(source="masked_id_number", read_only=True)
    applicant_phone = serializers.CharField(source="masked_phone", read_only=True)

    class Meta:
        model = HomeVisit
        fields = [
            "id",
            "number",
            "item",
            "applicant_name",
            "applicant_id_number",
            "applicant_phone",
            "address",
            "preferred_times",
            "reason",
            "reason_note",
            "channel",
            "status",
            "level",
            "assigned_to",
            "assigned_at",
            "due_at",
            "warn_at",
            "case",
            "visited_at",
            "created_at",
        ]
        read_only_fields = fields


class ApplicantInput(serializers.Serializer):
    type = serializers.ChoiceField(choices=ApplicantType.choices, default=ApplicantType.PERSON)
    name = serializers.CharField(max_length=100)
    id_number = serializers.CharField(max_length=30)
    phone = serializers.CharField(max_length=20)


class VisitInput(serializers.Serializer):
    item = serializers.SlugRelatedField(slug_field="code", queryset=Item.objects.filter(is_active=True))
    address = serializers.CharField(max_length=200)
    preferred_times = serializers.CharField(max_length=200)
    reason = serializers.ChoiceField(choices=Reason.choices)
    reason_note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    applicant = ApplicantInput(required=False, help_text="窗口登记电话预约时填写；申请人本人网上申请时不填")


class VisitAssignInput(serializers.Serializer):
    staff = serializers.CharField(max_length=150, help_text="上门人员的用户名")


class TakeInInput(serializers.Serializer):
    materials = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


def _visit(request, pk):
    return selectors.visits_visible_to(request.user).filter(pk=parse_id(pk)).first() or selectors.visit_get(
        user=request.user, pk=None
    )


class VisitList(generics.ListAPIView):
    serializer_class = VisitSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    @extend_schema(summary="上门办申请列表", tags=TAG)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.visits_visible_to(self.request.user).order_by("-created_at", "-id")

    @extend_schema(
        summary="申请上门办（申请人本人，或窗口登记电话预约）",
        tags=TAG,
        request=VisitInput,
        responses={201: VisitSerializer},
    )
    def post(self, request):
        body = VisitInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        applicant = data.pop("applicant", None)
        visit = services.visit_request(by=request.user, applicant=applicant, **data)
        return Response(VisitSerializer(_visit(request, visit.pk)).data, status=status.HTTP_201_CREATED)


class VisitDetail(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(summary="上门办详情", tags=TAG, responses={200: VisitSerializer})
    def get(self, request, pk):
        return Response(VisitSerializer(_visit(request, pk)).data)


class VisitAssign(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(summary="派单", tags=TAG, request=VisitAssignInput, responses={200: VisitSerializer})
    def post(self, request, pk):
        visit = _visit(request, pk)
        body = VisitAssignInput(data=request.data)
        body.is_valid(raise_exception=True)
        staff = get_user_model().objects.filter(username=body.validated_data["staff"]).first()
        if staff is None:
            raise ValidationError({"staff": ["没有这个用户。"]})
        services.visit_assign(visit=visit, by=request.user, staff=staff)
        return Response(VisitSerializer(_visit(request, pk)).data)


class VisitTakeIn(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="上门收件（登记办件，材料记为上门收取）",
        tags=TAG,
        request=TakeInInput,
        responses={200: VisitSerializer},
    )
    def post(self, request, pk):
        visit = _visit(request, pk)
        body = TakeInInput(data=request.data)
        body.is_valid(raise_exception=True)
        services.visit_take_in(visit=visit, by=request.user, **body.validated_data)
        return Response(VisitSerializer(_visit(request, pk)).data)
