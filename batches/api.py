"""REST of 批量受理: list/read batches (scoped), register one from an uploaded xlsx/csv, and do one
action for all its cases."""

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from batches import selectors, services, sheets
from batches.models import Batch, BatchCase, BatchRun
from catalog.models import Item
from hall.parsing import parse_id

TAG = ["批量受理"]


class RowErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class BatchCaseSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="case.number")
    state = serializers.CharField(source="case.state")
    applicant_name = serializers.CharField(source="case.applicant_name")

    class Meta:
        model = BatchCase
        fields = ["line", "number", "state", "applicant_name"]


class BatchSerializer(serializers.ModelSerializer):
    item = serializers.SlugRelatedField(slug_field="code", read_only=True)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    window = serializers.SlugRelatedField(slug_field="number", read_only=True)
    source = serializers.ChoiceField(choices=Batch.Source.choices, read_only=True)
    errors = RowErrorSerializer(many=True, read_only=True)

    class Meta:
        model = Batch
        fields = [
            "id",
            "number",
            "item",
            "department",
            "submitter",
            "agent_name",
            "source",
            "filename",
            "rows_total",
            "rows_created",
            "errors",
            "window",
            "created_at",
            "elapsed_ms",
        ]
        read_only_fields = fields


class BatchDetailSerializer(BatchSerializer):
    cases = BatchCaseSerializer(source="entries", many=True, read_only=True)

    class Meta(BatchSerializer.Meta):
        fields = [*BatchSerializer.Meta.fields, "cases"]
        read_only_fields = fields


class BatchInput(serializers.Serializer):
    item = serializers.SlugRelatedField(slug_field="code", queryset=Item.objects.filter(is_active=True))
    submitter = serializers.CharField(max_length=100)
    agent_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    agent_id_number = serializers.CharField(max_length=18, required=False, allow_blank=True, default="")
    agent_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    file = serializers.FileField(help_text="xlsx 或 csv（UTF-8/GB18030）；第1行为表头")


class RunInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(services.BATCH_ACTIONS))
    data = serializers.DictField(
        required=False, default=dict, help_text="该操作的表单字段，如 decide 的 outcome、reason"
    )


class FailureSerializer(serializers.Serializer):
    case = serializers.CharField()
    line = serializers.IntegerField()
    message = serializers.CharField()


class RunSerializer(serializers.ModelSerializer):
    failures = FailureSerializer(many=True, read_only=True)

    class Meta:
        model = BatchRun
        fields = ["id", "action", "at", "succeeded", "failures"]
        read_only_fields = fields


class BatchList(generics.ListAPIView):
    serializer_class = BatchSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []
    parser_classes = [MultiPartParser]

    @extend_schema(summary="批量受理批次列表", tags=TAG)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.batches_visible_to(self.request.user).order_by("-created_at", "-id")

    @extend_schema(
        summary="上传表格批量受理（逐行校验，有效行一次登记）",
        tags=TAG,
        request={"multipart/form-data": BatchInput},
        responses={201: BatchDetailSerializer},
    )
    def post(self, request):
        body = BatchInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        upload = data.pop("file")
        source, rows = sheets.read_upload(upload, max_rows=settings.HALL_BATCH_MAX_ROWS)
        batch = services.batch_create(by=request.user, rows=rows, source=source, filename=upload.name, **data)
        return Response(BatchDetailSerializer(batch).data, status=status.HTTP_201_CREATED)


class BatchDetail(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(summary="批次详情（含各行办件）", tags=TAG, responses={200: BatchDetailSerializer})
    def get(self, request, pk):
        return Response(BatchDetailSerializer(selectors.batch_detail(user=request.user, pk=parse_id(pk))).data)


class BatchRunView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="对批次全部办件执行同一操作（逐件报告未成功的原因）",
        tags=TAG,
        request=RunInput,
        responses={200: RunSerializer},
    )
    def post(self, request, pk):
        batch = selectors.batch_get(user=request.user, pk=parse_id(pk))
        body = RunInput(data=request.data)
        body.is_valid(raise_exception=True)
        run = services.batch_run(batch=batch, by=request.user, **body.validated_data)
        return Response(RunSerializer(run).data)
