"""POST /api/v1/cases/{number}/urge/: thin, like the case action endpoints of approvals."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from approvals.api import serializers as case_ser
from approvals.api.views import NUMBER, TAG, CaseActionView
from supervision.services import case_urge_and_notify


class UrgeSerializer(serializers.Serializer):
    # Blank passes here so the service gives its own Chinese message for a missing note.
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000, label=_("督办意见"))


class CaseUrgeView(CaseActionView):
    """督办: supervisors only (403 otherwise); the department's reviewers and chief are notified."""

    body_serializer = UrgeSerializer

    @staticmethod
    def perform(case, data, user):
        return case_urge_and_notify(case=case, note=data["note"], by=user).case

    @extend_schema(
        summary="督办（仅督查人员；须填写督办意见，通知部门审查人员和首席代表）",
        tags=TAG,
        operation_id="cases_urge",
        parameters=[NUMBER],
        request=UrgeSerializer,
        responses={200: case_ser.CaseDetailSerializer, 400: None, 403: None, 404: None, 409: None},
    )
    def post(self, request, number):
        return super().post(request, number)
