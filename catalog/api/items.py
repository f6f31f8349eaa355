"""The catalog API: read-only for everyone; hall admins import/export the whole catalog."""

import json

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.api.filters import ItemFilter
from catalog.api.serializers import (
    ChainSerializer,
    DepartmentSerializer,
    ItemDetailSerializer,
    ItemImplementationsSerializer,
    ItemListSerializer,
)
from catalog.importing import CatalogImportError, catalog_export_data
from catalog.selectors import chain_list, department_list, item_detail_queryset, item_search
from catalog.services import catalog_import, summary_text


@extend_schema_view(
    list=extend_schema(summary="部门列表", tags=["事项目录"]),
    retrieve=extend_schema(summary="部门详情", tags=["事项目录"]),
)
class DepartmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DepartmentSerializer
    permission_classes = [AllowAny]
    lookup_field = "code"

    def get_queryset(self):
        return department_list()


@extend_schema_view(
    list=extend_schema(summary="事项列表（可按部门、办件类型、网办、关键词筛选）", tags=["事项目录"]),
    retrieve=extend_schema(summary="事项详情（办事指南：材料、环节、时限）", tags=["事项目录"]),
)
class ItemViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    lookup_field = "code"
    lookup_value_regex = r"[^/]+"
    filterset_class = ItemFilter

    def get_queryset(self):
        if self.action == "retrieve":
            return item_detail_queryset()
        return item_search()

    def get_serializer_class(self):
        if self.action == "implementations":
            return ItemImplementationsSerializer
        return ItemDetailSerializer if self.action == "retrieve" else ItemListSerializer

    @extend_schema(
        summary="事项的实施清单（各大厅的审批部门、本地时限、收费说明、窗口）",
        description=(
            "基本目录事项在各大厅的实施情况。receives_only 为 true 时，该大厅只收件，由 decision_hall 的部门审批"
            "（就近办）；citywide 为 true 时（全市通办），未列出的大厅也可收件。公开接口，无需登录。"
        ),
        tags=["事项目录"],
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def implementations(self, request, code=None):
        from django.db.models import Prefetch

        from catalog.models import ItemImplementation

        rows = (
            ItemImplementation.objects.filter(is_active=True)
            .select_related("hall", "department__hall", "item")
            .order_by("hall__path")
        )
        item = item_search().prefetch_related(
            Prefetch("implementations", queryset=rows, to_attr="active_implementations")
        )
        item = item.filter(code=code).first()
        if item is None:
            from rest_framework.exceptions import NotFound

            raise NotFound("事项不存在或已停用。")
        return Response(self.get_serializer(item).data)


@extend_schema_view(
    list=extend_schema(summary="一件事列表", tags=["事项目录"]),
    retrieve=extend_schema(summary="一件事详情（环节与前置关系）", tags=["事项目录"]),
)
class ChainViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ChainSerializer
    permission_classes = [AllowAny]
    lookup_field = "code"

    def get_queryset(self):
        return chain_list()


class IsCatalogAdmin(BasePermission):
    """Hall admins who may change the catalog (staff with the item and department rights)."""

    message = "只有大厅管理员可以导入或导出事项目录。"

    def has_permission(self, request, view):
        user = request.user
        perms = ("catalog.add_item", "catalog.change_item", "catalog.add_department", "catalog.change_department")
        return bool(user and user.is_authenticated and user.is_staff and all(user.has_perm(p) for p in perms))


class CatalogImportView(APIView):
    """POST a catalog file (multipart `file`) or the JSON document itself; all or nothing."""

    permission_classes = [IsCatalogAdmin]
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(
        summary="导入事项目录（大厅管理员）",
        tags=["事项目录"],
        request={"application/json": OpenApiTypes.OBJECT, "multipart/form-data": OpenApiTypes.OBJECT},
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
    )
    def post(self, request):
        upload = request.FILES.get("file")
        if upload is not None:
            source, fmt = upload, None
        elif isinstance(request.data, dict) and "items" in request.data:
            source, fmt = json.dumps(request.data, ensure_ascii=False), "json"
        else:
            return Response({"file": ["请上传目录文件（JSON 或 CSV），或直接提交 JSON 目录。"]}, status=400)
        try:
            summary = catalog_import(file=source, fmt=fmt, by=request.user)
        except CatalogImportError as exc:
            problems = [{"where": p.where, "message": p.message} for p in exc.problems]
            detail = f"发现 {len(problems)} 处错误，目录未做任何改动。"
            return Response({"detail": detail, "code": "invalid_catalog", "problems": problems}, status=400)
        return Response({"detail": f"导入成功：{summary_text(summary)}。", **summary})


class CatalogExportView(APIView):
    """The whole catalog as the import format (JSON)."""

    permission_classes = [IsCatalogAdmin]

    @extend_schema(summary="导出事项目录（大厅管理员）", tags=["事项目录"], responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        return Response(catalog_export_data())
