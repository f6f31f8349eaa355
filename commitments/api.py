"""REST: commitments, letters, rectifications, 失信名单 (public list + staff actions), revocation
and the supervision counts. Validate → call a service or selector → serialize."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, permissions, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from approvals.selectors import case_get_visible
from commitments import selectors, services
from commitments.constants import CommitmentStatus, Level, SignedVia
from commitments.models import Commitment, CommitmentLetter, CreditListing, Rectification

TAG = ["告知承诺"]


class RectificationSerializer(serializers.ModelSerializer):
    commitment = serializers.IntegerField(source="commitment_id", read_only=True)
    case = serializers.CharField(source="commitment.case.number", read_only=True)
    level = serializers.SerializerMethodField()

    class Meta:
        model = Rectification
        fields = ["id", "commitment", "case", "status", "ordered_at", "due_at", "warn_at", "level", "closed_at"]
        read_only_fields = fields

    def get_level(self, row) -> str:
        from django.utils import timezone

        return row.level_at(timezone.now())


class CommitmentSerializer(serializers.ModelSerializer):
    case = serializers.CharField(source="case.number", read_only=True)
    item = serializers.CharField(source="item.code", read_only=True)
    department = serializers.CharField(source="department.code", read_only=True)
    level = serializers.CharField(read_only=True)
    rectification = serializers.SerializerMethodField()

    class Meta:
        model = Commitment
        fields = [
            "id",
            "case",
            "item",
            "department",
            "requirement_id",
            "name",
            "kind",
            "status",
            "started_at",
            "due_date",
            "due_at",
            "warn_at",
            "provisional",
            "level",
            "supplied_at",
            "supplied_via",
            "verified_at",
            "reject_reason",
            "fulfilled_at",
            "on_time",
            "rectification",
        ]
        read_only_fields = fields

    def get_rectification(self, row) -> RectificationSerializer(allow_null=True):
        rectification = getattr(row, "rectification", None) if hasattr(row, "rectification") else None
        return RectificationSerializer(rectification).data if rectification else None


class LetterSerializer(serializers.ModelSerializer):
    case = serializers.CharField(source="case.number", read_only=True)
    signed = serializers.BooleanField(read_only=True)

    class Meta:
        model = CommitmentLetter
        fields = [
            "case",
            "text",
            "text_sha256",
            "materials",
            "generated_at",
            "signed",
            "signed_via",
            "signer_name",
            "signer_id_masked",
            "signed_at",
            "onsite_checked_at",
            "onsite_note",
        ]
        read_only_fields = fields


class PublicListingSerializer(serializers.ModelSerializer):
    id_number = serializers.CharField(source="masked_id_number", read_only=True)
    department = serializers.CharField(source="department.name", read_only=True)
    item = serializers.CharField(source="case.item.name", read_only=True)
    in_publicity = serializers.SerializerMethodField()

    class Meta:
        model = CreditListing
        fields = [
            "id",
            "subject_type",
            "subject_name",
            "id_number",
            "department",
            "item",
            "reason",
            "listed_at",
            "publicity_ends_at",
            "in_publicity",
            "bars_until",
            "status",
        ]
        read_only_fields = fields

    def get_in_publicity(self, row) -> bool:
        return row.in_publicity()


class StaffListingSerializer(PublicListingSerializer):
    case = serializers.CharField(source="case.number", read_only=True)
    commitment = serializers.IntegerField(source="commitment_id", read_only=True, allow_null=True)

    class Meta(PublicListingSerializer.Meta):
        fields = [*PublicListingSerializer.Meta.fields, "case", "commitment", "repaired_at", "repair_note"]
        read_only_fields = fields


class CommitmentList(generics.ListAPIView):
    serializer_class = CommitmentSerializer

    @extend_schema(
        tags=TAG,
        summary="承诺事项列表（按可见办件限定）",
        parameters=[
            OpenApiParameter("status", enum=CommitmentStatus.values),
            OpenApiParameter("level", enum=Level.values),
            OpenApiParameter("department", str),
            OpenApiParameter("case", str),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.commitment_list(user=self.request.user, filters=self.request.query_params)


class CommitmentDetail(APIView):
    @extend_schema(tags=TAG, summary="承诺事项", responses=CommitmentSerializer)
    def get(self, request, pk):
        return Response(CommitmentSerializer(selectors.commitment_get(user=request.user, pk=pk)).data)


SupplyIn = inline_serializer(
    "CommitmentSupplyIn",
    {
        "file": serializers.FileField(required=False),
        "paper": serializers.BooleanField(required=False, default=False),
        "note": serializers.CharField(required=False, allow_blank=True),
    },
)


class CommitmentSupply(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    permission_classes = [permissions.IsAuthenticated]
    error_codes = ("409", "413")

    @extend_schema(
        tags=TAG, summary="补交承诺材料（网上上传或窗口登记纸质）", request=SupplyIn, responses=CommitmentSerializer
    )
    def post(self, request, pk):
        commitment = selectors.commitment_get(user=request.user, pk=pk)
        paper = str(request.data.get("paper", "")).lower() in ("1", "true", "on", "yes")
        row = services.commitment_supply(
            commitment=commitment,
            by=request.user,
            file=request.FILES.get("file"),
            paper=paper,
            note=str(request.data.get("note") or ""),
        )
        return Response(CommitmentSerializer(row).data)


class VerifyIn(serializers.Serializer):
    accept = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class CommitmentVerify(APIView):
    permission_classes = [permissions.IsAuthenticated]
    error_codes = ("409",)

    @extend_schema(
        tags=TAG, summary="核验补交材料（通过或退回并说明理由）", request=VerifyIn, responses=CommitmentSerializer
    )
    def post(self, request, pk):
        commitment = selectors.commitment_get(user=request.user, pk=pk)
        data = _valid(VerifyIn, request)
        row = services.commitment_verify(commitment=commitment, by=request.user, **data)
        return Response(CommitmentSerializer(row).data)


class LetterDetail(APIView):
    permission_classes = [permissions.IsAuthenticated]
    error_codes = ("409",)

    @extend_schema(tags=TAG, summary="办件的告知承诺书", responses=LetterSerializer)
    def get(self, request, number):
        _case, letter = selectors.letter_get(user=request.user, number=number)
        if letter is None:
            from django.http import Http404

            raise Http404("该办件尚未生成告知承诺书。")
        return Response(LetterSerializer(letter).data)

    @extend_schema(
        tags=TAG, summary="生成（或按最新承诺材料重新生成）告知承诺书", request=None, responses=LetterSerializer
    )
    def post(self, request, number):
        case = case_get_visible(user=request.user, number=number)
        return Response(LetterSerializer(services.letter_prepare(case=case, by=request.user)).data)


class SignIn(serializers.Serializer):
    via = serializers.ChoiceField(choices=SignedVia.choices)
    signer_name = serializers.CharField(max_length=100)
    signer_id_number = serializers.CharField(max_length=18)
    text_sha256 = serializers.CharField(required=False, allow_blank=True, default="")


class LetterSign(APIView):
    permission_classes = [permissions.IsAuthenticated]
    error_codes = ("409",)

    @extend_schema(
        tags=TAG, summary="签署告知承诺书（网上：姓名+证件号码确认）", request=SignIn, responses=LetterSerializer
    )
    def post(self, request, number):
        case = case_get_visible(user=request.user, number=number)
        letter = services.letter_sign(case=case, by=request.user, **_valid(SignIn, request))
        return Response(LetterSerializer(letter).data)


class NoteIn(serializers.Serializer):
    note = serializers.CharField()


class OnsiteCheck(APIView):
    permission_classes = [permissions.IsAuthenticated]
    error_codes = ("409",)

    @extend_schema(tags=TAG, summary="登记出证前现场核查", request=NoteIn, responses=LetterSerializer)
    def post(self, request, number):
        case = case_get_visible(user=request.user, number=number)
        letter = services.onsite_check_record(case=case, by=request.user, **_valid(NoteIn, request))
        return Response(LetterSerializer(letter).data)


class RectificationList(generics.ListAPIView):
    serializer_class = RectificationSerializer

    @extend_schema(tags=TAG, summary="限期整改列表（按可见办件限定）")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.rectifications_visible_to(self.request.user).order_by("due_at", "id")


class ListingIn(serializers.Serializer):
    commitment = serializers.IntegerField()
    reason = serializers.CharField()


class CreditListingList(generics.ListCreateAPIView):
    """GET: the public 失信名单 (anyone). POST: a department lists a breached commitment's applicant."""

    serializer_class = PublicListingSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    error_codes = ("404", "409")

    @extend_schema(tags=TAG, summary="失信名单公示（公开）")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.listings_public()

    @extend_schema(tags=TAG, summary="列入失信名单", request=ListingIn, responses={201: StaffListingSerializer})
    def post(self, request, *args, **kwargs):
        data = _valid(ListingIn, request)
        commitment = selectors.commitment_get(user=request.user, pk=data["commitment"])
        listing = services.listing_create(commitment=commitment, by=request.user, reason=data["reason"])
        return Response(StaffListingSerializer(listing).data, status=status.HTTP_201_CREATED)


class CreditListingRepair(APIView):
    permission_classes = [permissions.IsAuthenticated]
    error_codes = ("409",)

    @extend_schema(tags=TAG, summary="信用修复（移出失信名单）", request=NoteIn, responses=StaffListingSerializer)
    def post(self, request, pk):
        listing = selectors.listing_get(user=request.user, pk=pk)
        listing = services.listing_repair(listing=listing, by=request.user, **_valid(NoteIn, request))
        return Response(StaffListingSerializer(listing).data)


class RevokeIn(serializers.Serializer):
    case = serializers.CharField()
    reason = serializers.CharField()


RevokeOut = inline_serializer(
    "RevocationOut",
    {
        "case": serializers.CharField(),
        "result": serializers.CharField(),
        "revoked_at": serializers.DateTimeField(),
        "reason": serializers.CharField(),
    },
)


class Revocation(APIView):
    permission_classes = [permissions.IsAuthenticated]
    error_codes = ("404", "409")

    @extend_schema(tags=TAG, summary="撤销许可决定（承诺未履行）", request=RevokeIn, responses=RevokeOut)
    def post(self, request):
        data = _valid(RevokeIn, request)
        case = case_get_visible(user=request.user, number=data["case"])
        result = services.decision_revoke(case=case, by=request.user, reason=data["reason"])
        return Response(
            {
                "case": case.number,
                "result": result.number,
                "revoked_at": result.revoked_at,
                "reason": result.revocation_reason,
            }
        )


CountsOut = inline_serializer(
    "CommitmentCounts",
    {
        "department": serializers.CharField(source="department__name"),
        "item": serializers.CharField(source="item__name"),
        "item_code": serializers.CharField(source="item__code"),
        **{
            name: serializers.IntegerField()
            for name in (
                "cases",
                "total",
                "fulfilled_on_time",
                "fulfilled_late",
                "open",
                "overdue",
                "rectifying",
                "breached",
                "listed",
                "repaired",
                "ordinary_limit_days",
            )
        },
        "average_days": serializers.FloatField(allow_null=True, help_text="承诺制从申请到出证的平均工作日"),
        "days_saved": serializers.FloatField(allow_null=True, help_text="较常规承诺时限节省的工作日"),
    },
    many=True,
)


class Counts(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(tags=TAG, summary="告知承诺监管统计（按部门和事项）", responses=CountsOut)
    def get(self, request):
        rows = selectors.supervision_counts(user=request.user)
        return Response(
            [
                {
                    "department": r["department__name"],
                    "item": r["item__name"],
                    "item_code": r["item__code"],
                    **{k: v for k, v in r.items() if "__" not in k},
                }
                for r in rows
            ]
        )


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
