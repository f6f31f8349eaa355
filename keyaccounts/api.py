"""REST of 绿色通道: key accounts (listed to windows and supervisors, marked by the hall admin),
their follow-ups, and the dedicated window's queue."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from approvals.selectors import case_get_visible
from hall.constants import WindowKind
from hall.identity import mask_id_number
from hall.models import Window
from hall.parsing import parse_id
from keyaccounts import selectors, services
from keyaccounts.models import FollowUp, KeyAccount

TAG = ["绿色通道（业务大户室）"]


class AccountSerializer(serializers.ModelSerializer):
    window = serializers.SlugRelatedField(slug_field="number", read_only=True)
    credit_code = serializers.SerializerMethodField()

    class Meta:
        model = KeyAccount
        fields = ["id", "name", "credit_code", "window", "contact_name", "services", "is_active", "created_at"]
        read_only_fields = fields

    def get_credit_code(self, obj) -> str:
        return mask_id_number(obj.credit_code)


class AccountInput(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    credit_code = serializers.CharField(max_length=30)
    window = serializers.SlugRelatedField(
        slug_field="number",
        queryset=Window.objects.filter(is_active=True).exclude(kind=WindowKind.COMPLETED_ITEM),
        required=False,
        allow_null=True,
        default=None,
    )
    contact_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    contact_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    services = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class FollowUpSerializer(serializers.ModelSerializer):
    case = serializers.SlugRelatedField(slug_field="number", read_only=True)
    method = serializers.ChoiceField(choices=FollowUp.Method.choices, read_only=True)
    by = serializers.CharField(source="by.username", read_only=True)

    class Meta:
        model = FollowUp
        fields = ["id", "method", "at", "by", "case", "summary", "issues", "next_steps"]
        read_only_fields = fields


class FollowUpInput(serializers.Serializer):
    method = serializers.ChoiceField(choices=FollowUp.Method.choices)
    summary = serializers.CharField(max_length=4000)
    issues = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    next_steps = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    case = serializers.CharField(max_length=40, required=False, allow_blank=True, default="", help_text="相关办件编号")


class QueueCaseSerializer(serializers.Serializer):
    number = serializers.CharField()
    item = serializers.CharField(source="item.name")
    applicant_name = serializers.CharField()
    state = serializers.CharField()
    created_at = serializers.DateTimeField()


class AccountList(generics.ListAPIView):
    serializer_class = AccountSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    @extend_schema(summary="重点企业名录", tags=TAG)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.accounts_visible_to(self.request.user).order_by("name", "id")

    @extend_schema(
        summary="登记重点企业（大厅管理员）", tags=TAG, request=AccountInput, responses={201: AccountSerializer}
    )
    def post(self, request):
        body = AccountInput(data=request.data)
        body.is_valid(raise_exception=True)
        account = services.account_save(by=request.user, **body.validated_data)
        return Response(AccountSerializer(account).data, status=status.HTTP_201_CREATED)


class AccountFollowUps(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(summary="重点企业的回访记录", tags=TAG, responses={200: FollowUpSerializer(many=True)})
    def get(self, request, pk):
        account = selectors.account_get(user=request.user, pk=parse_id(pk))
        return Response(FollowUpSerializer(account.followups.select_related("by", "case"), many=True).data)

    @extend_schema(summary="登记回访", tags=TAG, request=FollowUpInput, responses={201: FollowUpSerializer})
    def post(self, request, pk):
        account = selectors.account_get(user=request.user, pk=parse_id(pk))
        body = FollowUpInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        number = data.pop("case")
        case = case_get_visible(user=request.user, number=number) if number else None
        followup = services.followup_record(account=account, by=request.user, case=case, **data)
        return Response(FollowUpSerializer(followup).data, status=status.HTTP_201_CREATED)


class WindowQueue(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="本窗口（业务大户室）的重点企业办件", tags=TAG, responses={200: QueueCaseSerializer(many=True)}
    )
    def get(self, request):
        return Response(QueueCaseSerializer(selectors.window_queue(user=request.user)[:200], many=True).data)
