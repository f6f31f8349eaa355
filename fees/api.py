"""REST of 一个窗口收费: quote, charge at the window or online, confirm, refund; charges scoped by case."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from approvals.selectors import case_get_visible
from fees import selectors, services
from fees.constants import ChargeStatus, FeeBasis, PaymentMethod
from fees.models import Charge

TAG = ["一个窗口收费"]


class ChargeSerializer(serializers.ModelSerializer):
    case = serializers.SlugRelatedField(slug_field="number", read_only=True)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    window = serializers.SlugRelatedField(slug_field="number", read_only=True)
    basis = serializers.ChoiceField(choices=FeeBasis.choices, read_only=True)
    method = serializers.ChoiceField(choices=PaymentMethod.choices, read_only=True)
    status = serializers.ChoiceField(choices=ChargeStatus.choices, read_only=True)
    receipt_url = serializers.SerializerMethodField()

    class Meta:
        model = Charge
        fields = [
            "number",
            "case",
            "department",
            "basis",
            "quantity",
            "unit_amount",
            "amount",
            "method",
            "reference",
            "provider_reference",
            "pay_url",
            "status",
            "window",
            "created_at",
            "paid_at",
            "refund_reason",
            "refunded_at",
            "receipt_url",
        ]
        read_only_fields = fields

    def get_receipt_url(self, obj) -> str:
        return f"/fees/receipts/{obj.number}/"


class QuoteSerializer(serializers.Serializer):
    basis = serializers.ChoiceField(choices=FeeBasis.choices)
    unit_amount = serializers.DecimalField(max_digits=10, decimal_places=2)
    quantity = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    unit_name = serializers.CharField()


class ChargeInput(serializers.Serializer):
    method = serializers.ChoiceField(
        choices=PaymentMethod.choices, help_text="现金/银行卡/扫码在窗口登记；online 经网上支付平台"
    )
    quantity = serializers.IntegerField(min_value=1, max_value=100000, default=1)
    reference = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")


class RefundInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class ChargeList(generics.ListAPIView):
    """收费记录（与办件同一权限范围）。"""

    serializer_class = ChargeSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    @extend_schema(summary="收费记录列表", tags=TAG)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.charges_visible_to(self.request.user).order_by("-created_at", "-id")


class ChargeDetail(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(summary="收费记录（票据）", tags=TAG, responses={200: ChargeSerializer})
    def get(self, request, receipt):
        return Response(ChargeSerializer(selectors.charge_get(user=request.user, number=receipt)).data)


class CaseQuote(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="按事项收费标准计算应收金额",
        tags=TAG,
        parameters=[OpenApiParameter("quantity", int, description="数量（按数量计收时）")],
        responses={200: QuoteSerializer},
    )
    def get(self, request, number):
        case = case_get_visible(user=request.user, number=number)
        raw = request.query_params.get("quantity") or "1"
        if not (raw.isascii() and raw.isdigit()):
            raise ValidationError({"quantity": ["数量须为正整数。"]})
        quote = services.fee_quote(item=case.item, quantity=int(raw))
        return Response(QuoteSerializer(quote.__dict__).data)


class CaseCharge(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="收费：窗口登记（现金/银行卡/扫码）或发起网上支付",
        tags=TAG,
        request=ChargeInput,
        responses={201: ChargeSerializer},
    )
    def post(self, request, number):
        case = case_get_visible(user=request.user, number=number)
        body = ChargeInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if data["method"] == PaymentMethod.ONLINE:
            charge = services.charge_start_online(case=case, by=request.user, quantity=data["quantity"])
        else:
            charge = services.charge_at_window(case=case, by=request.user, **data)
        return Response(ChargeSerializer(charge).data, status=status.HTTP_201_CREATED)


class ChargeConfirm(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="查询网上支付结果（已支付则记为已收费）", tags=TAG, request=None, responses={200: ChargeSerializer}
    )
    def post(self, request, receipt):
        charge = selectors.charge_get(user=request.user, number=receipt)
        return Response(ChargeSerializer(services.charge_confirm_online(charge=charge, by=request.user)).data)


class ChargeRefund(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(summary="退款（须说明理由）", tags=TAG, request=RefundInput, responses={200: ChargeSerializer})
    def post(self, request, receipt):
        charge = selectors.charge_get(user=request.user, number=receipt)
        body = RefundInput(data=request.data)
        body.is_valid(raise_exception=True)
        charge = services.charge_refund(charge=charge, by=request.user, reason=body.validated_data["reason"])
        return Response(ChargeSerializer(charge).data)
