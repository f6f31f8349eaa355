"""The work calendar over REST: a deadline for a start date, and one year's days.
Read-only and open to everyone (the public needs deadlines too)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog import clock
from catalog.api.calendar_serializers import (
    CalendarYearSerializer,
    DeadlineQuerySerializer,
    DeadlineSerializer,
    YearQuerySerializer,
)
from catalog.calendar_selectors import calendar_year_days


class DeadlineView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="计算期限：起算日后第 N 个工作日",
        description=_("受理当天不计入；按国务院公布的放假安排（含调休上班）计算。未导入官方日历的年度按暂定规则计算。"),
        tags=["工作日历"],
        parameters=[DeadlineQuerySerializer],
        responses={200: DeadlineSerializer},
        examples=[
            OpenApiExample(
                "春节前受理",
                value={
                    "start": "2026-02-13",
                    "days": 5,
                    "deadline": "2026-02-27",
                    "deadline_at": "2026-02-27T23:59:59.999999+08:00",
                    "provisional": False,
                },
                response_only=True,
            )
        ],
    )
    def get(self, request):
        query = DeadlineQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start, days = query.validated_data["start"], query.validated_data["days"]
        try:
            deadline = clock.add_working_days(start, days)
            provisional = clock.any_provisional(start, deadline)
        except ValueError as exc:
            raise ValidationError({"start": [str(exc)]}) from exc
        data = {
            "start": start,
            "days": days,
            "deadline": deadline,
            "deadline_at": clock.close_of_day(deadline),
            "provisional": provisional,
        }
        return Response(DeadlineSerializer(data).data)


class CalendarYearView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="年度工作日历",
        description=_(
            "列出该年度每一天（special=true 时只列出节假日、调休上班日和管理员设置的日子），"
            "每天给出是否上班、说明和来源。"
        ),
        tags=["工作日历"],
        parameters=[YearQuerySerializer],
        responses={200: CalendarYearSerializer},
    )
    def get(self, request):
        query = YearQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = calendar_year_days(year=query.validated_data["year"], special_only=query.validated_data["special"])
        return Response(CalendarYearSerializer(data).data)
