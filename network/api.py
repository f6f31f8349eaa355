"""REST reads of the network: the hall tree (public) and the paper transfers (scoped like cases)."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from hall.models import Hall
from network import selectors
from network.models import PaperTransfer

TAG = ["大厅网络"]


class TransferSerializer(serializers.ModelSerializer):
    case = serializers.CharField(source="case.number", read_only=True)
    from_hall = serializers.CharField(source="from_hall.code", read_only=True)
    from_hall_name = serializers.CharField(source="from_hall.name", read_only=True)
    to_hall = serializers.CharField(source="to_hall.code", read_only=True)
    to_hall_name = serializers.CharField(source="to_hall.name", read_only=True)
    sent_by = serializers.SerializerMethodField()
    received_by = serializers.SerializerMethodField()
    level = serializers.SerializerMethodField()

    class Meta:
        model = PaperTransfer
        fields = [
            "id",
            "case",
            "kind",
            "status",
            "from_hall",
            "from_hall_name",
            "to_hall",
            "to_hall_name",
            "opened_at",
            "due_at",
            "warn_at",
            "provisional",
            "level",
            "sent_at",
            "sent_by",
            "tracking_note",
            "received_at",
            "received_by",
            "overdue_at",
        ]
        read_only_fields = fields

    def get_level(self, row) -> str:
        return row.level_at(timezone.now())

    def get_sent_by(self, row) -> str:
        return (row.sent_by.get_full_name() or row.sent_by.username) if row.sent_by_id else ""

    def get_received_by(self, row) -> str:
        return (row.received_by.get_full_name() or row.received_by.username) if row.received_by_id else ""


_FILTERS = [
    OpenApiParameter("direction", str, enum=["out", "in"], description="out：本大厅寄出；in：寄往本大厅"),
    OpenApiParameter("status", str, description="pending / sent / received / open（未签收）"),
    OpenApiParameter("kind", str, enum=["paper", "result"]),
]


@extend_schema(tags=TAG, summary="纸质流转列表（只含本人可见办件的流转）", parameters=_FILTERS)
class TransferList(generics.ListAPIView):
    serializer_class = TransferSerializer

    def get_queryset(self):
        params = self.request.query_params
        return selectors.transfer_list(
            user=self.request.user,
            direction=params.get("direction", ""),
            status=params.get("status", ""),
            kind=params.get("kind", ""),
        )


@extend_schema(tags=TAG, summary="一条纸质流转（不可见则 404）")
class TransferDetail(generics.RetrieveAPIView):
    serializer_class = TransferSerializer

    def get_queryset(self):
        return selectors.transfers_visible_to(self.request.user)


class HallNodeSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    level = serializers.CharField()
    parent = serializers.CharField(allow_null=True)
    address = serializers.CharField()
    hours = serializers.CharField()
    phone = serializers.CharField()
    children = serializers.ListField(child=serializers.DictField())


@extend_schema(
    tags=TAG,
    summary="大厅树（市—县—乡—村，公开信息）",
    parameters=[OpenApiParameter("root", str, description="只返回该大厅及其下级（大厅代码）")],
    responses=HallNodeSerializer(many=True),
)
class HallTree(APIView):
    permission_classes = []

    def get(self, request):
        halls = list(Hall.objects.filter(is_active=True).select_related("parent").order_by("path", "sort_order"))
        root_code = request.query_params.get("root", "")
        nodes = {}
        roots = []
        for hall in halls:
            nodes[hall.pk] = {
                "code": hall.code,
                "name": hall.name,
                "short_name": hall.short_name,
                "level": hall.level,
                "parent": hall.parent.code if hall.parent_id else None,
                "address": hall.address,
                "hours": hall.hours,
                "phone": hall.phone,
                "children": [],
            }
        for hall in halls:
            parent = nodes.get(hall.parent_id)
            if root_code:
                if hall.code == root_code:
                    roots.append(nodes[hall.pk])
            elif parent is None:
                roots.append(nodes[hall.pk])
            if parent is not None:
                parent["children"].append(nodes[hall.pk])
        return Response(roots)
