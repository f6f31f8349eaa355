"""REST for 一件事 applications: list (scoped) and create, one with its cases, one pickup; the
merged material list of a chain. Errors go through hall.api_errors (404 for what the user may
not see, 403 for a role that may not act, 400 with Chinese field messages)."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from approvals.constants import Channel, PaperKind
from catalog.models import Chain
from chains import selectors, services
from chains.clock import countdown_text
from chains.constants import ApplicationState, NoticeKind, RunState
from chains.forms import files_from
from chains.models import ChainApplication
from hall.identity import mask_id_number, mask_phone
from hall.selectors import staff_profile_of

TAG = ["一件事"]
NUMBER = OpenApiParameter("number", str, OpenApiParameter.PATH, description="一件事编号")
CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="一件事编码")


class ApplicantSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["person", "organisation"])
    name = serializers.CharField(max_length=100)
    id_number = serializers.CharField(max_length=30)
    phone = serializers.CharField(max_length=20)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    contact_person = serializers.CharField(max_length=50, required=False, allow_blank=True)


class ChainApplicationCreateSerializer(serializers.Serializer):
    chain = serializers.SlugField(help_text="一件事编码")
    channel = serializers.ChoiceField(
        choices=Channel.choices,
        required=False,
        help_text="window（窗口登记）、agent（代办）；申请人本人账号一律为 online",
    )
    applicant = ApplicantSerializer(required=False, help_text="窗口/代办登记时必填；申请人本人账号取自账号")
    paper = serializers.DictField(
        child=serializers.ChoiceField(choices=PaperKind.choices),
        required=False,
        help_text="窗口收取的纸质材料：{材料名称: original|copy}（仅工作人员）",
    )
    form = serializers.DictField(child=serializers.CharField(max_length=200), required=False, help_text="合并申请表")


class ChainRunSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    item = serializers.CharField(source="item.code")
    item_name = serializers.CharField(source="item.name")
    department = serializers.CharField(source="item.department.name")
    state = serializers.ChoiceField(choices=RunState.choices)
    reason = serializers.CharField()
    case = serializers.CharField(source="case.number", allow_null=True, default=None)
    case_state = serializers.CharField(source="case.state", allow_null=True, default=None)
    holder = serializers.CharField()
    waits_for = serializers.SerializerMethodField()

    def get_waits_for(self, run) -> list[int]:
        return [p.position for p in run.waits_for.all()]


class SharedMaterialSerializer(serializers.Serializer):
    name = serializers.CharField()
    paper = serializers.CharField()
    has_file = serializers.BooleanField()
    used_by = serializers.ListField(child=serializers.CharField(), help_text="使用该材料的办件编号")


class NoticeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=NoticeKind.choices)
    text = serializers.CharField()
    at = serializers.DateTimeField()


class ChainApplicationListSerializer(serializers.ModelSerializer):
    chain = serializers.CharField(source="chain.code")
    chain_name = serializers.CharField(source="chain.name")
    state = serializers.ChoiceField(choices=ApplicationState.choices)
    level = serializers.SerializerMethodField()
    applicant_id_number = serializers.SerializerMethodField()

    class Meta:
        model = ChainApplication
        fields = [
            "number",
            "chain",
            "chain_name",
            "state",
            "channel",
            "applicant_name",
            "applicant_id_number",
            "submitted_at",
            "limit_days",
            "limit_hours",
            "legal_days_sum",
            "deadline_at",
            "warn_at",
            "provisional",
            "finished_at",
            "delivered_at",
            "level",
        ]
        read_only_fields = fields

    def get_level(self, app) -> str:
        return selectors.level_of(app)

    def get_applicant_id_number(self, app) -> str:
        return mask_id_number(app.applicant_id_number)


class ChainApplicationDetailSerializer(ChainApplicationListSerializer):
    applicant_phone = serializers.SerializerMethodField()
    countdown = serializers.SerializerMethodField()
    runs = serializers.SerializerMethodField()
    materials = serializers.SerializerMethodField()
    notices = serializers.SerializerMethodField()
    stop_reason = serializers.CharField()
    licence = serializers.SerializerMethodField()

    class Meta(ChainApplicationListSerializer.Meta):
        fields = [
            *ChainApplicationListSerializer.Meta.fields,
            "applicant_phone",
            "countdown",
            "stop_reason",
            "runs",
            "materials",
            "notices",
            "licence",
        ]
        read_only_fields = fields

    def get_applicant_phone(self, app) -> str:
        return mask_phone(app.applicant_phone)

    def get_countdown(self, app) -> str:
        if not app.clock_running:
            return ""
        return countdown_text(now=timezone.now(), deadline_at=app.deadline_at, in_hours=bool(app.limit_hours))

    def get_runs(self, app) -> ChainRunSerializer(many=True):
        return ChainRunSerializer(selectors.runs_of(app), many=True).data

    def get_materials(self, app) -> SharedMaterialSerializer(many=True):
        rows = app.materials.prefetch_related("uses__case_material__case").order_by("position")
        return [
            {
                "name": m.name,
                "paper": m.paper,
                "has_file": bool(m.file),
                "used_by": [u.case_material.case.number for u in m.uses.all()],
            }
            for m in rows
        ]

    def get_notices(self, app) -> NoticeSerializer(many=True):
        return NoticeSerializer(app.notices.order_by("at", "id"), many=True).data

    def get_licence(self, app) -> str | None:
        licence = services.licence_of(app)
        return licence.verification_code if licence else None


class MergedMaterialSerializer(serializers.Serializer):
    position = serializers.IntegerField(help_text="网上提交时文件字段名为 material-<position>")
    name = serializers.CharField()
    required = serializers.BooleanField()
    items = serializers.ListField(child=serializers.CharField())
    shared = serializers.BooleanField()


class DeliverAllSerializer(serializers.Serializer):
    collector_name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    collector_id_number = serializers.CharField(max_length=30)
    authorisation_letter = serializers.BooleanField(required=False, default=False)


def _detail(request, number, *, status_code=status.HTTP_200_OK):
    app = selectors.application_get(user=request.user, number=number)
    return Response(ChainApplicationDetailSerializer(app).data, status=status_code)


class ChainApplicationListCreate(generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = ChainApplicationListSerializer
    filter_backends = []
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    error_codes = ("413",)

    def get_queryset(self):
        return selectors.applications_visible_to(self.request.user).order_by("-submitted_at", "-id")

    @extend_schema(summary="一件事申请列表（按可见范围）", tags=TAG)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="申请一件事（一张表单、一份材料清单，各事项办件自动生成）",
        description=(
            "申请人本人账号网上申请：multipart，字段 chain 加每项材料的文件 material-<position>"
            "（position 见 chain-materials/{code}/；共享材料只传一次）。窗口人员或代办员登记：JSON，"
            "channel 为 window 或 agent，applicant 为申请人信息，paper 为收取的纸质材料。"
        ),
        tags=TAG,
        request={
            "application/json": ChainApplicationCreateSerializer,
            "multipart/form-data": ChainApplicationCreateSerializer,
        },
        responses={201: ChainApplicationDetailSerializer},
    )
    def post(self, request, *args, **kwargs):
        data = request.data
        if not hasattr(data, "get"):
            raise ValidationError({"non_field_errors": [_("请求体应为对象。")]})
        is_multipart = hasattr(data, "getlist")
        plain = {k: data.get(k) for k in ("chain", "channel") if data.get(k)} if is_multipart else data
        body = ChainApplicationCreateSerializer(data=plain)
        body.is_valid(raise_exception=True)
        values = body.validated_data
        chain = Chain.objects.filter(code=values["chain"], is_active=True).first()
        if chain is None:
            raise ValidationError({"chain": [_("一件事不存在：%(code)s。") % {"code": values["chain"]}]})
        applicant_account = staff_profile_of(request.user) is None and not request.user.is_superuser
        if applicant_account:
            app = services.chain_application_submit(
                chain=chain,
                by=request.user,
                channel=Channel.ONLINE,
                files=files_from(request, chain=chain),
                form=values.get("form"),
            )
        else:
            channel = values.get("channel") or Channel.WINDOW
            if channel == Channel.ONLINE:
                raise ValidationError({"channel": [_("工作人员只能以窗口或代办渠道登记。")]})
            if "applicant" not in values:
                raise ValidationError({"applicant": [_("请填写申请人信息。")]})
            app = services.chain_application_submit(
                chain=chain,
                by=request.user,
                channel=channel,
                applicant=values["applicant"],
                paper=values.get("paper"),
                files=files_from(request, chain=chain),
                form=values.get("form"),
            )
        return _detail(request, app.number, status_code=status.HTTP_201_CREATED)


class ChainApplicationDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="一件事申请详情：各事项办件、所在环节、等待关系、共享材料、动态",
        tags=TAG,
        parameters=[NUMBER],
        responses=ChainApplicationDetailSerializer,
    )
    def get(self, request, number):
        return _detail(request, number)


class ChainApplicationDeliver(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="出件窗口一次领取一件事的全部结果（一次取件、一张送达回证）",
        tags=TAG,
        parameters=[NUMBER],
        request=DeliverAllSerializer,
        responses=ChainApplicationDetailSerializer,
    )
    def post(self, request, number):
        app = selectors.application_get(user=request.user, number=number)
        if not hasattr(request.data, "get"):
            raise ValidationError({"non_field_errors": [_("请求体应为对象。")]})
        body = DeliverAllSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.chain_deliver_all(application=app, by=request.user, **body.validated_data)
        return _detail(request, number)


class ChainMaterials(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="一件事的合并材料清单（多个事项共用的材料只列一次）",
        tags=TAG,
        parameters=[CODE],
        responses=MergedMaterialSerializer(many=True),
    )
    def get(self, request, code):
        try:
            chain = selectors.chain_get(code=code)
        except Chain.DoesNotExist as exc:
            raise Http404("no such chain") from exc
        rows = selectors.merged_materials(chain=chain)
        data = [
            {"position": m.position, "name": m.name, "required": m.required, "items": m.items, "shared": m.shared}
            for m in rows
        ]
        return Response(MergedMaterialSerializer(data, many=True).data)
