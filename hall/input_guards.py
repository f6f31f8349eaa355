"""Hostile input stopped at the edge, once for every page and endpoint.

- `UploadSizeMiddleware`: a request body announced larger than the biggest upload the hall
  accepts (HALL_UPLOAD_MAX_BYTES, plus room for the form around the file) is refused with
  413 by its Content-Length, before a byte of it is read.
- `ControlCharacterMiddleware`: a NUL byte (or another control character) in the URL path,
  the query string, a form field or a JSON body is refused with 404 (path) or 400 (the rest).
  PostgreSQL cannot store or even compare a string holding NUL, so without this one check
  every view that looks such a value up would answer 500.

Both answer in the user's language: JSON (`{"detail", "code"}`) under /api/, a page elsewhere.
"""

import json
import re

from django.conf import settings
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

# C0 controls and DEL; tab, line feed and carriage return are ordinary text in a field.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A path has no business holding any control character at all.
_PATH_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Multipart boundaries, headers and the form fields sent beside the file.
FORM_OVERHEAD_BYTES = 1024 * 1024


def has_control_characters(text):
    return bool(_CONTROL.search(text))


def _refuse(request, *, status, code, message):
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message, "code": code}, status=status, json_dumps_params={"ensure_ascii": False})
    return render(request, "hall/bad_request.html", {"message": message, "status": status}, status=status)


class UploadSizeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.HALL_UPLOAD_MAX_BYTES
        if length > limit + FORM_OVERHEAD_BYTES:
            message = _("上传文件不能超过 %(mb)s MB。") % {"mb": f"{limit / 1024 / 1024:g}"}
            response = _refuse(request, status=413, code="too_large", message=message)
            response["Connection"] = "close"  # the unread body must not be taken for the next request
            return response
        return self.get_response(request)


class ControlCharacterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _PATH_CONTROL.search(request.path_info):
            return _refuse(request, status=404, code="not_found", message=_("页面不存在：网址中含有不允许的控制字符。"))
        if self._input_has_control_characters(request):
            message = _("请求中含有不允许的控制字符（如 NUL），请删除后重试。")
            return _refuse(request, status=400, code="control_character", message=message)
        return self.get_response(request)

    def _input_has_control_characters(self, request):
        if _any_in_querydict(request.GET):
            return True
        content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        if request.method == "POST" and content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            try:
                return _any_in_querydict(request.POST) or any(has_control_characters(name) for name in request.FILES)
            except MultiPartParserError:
                return False  # malformed: the view answers it with its own 400
        if content_type == "application/json" or content_type.endswith("+json"):
            try:
                document = json.loads(request.body or b"null")
            except (ValueError, RecursionError):
                return False  # not JSON: the view's parser answers 400
            return _any_in_json(document)
        return False


def _any_in_querydict(data):
    return any(
        has_control_characters(key) or any(has_control_characters(v) for v in values) for key, values in data.lists()
    )


def _any_in_json(document):
    stack = [document]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if has_control_characters(value):
                return True
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False
