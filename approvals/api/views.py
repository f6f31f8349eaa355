"""Case endpoints: validate the input, call one selector or service, serialize the answer.

Errors come out through hall.api_errors: a case the user may not see is 404, a role or
department that may not act is 403 (the service's PermissionDenied), a state that does not
allow the action is 409, bad input is 400 with field messages, an oversized upload is 413.
"""

import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from approvals import selectors, services
from approvals.actions import Held
from approvals.api import serializers as ser
from approvals.api.action_schema import NUMBER, TAG, CaseActionSchema
from approvals.api.filters import case_filters
from approvals.models import Case
from audit import services as audit
from catalog.models import Item
from hall.selectors import staff_profile_of


def is_applicant(user):
    return staff_profile_of(user) is None and not user.is_superuser


def detail_response(request, number, *, status_code=status.HTTP_200_OK, created=None):
    """The case detail; `created`: a case case_create just wrote, answered as written."""
    if created is not None and hasattr(created, "event_rows"):
        case = created
    else:
        case = selectors.case_detail(user=request.user, number=number)
    if is_applicant(request.user):
        case.event_rows = [e for e in case.event_rows if e.public]
    data = ser.CaseDetailSerializer(case, context={"request": request}).data
    if ser.sees_personal_data(request.user, case):  # audit: full ID number and phone shown
        audit.record_case_view(request=request, case=case, view="api-case-detail", full=True)
    return Response(data, status=status_code)


def after_action(request, case):
    """The compact answer of an action: state, clock and next actions (the full case is at GET).

    `case` is the object the service locked and refreshed in place; a service of another app
    that locked the case by id leaves it stale, and then the few fields shown are read again.
    """
    if not getattr(case, "_relocked", False):
        fresh = Case.objects.filter(pk=case.pk).values(*_ACTION_RESULT_FIELDS).first() or {}
        for name, value in fresh.items():
            case.__dict__[name] = value  # state is protected: set it raw
    return Response(ser.CaseActionResultSerializer(case, context={"request": request}).data)


_ACTION_RESULT_FIELDS = (
    "state",
    "accepted_at",
    "deadline_at",
    "warn_at",
    "auto_accept_at",
    "provisional",
    "current_step",
    "department_id",
    "window_id",
    "agent_id",
    "applicant_user_id",
)


class CaseListCreateView(generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = ser.CaseListSerializer
    filter_backends = []

    def get_queryset(self):
        user = self.request.user
        return selectors.case_list(user=user, filters=case_filters(self.request.query_params, user=user))

    @extend_schema(
        summary="办件列表（按可见范围；可按状态、部门、事项、预警等级、窗口、日期筛选）",
        tags=TAG,
        parameters=[ser.CaseListQuerySerializer],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="登记办件（窗口人员代申请人登记；申请人本人账号网上申请，申请人信息取自账号）",
        description=(
            "申请人网上申请先保存为草稿（draft=true），逐项上传必要材料（POST materials/）后调用 submit 提交；"
            "draft=false 时仅当必要材料已齐全（事项没有必要材料）才直接提交，否则返回 400 并列明缺少的材料，"
            "不登记办件。hall（可选，大厅代码）：网上申请时选择收件大厅（就近办、全市通办），不填为审批部门所在大厅；"
            "该大厅不受理此事项时返回 400（hall 字段）。"
        ),
        tags=TAG,
        request=ser.CaseCreateSerializer,
        responses={201: ser.CaseDetailSerializer},
    )
    def post(self, request, *args, **kwargs):
        body = ser.CaseCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        item = Item.objects.select_related("department").filter(code=data["item"]).first()
        if item is None:
            raise ValidationError({"item": [_("事项不存在：%(code)s。") % {"code": data["item"]}]})
        hall = None
        if data.get("hall"):
            from hall.models import Hall

            hall = Hall.objects.filter(code=data["hall"], is_active=True).first()
            if hall is None:
                raise ValidationError({"hall": [_("大厅不存在或已停用：%(code)s。") % {"code": data["hall"]}]})
        if is_applicant(request.user):
            # An applicant applies for themselves, online, as their account says. The case starts
            # as a draft; draft=false submits it at once, which case_submit refuses (400, nothing
            # created) while a required material has no file — upload into a draft, then submit.
            try:
                case = services.case_create(
                    item=item, channel="online", by=request.user, draft=data["draft"], hall=hall
                )
            except DjangoValidationError as exc:
                materials = getattr(exc, "error_dict", {}).get("materials")
                if data["draft"] or not materials:
                    raise
                hint = _("请先保存为草稿（draft=true），上传必要材料后再提交。")
                raise ValidationError({"materials": [*exc.message_dict["materials"], hint]}) from exc
        else:
            if "applicant" not in data:
                raise ValidationError({"applicant": [_("请填写申请人信息。")]})
            case = services.case_create(
                item=item,
                channel=data.get("channel") or "window",
                applicant=data["applicant"],
                by=request.user,
                hall=hall,
            )
        return detail_response(request, case.number, status_code=status.HTTP_201_CREATED, created=case)


class CaseDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="办件详情（状态、预警等级、时限、材料、时间线）",
        tags=TAG,
        parameters=[NUMBER],
        responses=ser.CaseDetailSerializer,
    )
    def get(self, request, number):
        return detail_response(request, number)


class CaseEventsView(generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = ser.CaseEventSerializer
    filter_backends = []
    pagination_class = None

    def get_queryset(self):
        case = selectors.case_get_visible(user=self.request.user, number=self.kwargs["number"])
        return selectors.case_events(case=case, public_only=is_applicant(self.request.user))

    @extend_schema(summary="办件时间线（事件日志，系统操作的操作人为 null）", tags=TAG, parameters=[NUMBER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class CaseMaterialsView(APIView):
    permission_classes = [IsAuthenticated]
    error_codes = (413,)  # an oversized file
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        summary="收取材料：上传文件（multipart：requirement + file），或登记纸质材料（JSON：requirement + paper）",
        tags=TAG,
        parameters=[NUMBER],
        request={"multipart/form-data": ser.MaterialInSerializer, "application/json": ser.MaterialInSerializer},
        responses={201: ser.CaseMaterialSerializer},
    )
    def post(self, request, number):
        body = ser.MaterialInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            with services.request_transaction():  # one look-up that takes the row lock (as the actions do)
                case = selectors.case_for_action(user=request.user, number=number, lock=True)
                material = services.case_record_material(
                    case=case,
                    requirement_id=data["requirement"],
                    file=data.get("file"),
                    paper=data.get("paper"),
                    status=data.get("status"),
                    note=data["note"],
                    by=request.user,
                )
        except services.UploadTypeNotAllowed as exc:
            raise ValidationError({"file": exc.messages}) from exc
        return Response(ser.CaseMaterialSerializer(material).data, status=status.HTTP_201_CREATED)


class CaseActionView(APIView):
    """POST cases/{number}/{slug}/ for one row of approvals.actions (the row is given to as_view).

    404 before anything else when the case is invisible; then the row's form validates the body
    (400 with field messages); the row's service says 403 (policy) or 409 (state).
    """

    permission_classes = [IsAuthenticated]
    schema = CaseActionSchema()
    row = None  # an approvals.actions.CaseAction, set per URL

    def post(self, request, number):
        try:
            with services.request_transaction():
                # The one look-up: visibility-scoped, no level annotation, and it takes the row lock.
                case = selectors.case_for_action(user=request.user, number=number, lock=True)
                data = action_input(self.row, case, request.data)
                result = self.row.run(case=case, by=request.user, data=data)
        except services.WindowClosed:
            # Too late: the deemed acceptance the service applied went with the rollback.
            services.case_deem_accepted(case_id=case.pk)
            raise
        if isinstance(result, Held):  # another app holds it for confirmation (202: not done yet)
            return Response(
                {"number": case.number, "state": case.state, "held": True, "detail": str(result.message)},
                status=status.HTTP_202_ACCEPTED,
            )
        return after_action(request, case)


def action_input(row, case, body):
    """Validate a JSON or form-encoded body with the row's form: its cleaned data, or a 400."""
    form = row.make_form(case, data=_form_data(body))
    if not form.is_valid():
        errors = {("non_field_errors" if k == "__all__" else k): list(v) for k, v in form.errors.items()}
        raise ValidationError(errors)
    return form.cleaned_data


def _form_data(body):
    """A JSON object as the form would receive it from a browser: strings, lists for repeats."""
    if isinstance(body, QueryDict):
        return body
    if not isinstance(body, dict):
        raise ValidationError({"non_field_errors": [_("请求体必须是 JSON 对象。")]})
    data = MultiValueDict()
    for key, value in body.items():
        values = value if isinstance(value, list) else [value]
        data.setlist(key, [_as_text(v) for v in values])
    return data


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):  # an object (return-online's reasons) reaches its JSONField as JSON
        return json.dumps(value, ensure_ascii=False)
    return value if isinstance(value, str) else str(value)
