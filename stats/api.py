"""REST for the figures: the same query form and selectors as the page."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from stats import selectors
from stats.constants import COUNTER_FIELDS, GroupBy
from stats.forms import FigureQueryForm

RATE_FIELDS = [
    "on_time_rate",
    "legal_on_time_rate",
    "online_rate",
    "notice_rate",
    "return_rate",
    "deemed_rate",
    "zero_visit_rate",
    "zero_or_one_visit_rate",
    "average_days",
    "actual_vs_promised",
]


class FigureRowSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True, help_text="分组键：部门/事项编号、窗口号、渠道或期间起始日期")
    label = serializers.CharField()
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="、".join(COUNTER_FIELDS))
    rates = serializers.DictField(child=serializers.FloatField(allow_null=True), help_text="、".join(RATE_FIELDS))


class FiguresSerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    group_by = serializers.ChoiceField(choices=GroupBy.choices)
    rows = FigureRowSerializer(many=True)
    total = FigureRowSerializer()


def _row(row):
    return {
        "key": None if row.key is None else str(row.key),
        "label": row.label,
        "counts": row.counts,
        "rates": {name: getattr(row, name) for name in RATE_FIELDS},
    }


class FiguresView(APIView):
    permission_classes = [IsAuthenticated]
    error_codes = (404,)  # roles without figures: as if it did not exist

    @extend_schema(
        summary="办件统计（按部门、事项、窗口、渠道或日/周/月/季/年分组；按可见范围）",
        tags=["统计"],
        parameters=[
            OpenApiParameter("date_from", str, description="起始日期 YYYY-MM-DD（默认本月1日）"),
            OpenApiParameter("date_to", str, description="截止日期 YYYY-MM-DD（默认今天）"),
            OpenApiParameter("group_by", str, enum=GroupBy.values),
            OpenApiParameter("department", int),
            OpenApiParameter("item", int),
            OpenApiParameter("channel", str),
            OpenApiParameter("window", str),
        ],
        responses={200: FiguresSerializer},
    )
    def get(self, request):
        if not selectors.may_see_figures(request.user):
            raise Http404
        choices = selectors.filter_choices(user=request.user)
        form = FigureQueryForm(request.query_params, departments=choices["departments"])
        if not form.is_valid():
            raise ValidationError(form.errors)
        filters = form.filters()
        rows = selectors.figure_rows(user=request.user, filters=filters)
        return Response(
            {
                "date_from": filters.date_from,
                "date_to": filters.date_to,
                "group_by": filters.group_by,
                "rows": [_row(r) for r in rows],
                "total": _row(selectors.totals(rows)),
            }
        )
