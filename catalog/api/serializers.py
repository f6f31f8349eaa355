"""Serializers of the catalog's public API (read-only)."""

from rest_framework import serializers

from catalog.models import Chain, ChainStep, Department, Item, MaterialRequirement, ReviewStep


class DepartmentSerializer(serializers.ModelSerializer):
    item_count = serializers.IntegerField(read_only=True, help_text="启用事项数")
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Department
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "level",
            "level_display",
            "stationed_in_hall",
            "window_numbers",
            "phone",
            "item_count",
        ]


class DepartmentBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "code", "name"]


class MaterialSerializer(serializers.ModelSerializer):
    form_display = serializers.CharField(source="get_form_display", read_only=True)
    source_display = serializers.CharField(source="get_source_display", read_only=True)
    template_url = serializers.SerializerMethodField()
    sample_url = serializers.SerializerMethodField()

    class Meta:
        model = MaterialRequirement
        fields = [
            "id",
            "position",
            "name",
            "required",
            "originals",
            "copies",
            "form",
            "form_display",
            "source",
            "source_display",
            "issuing_department",
            "notes",
            "may_commit",
            "may_be_deficient",
            "template_url",
            "sample_url",
        ]

    def _file_url(self, obj, which):
        from django.urls import reverse

        if not getattr(obj, which):
            return None
        url = reverse(f"catalog:material-{which}", kwargs={"code": obj.item.code, "pk": obj.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    def get_template_url(self, obj) -> str | None:
        return self._file_url(obj, "template")

    def get_sample_url(self, obj) -> str | None:
        return self._file_url(obj, "sample")


class ReviewStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewStep
        fields = ["position", "name", "limit_days", "decides"]


class ItemListSerializer(serializers.ModelSerializer):
    department = DepartmentBriefSerializer(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    item_type_display = serializers.CharField(source="get_item_type_display", read_only=True)
    limits_text = serializers.CharField(read_only=True, help_text="如：法定20个工作日，承诺5个工作日")

    class Meta:
        model = Item
        fields = [
            "code",
            "name",
            "short_pinyin",
            "department",
            "item_type",
            "item_type_display",
            "theme",
            "kind",
            "kind_display",
            "legal_limit_days",
            "promised_limit_days",
            "limits_text",
            "max_visits",
            "online",
            "fee_charged",
            "citywide",
            "version",
        ]


class ItemDetailSerializer(ItemListSerializer):
    materials = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField()
    regulators = DepartmentBriefSerializer(many=True, read_only=True)
    result_type_display = serializers.CharField(source="get_result_type_display", read_only=True)
    applicant_type_labels = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta(ItemListSerializer.Meta):
        fields = [
            *ItemListSerializer.Meta.fields,
            "legal_basis",
            "acceptance_conditions",
            "applicant_types",
            "applicant_type_labels",
            "fee_amount",
            "fee_basis",
            "result_type",
            "result_type_display",
            "result_name",
            "regulators",
            "warn_days",
            "allows_commitment",
            "allows_deficiency",
            "consult_phone",
            "notes",
            "materials",
            "steps",
        ]

    # Sorted in Python so the prefetched rows are used (no query per item).
    def get_materials(self, obj) -> list[dict]:
        rows = sorted(obj.materials.all(), key=lambda m: (m.position, m.pk))
        for row in rows:
            row.item = obj
        return MaterialSerializer(rows, many=True, context=self.context).data

    def get_steps(self, obj) -> list[dict]:
        rows = sorted(obj.steps.all(), key=lambda s: s.position)
        return ReviewStepSerializer(rows, many=True).data


class ChainStepSerializer(serializers.ModelSerializer):
    item = serializers.SlugRelatedField(slug_field="code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    department = serializers.CharField(source="item.department.name", read_only=True)
    waits_for = serializers.SerializerMethodField(help_text="需等待的环节顺序号；为空则与其他无前置环节并联办理")

    class Meta:
        model = ChainStep
        fields = ["position", "item", "item_name", "department", "waits_for"]

    def get_waits_for(self, obj) -> list[int]:
        return sorted(w.position for w in obj.waits_for.all())


class ChainSerializer(serializers.ModelSerializer):
    steps = ChainStepSerializer(many=True, read_only=True)

    class Meta:
        model = Chain
        fields = ["code", "name", "description", "theme", "steps"]


class HallBriefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.CharField()
    level_display = serializers.CharField(source="get_level_display")
    address = serializers.CharField()
    hours = serializers.CharField()
    phone = serializers.CharField()


class ItemImplementationSerializer(serializers.Serializer):
    """One row of an item's 实施清单: who decides it when this hall receives it, and the local figures."""

    hall = HallBriefSerializer()
    department = DepartmentBriefSerializer()
    decision_hall = serializers.CharField(source="department.hall.code", help_text="审批部门所在大厅的代码")
    receives_only = serializers.BooleanField(help_text="本大厅只收件，由其他大厅的部门审批（就近办）")
    promised_limit_days = serializers.SerializerMethodField(help_text="本地承诺办结时限（不长于基本目录）")
    fee_note = serializers.CharField()
    window_numbers = serializers.CharField()
    note = serializers.CharField()

    def get_promised_limit_days(self, obj) -> int:
        return min(obj.effective_limit_days, obj.item.promised_limit_days)


class ItemImplementationsSerializer(serializers.Serializer):
    item = serializers.CharField(source="code")
    citywide = serializers.BooleanField(help_text="全市通办：任一大厅均可收件")
    implementations = serializers.SerializerMethodField()

    def get_implementations(self, obj) -> list[dict]:
        return ItemImplementationSerializer(obj.active_implementations, many=True).data
