"""REST: ratings (scoped list and the national exchange shape), tickets (scoped), complaints (filed
by an applicant's token)."""

from django.utils.dateparse import parse_date
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from approvals.models import Case
from evaluations import selectors, services
from evaluations.constants import ComplaintSource, OccasionKind, RatingChannel, Score, TicketKind, TicketState
from evaluations.exchange import exchange_record
from evaluations.models import Complaint, Rating, Ticket


class RatingSerializer(serializers.ModelSerializer):
    score_display = serializers.CharField(source="get_score_display")
    case = serializers.SlugRelatedField(slug_field="number", read_only=True)
    item = serializers.SlugRelatedField(slug_field="code", read_only=True)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    window = serializers.SlugRelatedField(slug_field="number", read_only=True)
    kind = serializers.ChoiceField(choices=OccasionKind.choices)
    channel = serializers.ChoiceField(choices=RatingChannel.choices)
    score = serializers.ChoiceField(choices=Score.choices)

    class Meta:
        model = Rating
        fields = [
            "id",
            "kind",
            "channel",
            "score",
            "score_display",
            "indicators",
            "bad_indicator",
            "reason",
            "anonymous",
            "case",
            "item",
            "department",
            "window",
            "rated_at",
        ]
        read_only_fields = fields


def _filtered(request, qs):
    p = request.query_params
    if p.get("department"):
        qs = qs.filter(department__code=p["department"])
    if p.get("window"):
        qs = qs.filter(window__number=p["window"])
    if p.get("score", "").isdigit():
        qs = qs.filter(score=int(p["score"]))
    if since := parse_date(p.get("since") or "") if p.get("since") else None:
        qs = qs.filter(rated_at__date__gte=since)
    if until := parse_date(p.get("until") or "") if p.get("until") else None:
        qs = qs.filter(rated_at__date__lte=until)
    return qs


FILTERS = [
    OpenApiParameter("department", str, description="部门编码"),
    OpenApiParameter("window", str, description="窗口号"),
    OpenApiParameter("score", int, description="评价等级 1–5"),
    OpenApiParameter("since", str, description="起始日期 YYYY-MM-DD"),
    OpenApiParameter("until", str, description="截止日期 YYYY-MM-DD"),
]


class RatingList(generics.ListAPIView):
    """好差评：按权限范围（督查/管理员全部；部门人员本部门；窗口人员本窗口；申请人本人）。"""

    serializer_class = RatingSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    @extend_schema(parameters=FILTERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return _filtered(self.request, selectors.ratings_visible_to(self.request.user)).order_by("-rated_at", "-id")


class ExchangeRecord(serializers.Serializer):
    evaluateId = serializers.CharField()
    evaluateLevel = serializers.IntegerField()
    evaluateLevelName = serializers.CharField()
    indicators = serializers.ListField(child=serializers.DictField())
    badIndicator = serializers.CharField(allow_null=True)
    badReason = serializers.CharField(allow_null=True)
    evaluateType = serializers.CharField()
    channel = serializers.CharField()
    channelName = serializers.CharField()
    taskCode = serializers.CharField(allow_null=True)
    taskName = serializers.CharField(allow_null=True)
    projectNo = serializers.CharField(allow_null=True)
    deptCode = serializers.CharField(allow_null=True)
    deptName = serializers.CharField(allow_null=True)
    windowNo = serializers.CharField(allow_null=True)
    anonymous = serializers.BooleanField()
    evaluateTime = serializers.DateTimeField()


class RatingExchange(generics.ListAPIView):
    """好差评数据交换：全国一体化平台好差评数据格式（JSON），分页。"""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ExchangeRecord
    filter_backends = []

    @extend_schema(parameters=FILTERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = selectors.ratings_visible_to(self.request.user).order_by("rated_at", "id")
        return _filtered(self.request, qs)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([exchange_record(r) for r in page])


class RectificationTicketSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=TicketKind.choices)
    state = serializers.ChoiceField(choices=TicketState.choices)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    window = serializers.SlugRelatedField(slug_field="number", read_only=True)
    level = serializers.CharField()

    class Meta:
        model = Ticket
        fields = [
            "id",
            "kind",
            "state",
            "level",
            "department",
            "window",
            "real_name",
            "opened_at",
            "deadline_at",
            "warn_at",
            "callback_at",
            "verdict",
            "response",
            "plan_due",
            "reviewed_at",
            "closed_at",
        ]
        read_only_fields = fields


class TicketList(generics.ListAPIView):
    """差评整改与投诉工单（按权限范围）。"""

    serializer_class = RectificationTicketSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        return selectors.tickets_visible_to(self.request.user).order_by("deadline_at", "id")


class ComplaintIn(serializers.Serializer):
    subject = serializers.CharField(max_length=100)
    content = serializers.CharField()
    case = serializers.CharField(required=False, allow_blank=True, help_text="本人的办件编号（可选）")


class ComplaintOut(serializers.ModelSerializer):
    ticket = serializers.IntegerField(source="ticket.pk")
    deadline_at = serializers.DateTimeField(source="ticket.deadline_at")
    source = serializers.ChoiceField(choices=ComplaintSource.choices)

    class Meta:
        model = Complaint
        fields = ["id", "source", "subject", "content", "received_at", "ticket", "deadline_at"]


class ComplaintCreate(APIView):
    """网上投诉：申请人本人提交，当日办结。"""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=ComplaintIn, responses={201: ComplaintOut})
    def post(self, request):
        data = ComplaintIn(data=request.data)
        data.is_valid(raise_exception=True)
        number = data.validated_data.get("case")
        case = None
        if number:
            case = Case.objects.filter(number=number, applicant_user=request.user).first()
            if case is None:
                raise serializers.ValidationError({"case": ["没有找到您的这个办件。"]})
        complaint = services.complaint_file(
            source=ComplaintSource.PORTAL,
            subject=data.validated_data["subject"],
            content=data.validated_data["content"],
            case=case,
            by=request.user,
        )
        return Response(ComplaintOut(complaint).data, status=201)
