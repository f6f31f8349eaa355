"""Shapes of the online hall's REST API (for a mobile app or a provincial platform)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hall.constants import ApplicantType
from portal import selectors
from portal.masking import masked_holder
from portal.models import LibraryMaterial
from portal.wording import plain_case


class PortalRegisterSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("登录账号"), max_length=150)
    password = serializers.CharField(label=_("密码"), write_only=True)
    applicant_type = serializers.ChoiceField(label=_("申请人类型"), choices=ApplicantType.choices)
    name = serializers.CharField(label=_("姓名或单位名称"), max_length=100)
    id_number = serializers.CharField(label=_("证件号码"), max_length=30)
    phone = serializers.CharField(label=_("手机号码"), max_length=20)
    contact_person = serializers.CharField(label=_("联系人"), max_length=50, required=False, allow_blank=True)
    address = serializers.CharField(label=_("联系地址"), max_length=200, required=False, allow_blank=True)


class PortalTokenSerializer(serializers.Serializer):
    username = serializers.CharField()
    token = serializers.CharField()


class PortalApplySerializer(serializers.Serializer):
    item = serializers.CharField(label=_("事项编码"))


class PortalMaterialUploadSerializer(serializers.Serializer):
    requirement = serializers.IntegerField(label=_("材料要求编号"))
    file = serializers.FileField(label=_("文件"), required=False)
    library_material = serializers.IntegerField(label=_("材料库文件编号"), required=False)

    def validate(self, data):
        if bool(data.get("file")) == bool(data.get("library_material")):
            raise serializers.ValidationError({"file": [_("请上传文件或从材料库选用一份，二者选其一。")]})
        return data


class PortalProgressQuerySerializer(serializers.Serializer):
    number = serializers.CharField(label=_("办件编号"), max_length=40)
    query_code = serializers.CharField(label=_("查询码"), min_length=6, max_length=6)


class PortalCaseMaterialSerializer(serializers.Serializer):
    requirement = serializers.IntegerField(source="requirement_id")
    name = serializers.CharField()
    required = serializers.BooleanField()
    status = serializers.CharField()
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField(allow_null=True)


class PortalEventSerializer(serializers.Serializer):
    action = serializers.CharField()
    action_display = serializers.CharField(source="get_action_display")
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    at = serializers.DateTimeField()
    note = serializers.CharField()


class PortalCaseSummarySerializer(serializers.Serializer):
    number = serializers.CharField()
    item = serializers.CharField(source="item.code")
    item_name = serializers.CharField(source="item.name")
    department = serializers.CharField(source="department.name")
    state = serializers.CharField()
    state_display = serializers.CharField(source="get_state_display")
    plain = serializers.SerializerMethodField()
    level = serializers.CharField()
    created_at = serializers.DateTimeField()
    accepted_at = serializers.DateTimeField(allow_null=True)
    deadline_at = serializers.DateTimeField(allow_null=True)
    provisional = serializers.BooleanField()

    @extend_schema_field(serializers.CharField())
    def get_plain(self, case):
        suspension = getattr(case, "suspension", None)  # the detail's; the list annotates the kind
        kind = suspension.kind if suspension is not None else getattr(case, "suspension_kind", None)
        return str(plain_case(case, kind=kind))


class PortalCaseDetailSerializer(PortalCaseSummarySerializer):
    query_code = serializers.CharField()
    days_left = serializers.IntegerField(allow_null=True)
    materials = PortalCaseMaterialSerializer(source="material_rows", many=True)
    events = PortalEventSerializer(source="timeline", many=True)
    actions = serializers.DictField(child=serializers.BooleanField())
    supplement_notice = serializers.SerializerMethodField()
    review_supplement = serializers.DictField(allow_null=True, read_only=True)
    delivery_choice = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField()

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_supplement_notice(self, case):
        notice = case.notice
        if notice is None:
            return None
        return {
            "at": notice["at"],
            "note": notice["note"],
            "round": notice["round"],
            "names": notice["names"],
            "materials": sorted(notice["requirement_ids"]),
        }

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_delivery_choice(self, case):
        choice = selectors.delivery_preference_of(case)
        if choice is None:
            return None
        return {"method": choice.method, "recipient": choice.recipient, "address": choice.address}

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_result(self, case):
        result = selectors.result_of(case)
        if result is None:
            return None
        url = reverse("portal:verify", kwargs={"code": result.verification_code})
        request = self.context.get("request")
        return {
            "kind": result.kind,
            "number": result.number,
            "name": result.name,
            "issued_at": result.issued_at,
            "valid_until": result.valid_until,
            "verify_url": request.build_absolute_uri(url) if request else url,
        }


class PortalPublicProgressSerializer(serializers.Serializer):
    number = serializers.CharField()
    item_name = serializers.CharField(source="item.name")
    department = serializers.CharField(source="department.name")
    state = serializers.CharField()
    state_display = serializers.CharField(source="get_state_display")
    accepted_at = serializers.DateTimeField(allow_null=True)
    deadline_at = serializers.DateTimeField(allow_null=True)
    days_left = serializers.IntegerField(allow_null=True)
    events = PortalEventSerializer(source="event_rows", many=True)


class PortalLibraryMaterialSerializer(serializers.ModelSerializer):
    class Meta:
        model = LibraryMaterial
        fields = ["id", "name", "sha256", "content_type", "size", "source", "result_number", "created_at"]


class PortalLibraryUploadSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    file = serializers.FileField()


class PortalVerificationSerializer(serializers.Serializer):
    number = serializers.CharField()
    case_number = serializers.CharField(source="case.number")
    name = serializers.CharField()
    kind = serializers.CharField()
    holder = serializers.SerializerMethodField()
    holder_id_number = serializers.CharField(source="case.masked_id_number")
    item_name = serializers.CharField(source="case.item.name")
    department = serializers.CharField(source="case.department.name")
    issued_at = serializers.DateTimeField()
    valid_until = serializers.DateField(allow_null=True)
    valid = serializers.BooleanField(source="is_valid")
    revoked = serializers.BooleanField()
    revoked_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(serializers.CharField())
    def get_holder(self, result):
        return masked_holder(result.case)
