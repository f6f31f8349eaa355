"""The OpenAPI schema tells the truth about errors (issue 21 item 5).

Every operation declares the error answers hall.api_errors can give it, with their bodies:
400 (field messages) where there is a body or a query string, 401 everywhere (a token that
is wrong or missing), 403 where a role or department may be refused, 404 where a path names
an object or a page number can run past the end, 409 where a case may be in the wrong state,
413 where a file is uploaded and 429 where the view is throttled (both named by the view
in `error_codes`, or its `throttle_scope`).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import permissions, serializers

ERROR = inline_serializer(
    "Error",
    {
        "detail": serializers.CharField(help_text=_("中文说明")),
        "code": serializers.CharField(required=False, help_text=_("错误代码，如 not_found、conflict")),
    },
)
FIELD_ERRORS = {
    "type": "object",
    "description": "字段错误：{字段名: [中文说明…]}；与字段无关的错误在 non_field_errors 或 detail 中。",
    "additionalProperties": {},
}

_DESCRIPTIONS = {
    "400": _("请求有误：字段错误（中文说明）"),
    "401": _("未登录或令牌无效"),
    "403": _("角色或所属部门无权执行"),
    "404": _("对象不存在或无权查看"),
    "409": _("与办件当前状态冲突"),
    "413": _("上传文件过大"),
    "429": _("请求过于频繁"),
}
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
_OPEN = (permissions.AllowAny, permissions.IsAuthenticatedOrReadOnly)


class HallAutoSchema(AutoSchema):
    # Views name codes of their own in `error_codes`: 413 where files are uploaded, a 429 counted by hand.
    def error_codes(self, operation):
        codes = {"401"}
        unsafe = self.method in _UNSAFE
        parameters = operation.get("parameters", [])
        if unsafe or any(p.get("in") == "query" for p in parameters):
            codes.add("400")
        open_view = all(isinstance(p, _OPEN) for p in self.view.get_permissions())
        if unsafe or not open_view:
            codes.add("403")
        paginated = self.method == "GET" and self._get_paginator() is not None  # a page past the end
        if paginated or any(p.get("in") == "path" for p in parameters):
            codes.add("404")
        if unsafe and "{number}" in self.path:
            codes.add("409")
        if getattr(self.view, "throttle_scope", None):
            codes.add("429")
        codes.update(str(code) for code in getattr(self.view, "error_codes", ()))
        return codes

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        for code in sorted(self.error_codes(operation)):
            if "content" in responses.get(code, {}):
                continue  # the view documented a body of its own
            body = FIELD_ERRORS if code == "400" else ERROR
            responses[code] = self._get_response_for_code(
                OpenApiResponse(response=body, description=str(_DESCRIPTIONS[code])), code
            )
        return operation
