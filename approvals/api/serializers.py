"""Serializers of the case API: request bodies (validation of types only; the services own
the rules and their Chinese messages) and responses.

Personal data: lists always mask ID numbers and phones. The detail shows them in full to
the applicant who owns the case and to staff who work on it (front desk, department,
completed-item window); supervisors and hall admins, who only read, see them masked.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from approvals import actions as action_table
from approvals.constants import (
    CaseState,
    Channel,
    DeliveryMethod,
    Level,
    MaterialStatus,
    Outcome,
    PaperKind,
)
from approvals.models import Case, CaseEvent, CaseMaterial, Result
from hall.constants import SEE_ALL_ROLES, ApplicantType
from hall.selectors import staff_profile_of


def sees_personal_data(user, case):
    """Full ID number and phone on the detail: the owner, or staff who work on the case."""
    if user is None or not user.is_authenticated:
        return False
    if case.applicant_user_id == user.pk:
        return True
    profile = staff_profile_of(user)
    return profile is not None and profile.role not in SEE_ALL_ROLES


# --- requests -----------------------------------------------------------------------------


class ApplicantInSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=ApplicantType.choices, default=ApplicantType.PERSON, label=_("申请人类型"))
    name = serializers.CharField(max_length=100, label=_("姓名或名称"))
    id_number = serializers.CharField(max_length=30, label=_("证件号码"), help_text=_("公民身份号码或统一社会信用代码"))
    phone = serializers.CharField(max_length=20, label=_("联系电话"))
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, label=_("地址"))
    contact_person = serializers.CharField(max_length=50, required=False, allow_blank=True, label=_("联系人"))
    agent_name = serializers.CharField(max_length=50, required=False, allow_blank=True, label=_("代理人"))
    agent_id_number = serializers.CharField(max_length=30, required=False, allow_blank=True, label=_("代理人身份证号"))


class CaseCreateSerializer(serializers.Serializer):
    item = serializers.CharField(max_length=64, label=_("事项编码"))
    channel = serializers.ChoiceField(choices=Channel.choices, required=False, label=_("申请渠道"))
    applicant = ApplicantInSerializer(required=False, label=_("申请人"), help_text=_("申请人本人申请时不填，取自账号"))
    draft = serializers.BooleanField(required=False, default=False, label=_("仅保存草稿（网上申请）"))
    hall = serializers.SlugField(
        max_length=20,
        required=False,
        label=_("受理大厅代码"),
        help_text=_("网上申请的收件大厅（就近办）；不填则为审批该事项的部门所在大厅。窗口登记时取窗口所在大厅。"),
    )


class MaterialInSerializer(serializers.Serializer):
    requirement = serializers.IntegerField(min_value=1, label=_("材料要求编号"))
    file = serializers.FileField(required=False, label=_("电子文件"), help_text=_("PDF、JPG 或 PNG"))
    paper = serializers.ChoiceField(choices=PaperKind.choices, required=False, label=_("纸质材料"))
    status = serializers.ChoiceField(choices=MaterialStatus.choices, required=False, label=_("材料状态"))
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class CaseListQuerySerializer(serializers.Serializer):
    """Query parameters of GET cases/."""

    state = serializers.CharField(required=False, help_text=_("状态，可用逗号分隔多个"))
    department = serializers.CharField(required=False, help_text=_("部门代码或编号"))
    item = serializers.CharField(required=False, help_text=_("事项编码"))
    level = serializers.ChoiceField(choices=Level.choices, required=False, help_text=_("预警等级"))
    window = serializers.CharField(required=False, max_length=16, help_text=_("窗口号"))
    hall = serializers.CharField(
        required=False,
        max_length=20,
        help_text=_(
            "大厅编码，与 window 一起使用：窗口号按大厅编号。不填时取本人窗口或部门所在大厅的该号窗口；"
            "本大厅没有该窗口号（或督查人员查询）时，仅当只有一个大厅有该窗口号才可不填"
        ),
    )
    created_from = serializers.DateField(required=False, help_text=_("登记日期起（含）"))
    created_to = serializers.DateField(required=False, help_text=_("登记日期止（含）"))
    overdue = serializers.BooleanField(required=False, default=False, help_text=_("只看已超期"))
    q = serializers.CharField(
        required=False, max_length=100, help_text=_("办件编号、申请人名称，或完整的证件号码、联系电话、查询码")
    )
    page = serializers.IntegerField(required=False, min_value=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=200)

    def to_internal_value(self, data):
        # A parameter given empty ("?window=") would be skipped silently: the schema says it
        # has a value, so it is a 400 (leave the parameter out to not filter by it).
        blank = [name for name in self.fields if name in data and not str(data.get(name)).strip()]
        if blank:
            message = _("筛选条件不能为空；不按此条件筛选时请省略该参数。")
            raise serializers.ValidationError({name: [message] for name in blank})
        return super().to_internal_value(data)

    def validate(self, attrs):
        if attrs.get("hall") and not attrs.get("window"):
            raise serializers.ValidationError({"hall": [_("hall 仅与 window 一起使用，用于指明窗口号所属的大厅。")]})
        return attrs

    def validate_state(self, value):
        states = [s.strip() for s in value.split(",") if s.strip()]
        unknown = [s for s in states if s not in CaseState.values]
        if unknown:
            raise serializers.ValidationError(_("未知的办件状态：%(states)s。") % {"states": "、".join(unknown)})
        return states


# --- responses ----------------------------------------------------------------------------


class CaseListSerializer(serializers.ModelSerializer):
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    level = serializers.ChoiceField(choices=Level.choices, read_only=True)
    item = serializers.CharField(source="item.code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    department = serializers.CharField(source="department.code", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    window = serializers.CharField(
        source="window.number", read_only=True, default=None, allow_null=True, help_text=_("窗口号；网上申请为 null")
    )
    applicant_id_number = serializers.CharField(source="masked_id_number", read_only=True)
    applicant_phone = serializers.CharField(source="masked_phone", read_only=True)

    class Meta:
        model = Case
        fields = [
            "number",
            "state",
            "state_display",
            "level",
            "item",
            "item_name",
            "department",
            "department_name",
            "channel",
            "window",
            "applicant_type",
            "applicant_name",
            "applicant_id_number",
            "applicant_phone",
            "created_at",
            "accepted_at",
            "deadline_at",
            "warn_at",
            "provisional",
        ]
        read_only_fields = fields


class CaseMaterialSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="requirement_id", read_only=True, help_text=_("材料要求编号"))
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = CaseMaterial
        fields = [
            "id",
            "name",
            "required",
            "status",
            "status_display",
            "may_be_deficient",
            "may_commit",
            "paper_originals",
            "paper_copies",
            "has_file",
            "content_type",
            "size",
            "sha256",
            "uploaded_at",
            "notice_round",
        ]
        read_only_fields = fields

    def get_has_file(self, obj) -> bool:
        return bool(obj.file)


class CaseEventSerializer(serializers.ModelSerializer):
    action_display = serializers.CharField(source="label", read_only=True)
    from_state = serializers.ChoiceField(
        choices=CaseState.choices, allow_blank=True, read_only=True, help_text=_("原状态；登记事件为空字符串")
    )
    actor = serializers.SerializerMethodField(help_text=_("操作人账号；系统操作为 null"))

    class Meta:
        model = CaseEvent
        fields = ["seq", "action", "action_display", "from_state", "to_state", "actor", "actor_role", "at", "note"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, obj):
        return obj.actor.get_username() if obj.actor_id else None


class ResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = Result
        fields = ["kind", "number", "name", "verification_code", "issued_at", "valid_until"]
        read_only_fields = fields


class CaseDetailSerializer(CaseListSerializer):
    item_version = serializers.IntegerField(source="item_version.number", read_only=True)
    # Blank ("") until decided / delivered.
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True, read_only=True, label=_("审批结果"))
    delivery_method = serializers.ChoiceField(
        choices=DeliveryMethod.choices, allow_blank=True, read_only=True, label=_("送达方式")
    )
    legal_limit_days = serializers.SerializerMethodField()
    promised_limit_days = serializers.SerializerMethodField()
    applicant_id_number = serializers.SerializerMethodField()
    applicant_phone = serializers.SerializerMethodField()
    current_step_name = serializers.SerializerMethodField()
    materials = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(help_text=_("当前用户现在可执行的操作名"))

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields,
            "query_code",
            "item_version",
            "applicant_address",
            "contact_person",
            "agent_name",
            "legal_limit_days",
            "promised_limit_days",
            "current_step",
            "current_step_name",
            "dispatched_at",
            "auto_accept_at",
            "suspended_days",
            "decided_at",
            "outcome",
            "decision_reason",
            "refusal_reason",
            "delivered_at",
            "delivery_method",
            "materials",
            "timeline",
            "result",
            "actions",
        ]
        read_only_fields = fields

    def _full(self, obj):
        request = self.context.get("request")
        return sees_personal_data(getattr(request, "user", None), obj)

    def get_applicant_id_number(self, obj) -> str:
        return obj.applicant_id_number if self._full(obj) else obj.masked_id_number

    def get_applicant_phone(self, obj) -> str:
        return obj.applicant_phone if self._full(obj) else obj.masked_phone

    def get_legal_limit_days(self, obj) -> int | None:
        return obj.snapshot.get("legal_limit_days")

    def get_promised_limit_days(self, obj) -> int | None:
        return obj.snapshot.get("promised_limit_days")

    def get_current_step_name(self, obj) -> str | None:
        step = obj.step(obj.current_step) if obj.current_step is not None else None
        return step["name"] if step else None

    @extend_schema_field(CaseMaterialSerializer(many=True))
    def get_materials(self, obj):
        rows = getattr(obj, "material_rows", None)
        if rows is None:
            rows = obj.materials.order_by("position", "requirement_id")
        return CaseMaterialSerializer(rows, many=True).data

    @extend_schema_field(CaseEventSerializer(many=True))
    def get_timeline(self, obj):
        rows = getattr(obj, "event_rows", None)
        if rows is None:
            rows = obj.events.select_related("actor").order_by("seq")
        return CaseEventSerializer(rows, many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, obj):
        request = self.context.get("request")
        return action_table.listed(getattr(request, "user", None), obj)

    @extend_schema_field(ResultSerializer(allow_null=True))
    def get_result(self, obj):
        result = getattr(obj, "result_row", None)
        return ResultSerializer(result).data if result is not None else None


class CaseActionResultSerializer(serializers.Serializer):
    """What an action answers: where the case is now, its clock and what the user may do next.

    Compact on purpose (no materials, timeline or personal data): the full case is at GET
    cases/{number}/. Built from the case the action locked, with no further query.
    """

    number = serializers.CharField(read_only=True)
    state = serializers.ChoiceField(choices=CaseState.choices, read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    level = serializers.ChoiceField(choices=Level.choices, read_only=True)
    accepted_at = serializers.DateTimeField(read_only=True, allow_null=True)
    deadline_at = serializers.DateTimeField(read_only=True, allow_null=True)
    warn_at = serializers.DateTimeField(read_only=True, allow_null=True)
    auto_accept_at = serializers.DateTimeField(read_only=True, allow_null=True)
    provisional = serializers.BooleanField(read_only=True)
    remaining = serializers.SerializerMethodField(
        help_text=_("距办结期限的剩余工作日（当天为 0，超期为负数）；未开始计时为 null")
    )
    current_step = serializers.IntegerField(read_only=True, allow_null=True)
    current_step_name = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(help_text=_("当前用户现在可执行的操作名"))

    def get_remaining(self, obj) -> int | None:
        from approvals.workbench.clockview import remaining_working_days

        return remaining_working_days(obj)

    def get_current_step_name(self, obj) -> str | None:
        step = obj.step(obj.current_step) if obj.current_step is not None else None
        return step["name"] if step else None

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, obj):
        request = self.context.get("request")
        return action_table.listed(getattr(request, "user", None), obj)
