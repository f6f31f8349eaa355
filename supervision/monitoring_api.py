"""REST for 电子监察: findings (scoped like the pages), explanation, review and monthly tallies."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from hall.parsing import parse_id
from supervision import monitoring
from supervision import monitoring_selectors as selectors
from supervision.monitoring_models import Finding, FindingLevel, FindingStatus

TAG = ["电子监察"]


class FindingSerializer(serializers.ModelSerializer):
    case = serializers.CharField(source="case.number", read_only=True)
    department = serializers.CharField(source="department.name", read_only=True)
    staff = serializers.CharField(source="staff.username", read_only=True, allow_null=True, default=None)
    rule_display = serializers.CharField(source="get_rule_display", read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Finding
        fields = [
            "id",
            "rule",
            "rule_display",
            "case",
            "department",
            "staff",
            "level",
            "level_display",
            "status",
            "status_display",
            "detail",
            "raised_at",
            "escalate_at",
            "escalated_at",
            "explanation",
            "explained_at",
            "review_note",
            "reviewed_at",
        ]
        read_only_fields = fields


class ExplainSerializer(serializers.Serializer):
    explanation = serializers.CharField(allow_blank=True, max_length=4000)


class ReviewSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class TallySerializer(serializers.Serializer):
    department_id = serializers.IntegerField()
    department__name = serializers.CharField()
    warnings = serializers.IntegerField()
    yellow = serializers.IntegerField()
    red = serializers.IntegerField()


class FindingListView(generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = FindingSerializer
    filter_backends = []

    def get_queryset(self):
        params = self.request.query_params
        status = params.get("status")
        level = params.get("level")
        if status and status not in FindingStatus.values:
            raise ValidationError({"status": ["未知的状态。"]})
        if level and level not in FindingLevel.values:
            raise ValidationError({"level": ["未知的等级。"]})
        return selectors.findings_for(user=self.request.user, status=status, level=level)

    @extend_schema(
        summary="电子监察发现（督查看全部，部门人员看本部门）",
        tags=TAG,
        parameters=[
            OpenApiParameter("status", str, enum=FindingStatus.values),
            OpenApiParameter("level", str, enum=FindingLevel.values),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def _finding(request, pk):
    return selectors.finding_get(user=request.user, pk=parse_id(pk))


class FindingExplainView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="提交情况说明（本部门人员）",
        tags=TAG,
        request=ExplainSerializer,
        responses={200: FindingSerializer},
    )
    def post(self, request, pk):
        finding = _finding(request, pk)
        body = ExplainSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            finding = monitoring.finding_explain(
                finding=finding, text=body.validated_data["explanation"], by=request.user
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return Response(FindingSerializer(finding).data)


class FindingReviewView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="审核情况说明：采纳（撤销）或维持（督查人员）",
        tags=TAG,
        request=ReviewSerializer,
        responses={200: FindingSerializer},
    )
    def post(self, request, pk):
        finding = _finding(request, pk)
        body = ReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            finding = monitoring.finding_review(finding=finding, by=request.user, **body.validated_data)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return Response(FindingSerializer(finding).data)


class TalliesView(APIView):
    permission_classes = [IsAuthenticated]
    error_codes = (404,)  # roles outside 电子监察: as if it did not exist

    @extend_schema(summary="本月各部门亮牌统计", tags=TAG, responses={200: TallySerializer(many=True)})
    def get(self, request):
        return Response(TallySerializer(selectors.monthly_card_tallies(user=request.user), many=True).data)
