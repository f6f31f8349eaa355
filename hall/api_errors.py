"""One place that turns domain errors into the HTTP answers of DESIGN.md §8."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django_fsm import ConcurrentTransition, TransitionNotAllowed
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.views import exception_handler


class Conflict(APIException):
    """A transition not allowed in the case's current state, or one that lost a race."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "该操作与办件当前状态冲突，请刷新后重试。"
    default_code = "conflict"


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "上传文件过大。"
    default_code = "too_large"


def hall_exception_handler(exc, context):
    if isinstance(exc, TransitionNotAllowed | ConcurrentTransition):
        exc = Conflict(detail=str(exc) or Conflict.default_detail)
    elif isinstance(exc, DjangoValidationError) and getattr(exc, "http_status", None) == 413:
        exc = PayloadTooLarge(detail=" ".join(exc.messages))  # approvals.uploads.UploadTooLarge
    elif isinstance(exc, DjangoValidationError):
        exc = ValidationError(detail=_django_validation_detail(exc))
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(response.data, dict) and "detail" in response.data:
        response.data.setdefault("code", getattr(exc, "default_code", "error"))
    return response


def _django_validation_detail(exc):
    if hasattr(exc, "message_dict"):
        return exc.message_dict
    return {"detail": exc.messages}
