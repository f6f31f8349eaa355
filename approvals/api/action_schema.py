"""The OpenAPI side of the case action endpoints, generated from approvals.actions.

Each action's request body is documented from its row's form (the same form that validates
it): `form_serializer(form_class)` maps the form's fields to a DRF serializer that is used
for the schema only. `CaseActionSchema` gives each URL of the one generic view its own
operation id, summary and body, from the row the URL was built with.
"""

from functools import cache

from django import forms
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

from approvals.api import serializers as ser
from hall.api_schema import HallAutoSchema

TAG = ["办件"]
NUMBER = OpenApiParameter("number", str, OpenApiParameter.PATH, description="办件编号")


def _common(field):
    kwargs = {"required": field.required, "label": field.label}
    if field.help_text:
        kwargs["help_text"] = field.help_text
    return kwargs


def _to_drf(field):
    """One Django form field as the DRF field that describes the same JSON value."""
    common = _common(field)
    if isinstance(field, forms.MultipleChoiceField):
        coerce = getattr(field, "coerce", None)
        child = serializers.IntegerField(min_value=1) if coerce is int else serializers.CharField()
        return serializers.ListField(child=child, allow_empty=not field.required, **common)
    if isinstance(field, forms.ChoiceField):
        return serializers.ChoiceField(choices=field.choices, allow_blank=not field.required, **common)
    if isinstance(field, forms.BooleanField):
        return serializers.BooleanField(**{**common, "required": False})
    if isinstance(field, forms.DateField):
        return serializers.DateField(allow_null=not field.required, **common)
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(min_value=field.min_value, max_value=field.max_value, **common)
    if isinstance(field, forms.JSONField):  # e.g. the reasons per material of return-online
        return serializers.DictField(child=serializers.CharField(), **common)
    if isinstance(field, forms.EmailField):
        return serializers.EmailField(allow_blank=not field.required, max_length=field.max_length, **common)
    return serializers.CharField(
        allow_blank=not field.required, max_length=getattr(field, "max_length", None), **common
    )


@cache
def form_serializer(form_class):
    """The request-body serializer (schema only) of an action form, one component per form."""
    name = form_class.__name__.removesuffix("Form") + "Action"
    fields = {name_: _to_drf(field) for name_, field in form_class.base_fields.items()}
    return inline_serializer(name, fields)


class CaseHeldSerializer(serializers.Serializer):
    """The action waits for someone's confirmation (approvals.actions.hold): nothing changed yet."""

    number = serializers.CharField()
    state = serializers.CharField()
    held = serializers.BooleanField()
    detail = serializers.CharField()


class CaseActionSchema(HallAutoSchema):
    """One operation per row: `self.view.row` is the row the URL was built with."""

    @property
    def row(self):
        return self.view.row

    def get_operation_id(self):
        return f"cases_{self.row.slug.replace('-', '_')}"

    def get_summary(self):
        return str(self.row.summary)

    def get_description(self):
        return str(self.row.label)

    def get_tags(self):
        return TAG

    def get_override_parameters(self):
        return [NUMBER]

    def get_request_serializer(self):
        return form_serializer(self.row.form)

    def get_response_serializers(self):
        done = self.resolve_serializer(ser.CaseActionResultSerializer(), "response").ref
        description = "办件现在的状态、时限和当前用户可执行的操作（精简；完整办件详情请 GET cases/{number}/）"
        held = self.resolve_serializer(CaseHeldSerializer(), "response").ref
        return {
            200: OpenApiResponse(response=done, description=description),
            202: OpenApiResponse(
                response=held, description="操作已提交确认（如窗口不予受理须经首席代表确认），尚未生效"
            ),
        }
