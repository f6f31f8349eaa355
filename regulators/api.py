"""REST of 审管互动: handoffs for the regulating department's staff (session or token) and for
the regulator's own system (`Authorization: Regulator <token>`), which acknowledges receipt.

The webhook the hall posts to a regulator's system carries the same fields as a handoff here;
it is signed with HMAC-SHA256 (see regulators.webhooks for the headers).
"""

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import authentication, exceptions, generics, permissions, serializers
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from hall.api_pagination import HallPageNumberPagination
from regulators import selectors
from regulators.constants import AckChannel, HandoffKind
from regulators.models import Handoff, RegulatorEndpoint
from regulators.services.handoffs import handoff_acknowledge


class RegulatorTokenAuthentication(authentication.BaseAuthentication):
    """A regulator's own system: `Authorization: Regulator <token>` (token issued in the admin)."""

    keyword = "Regulator"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("监管部门系统令牌格式错误。")
        token = header[1].decode(errors="ignore")
        endpoint = (
            RegulatorEndpoint.objects.select_related("department")
            .filter(token_hash=RegulatorEndpoint.hash_token(token), is_active=True)
            .exclude(token_hash="")
            .first()
        )
        if endpoint is None:
            raise exceptions.AuthenticationFailed("监管部门系统令牌无效或已停用。")
        return AnonymousUser(), endpoint

    def authenticate_header(self, request):
        return self.keyword


class RegulatorTokenScheme(OpenApiAuthenticationExtension):
    target_class = "regulators.api.RegulatorTokenAuthentication"
    name = "regulatorToken"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization", "description": "Regulator <token>"}


WEBHOOK_DESCRIPTION = """监管部门可在本系统登记自己的接收地址（管理后台“监管部门系统对接”）。审批结果作出后，
本系统向该地址 POST 一条与本接口列表项字段相同的 JSON（另含 event、handoff_id、acknowledge_url），请求头：

- `X-Hall-Event: handoff`
- `X-Hall-Delivery: <投递编号>`（重试时不变，接收方据此去重）
- `X-Hall-Timestamp: <Unix 秒>`
- `X-Hall-Signature: sha256=<十六进制 HMAC-SHA256("<时间戳>." + 原始请求体, 共享密钥)>`

接收方以 2xx 表示收到；否则按 30 秒、60 秒、120 秒……指数退避重试，超过次数进入死信列表，由管理员重放。
收到后请调用 `POST /api/v1/regulators/handoffs/{id}/acknowledge/`（`Authorization: Regulator <令牌>`）签收。"""


def endpoint_of(request):
    return request.auth if isinstance(request.auth, RegulatorEndpoint) else None


class IsRegulatorSystemOrStaff(permissions.BasePermission):
    message = "仅限监管部门工作人员或监管部门系统。"

    def has_permission(self, request, view):
        if endpoint_of(request) is not None:
            return True
        user = request.user
        return bool(user and user.is_authenticated)


class HandoffResultSerializer(serializers.Serializer):
    kind = serializers.CharField()
    number = serializers.CharField()
    name = serializers.CharField(allow_blank=True)
    issued_at = serializers.CharField(allow_null=True)
    valid_until = serializers.CharField(allow_null=True)
    verification_code = serializers.CharField()


class HandoffMaterialSerializer(serializers.Serializer):
    requirement_id = serializers.IntegerField(required=False)
    name = serializers.CharField()
    required = serializers.BooleanField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    has_file = serializers.BooleanField()


class HandoffTimelineEntrySerializer(serializers.Serializer):
    at = serializers.CharField()
    action = serializers.CharField()
    label = serializers.CharField()
    note = serializers.CharField(allow_blank=True)


class HandoffSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=HandoffKind.choices)
    regulator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    case_number = serializers.CharField(source="summary.case_number")
    item_code = serializers.CharField(source="summary.item_code")
    item_name = serializers.CharField(source="summary.item_name")
    department = serializers.CharField(source="summary.department")
    applicant_name = serializers.CharField(source="summary.applicant_name")
    outcome_label = serializers.CharField(source="summary.outcome_label")
    decided_at = serializers.CharField(source="summary.decided_at", allow_null=True)
    result = HandoffResultSerializer(source="summary.result", allow_null=True)
    materials = HandoffMaterialSerializer(source="summary.materials", many=True)
    timeline = HandoffTimelineEntrySerializer(source="summary.timeline", many=True)
    acknowledged_via = serializers.ChoiceField(choices=AckChannel.choices, allow_blank=True)

    class Meta:
        model = Handoff
        fields = [
            "id",
            "kind",
            "regulator",
            "case_number",
            "item_code",
            "item_name",
            "department",
            "applicant_name",
            "outcome",
            "outcome_label",
            "decided_at",
            "reason",
            "result",
            "materials",
            "timeline",
            "created_at",
            "deadline_at",
            "warn_at",
            "acknowledged_at",
            "acknowledged_via",
            "ack_note",
        ]
        read_only_fields = fields


class AcknowledgeSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, help_text="签收意见（可选）")


def _handoffs(request):
    endpoint = endpoint_of(request)
    if endpoint is not None:
        return Handoff.objects.filter(regulator_id=endpoint.department_id).select_related("regulator")
    return selectors.handoffs_for(user=request.user)


def _handoff(request, pk):
    endpoint = endpoint_of(request)
    if endpoint is not None:
        return selectors.handoff_for_endpoint(endpoint=endpoint, pk=pk)
    return selectors.handoff_get(user=request.user, pk=pk)


AUTH = [RegulatorTokenAuthentication, *api_settings.DEFAULT_AUTHENTICATION_CLASSES]


class HandoffList(generics.ListAPIView):
    """审批结果推送 to the caller's department (staff) or to the calling regulator system."""

    serializer_class = HandoffSerializer
    authentication_classes = AUTH
    permission_classes = [IsRegulatorSystemOrStaff]
    pagination_class = HallPageNumberPagination

    def get_queryset(self):
        qs = _handoffs(self.request).order_by("-created_at", "-id")
        if self.request.query_params.get("waiting") in ("1", "true"):
            qs = qs.filter(acknowledged_at__isnull=True)
        return qs

    @extend_schema(
        summary="审批结果推送列表（监管部门）",
        description=WEBHOOK_DESCRIPTION,
        parameters=[OpenApiParameter("waiting", bool, description="只列出待签收的推送")],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class HandoffDetail(APIView):
    authentication_classes = AUTH
    permission_classes = [IsRegulatorSystemOrStaff]

    @extend_schema(summary="一条审批结果推送", responses=HandoffSerializer)
    def get(self, request, pk):
        return Response(HandoffSerializer(_handoff(request, pk)).data)


class HandoffAcknowledge(APIView):
    """签收: by the regulating department's staff or its own system; repeating it changes nothing."""

    authentication_classes = AUTH
    permission_classes = [IsRegulatorSystemOrStaff]

    @extend_schema(
        summary="签收审批结果推送",
        description="监管部门工作人员（会话或令牌）或监管部门系统（`Authorization: Regulator <令牌>`）签收；"
        "重复签收不改变首次签收的时间与方式。",
        request=AcknowledgeSerializer,
        responses=HandoffSerializer,
    )
    def post(self, request, pk):
        handoff = _handoff(request, pk)
        data = AcknowledgeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        endpoint = endpoint_of(request)
        handoff = handoff_acknowledge(
            handoff=handoff,
            by=None if endpoint else request.user,
            endpoint=endpoint,
            note=data.validated_data.get("note", ""),
        )
        return Response(HandoffSerializer(handoff).data)
