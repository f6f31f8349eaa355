"""The input of each case action: ONE Django form per action, used by every door.

The workbench renders and validates them; the REST action endpoints validate their JSON or
form-encoded body with the same form (approvals.api.views.action_input) and the OpenAPI schema
documents the body from the form's fields (approvals.api.action_schema). The field names are
the service's keyword arguments: a row of approvals.actions calls
`service(case=..., by=..., **form.cleaned_data)`.

Forms only shape the input; the services hold the rules and their Chinese messages.
"""

from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from approvals.constants import DeliveryMethod, Outcome, SuspensionKind

TEXT_MAX = 2000


class ActionForm(forms.Form):
    """A case action's input. `case` lets a form offer the case's own choices (materials…).

    `input_only` names fields that shape the input but never reach the service (the form's
    clean() folds them into the service's arguments, e.g. a chosen standard reason).
    """

    input_only: tuple[str, ...] = ()

    def __init__(self, data=None, files=None, *, case=None, **kwargs):
        self.case = case
        super().__init__(data, files, **kwargs)
        if case is not None:
            self.for_case(case)

    def for_case(self, case):
        """Adjust choices or initial values to the case (nothing by default)."""


class NoteForm(ActionForm):
    note = forms.CharField(label=_("备注"), max_length=TEXT_MAX, required=False)


class AdvanceForm(ActionForm):
    opinion = forms.CharField(
        label=_("审查意见"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX,
        required=False,
        help_text=_("本环节的审查意见，记入办件流程"),
    )

    def for_case(self, case):
        step = case.step(case.current_step) if case.current_step is not None else None
        if step is not None and step.get("opinion_required"):
            self.fields["opinion"].help_text = _("“%(step)s”环节须填写审查意见") % {"step": step["name"]}


class ReasonForm(ActionForm):
    reason = forms.CharField(
        label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=TEXT_MAX, required=False
    )


class RefuseForm(ActionForm):
    """不予受理: a standard reason from the hall's list, or one typed; the pages ask once more.

    Only `reason` reaches the service (the chosen reason, then what was typed). The workbench
    shows the confirmation step until `confirmed` is ticked (`needs_confirmation`); API clients
    confirm on their side.
    """

    standard_reason = forms.IntegerField(label=_("常用理由"), required=False, widget=forms.Select)
    reason = forms.CharField(
        label=_("理由"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX,
        required=False,
        help_text=_("选择常用理由，或在此填写（可补充说明）"),
    )
    confirmed = forms.BooleanField(label=_("已核对，确认不予受理"), required=False)
    input_only = ("standard_reason", "confirmed")

    def for_case(self, case):
        from approvals.models import RefusalReason

        self._reasons = {r.pk: r.text for r in RefusalReason.objects.filter(is_active=True)}
        self.fields["standard_reason"].widget.choices = [("", _("—— 自行填写理由 ——"))] + list(self._reasons.items())

    def clean(self):
        data = super().clean()
        picked = data.get("standard_reason")
        typed = (data.get("reason") or "").strip()
        parts = []
        if picked is not None:
            text = getattr(self, "_reasons", {}).get(picked)
            if text is None:
                self.add_error("standard_reason", _("请从列表中选择常用理由。"))
                return data
            parts.append(text)
        if typed:
            parts.append(typed)
        if not parts:
            self.add_error("reason", _("不予受理必须说明理由。"))
            return data
        self.confirmed = bool(data.get("confirmed"))
        self.reason_text = "；".join(parts)
        return {"reason": self.reason_text}

    @property
    def needs_confirmation(self):
        return not getattr(self, "confirmed", False)


class WithdrawForm(ReasonForm):
    reason = forms.CharField(label=_("撤回理由"), max_length=TEXT_MAX, required=False)


class SupplementForm(ActionForm):
    materials = forms.TypedMultipleChoiceField(
        label=_("需补正的材料"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("材料要求编号，须列明全部需补正的材料"),
    )
    note = forms.CharField(
        label=_("告知说明"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX,
        required=False,
        initial=_("请按本告知书一次性补齐下列材料后再次提交。"),
    )

    def for_case(self, case):
        rows = getattr(case, "material_rows", None) or list(case.materials.all())
        self.fields["materials"].choices = [(m.requirement_id, m.name) for m in rows]
        if not self.is_bound:
            self.initial["materials"] = [m.requirement_id for m in rows if m.required and not m.satisfied]


class ReturnOnlineForm(ActionForm):
    """网上预审退回: the materials to correct, each with its reason.

    The API sends `reasons` as {"<requirement id>": "原因"}; the workbench shows one box per
    material (`reason_<id>`), gathered into `reasons` here.
    """

    materials = forms.TypedMultipleChoiceField(
        label=_("需补正的材料"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    reasons = forms.JSONField(
        label=_("补正原因"),
        required=False,
        widget=forms.HiddenInput,
        help_text=_('按材料要求编号逐项填写，如 {"12": "营业执照已过期"}'),
    )
    note = forms.CharField(
        label=_("告知说明"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX,
        required=False,
        initial=_("请按下列原因一次性修改或补传材料后重新提交。"),
    )

    def for_case(self, case):
        rows = getattr(case, "material_rows", None) or list(case.materials.all())
        self.fields["materials"].choices = [(m.requirement_id, m.name) for m in rows]
        self.reason_fields = []
        for m in rows:
            name = f"reason_{m.requirement_id}"
            self.fields[name] = forms.CharField(
                label=_("“%(name)s”的补正原因") % {"name": m.name}, max_length=200, required=False
            )
            self.reason_fields.append((m.requirement_id, name))

    def clean_reasons(self):
        value = self.cleaned_data.get("reasons")
        if value in (None, ""):
            return {}
        if not isinstance(value, dict):
            raise forms.ValidationError(_("补正原因须按材料逐项填写。"))
        return value

    def clean(self):
        data = super().clean()
        reasons = dict(data.get("reasons") or {})
        for rid, name in getattr(self, "reason_fields", []):
            text = (data.pop(name, "") or "").strip()
            if text:
                reasons[str(rid)] = text
        data["reasons"] = reasons
        return data

    def reason_boxes(self):
        """(material checkbox, its reason field) pairs for the workbench."""
        boxes = {str(choice.data["value"]): choice for choice in self["materials"]}
        return [(boxes.get(str(rid)), self[name]) for rid, name in getattr(self, "reason_fields", [])]


class SuspendForm(ActionForm):
    kind = forms.ChoiceField(label=_("特别程序类型"), choices=SuspensionKind.choices)
    reason = forms.CharField(
        label=_("事由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=TEXT_MAX, required=False
    )


class DecideForm(ActionForm):
    outcome = forms.ChoiceField(  # no default: the chief chooses 准予 or 不予 explicitly
        label=_("决定"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请选择准予许可或不予许可。"),
            "invalid_choice": _("决定结果只能是准予许可或不予许可。"),
        },
    )
    reason = forms.CharField(
        label=_("理由"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX,
        required=False,
        help_text=_("不予许可必须说明理由"),
    )


class IssueForm(ActionForm):
    certificate_number = forms.CharField(
        label=_("证照编号"), max_length=60, required=False, help_text=_("留空则按办件编号自动生成")
    )
    valid_until = forms.DateField(
        label=_("有效期至"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),  # a date input reads ISO only
        help_text=_("留空则按事项规定的默认有效期"),
    )
    long_term = forms.BooleanField(label=_("长期有效"), required=False)
    note = forms.CharField(label=_("备注"), max_length=TEXT_MAX, required=False)

    def for_case(self, case):
        from django.utils import timezone

        from approvals.services.completion import default_validity

        today = timezone.localdate()
        self.fields["valid_until"].widget.attrs["min"] = (today + timedelta(days=1)).isoformat()
        if self.is_bound:
            return
        valid_until, long_term = default_validity(case=case, today=today)
        self.initial.update({"valid_until": valid_until, "long_term": long_term})


class DeliverForm(ActionForm):
    method = forms.ChoiceField(
        label=_("送达方式"), choices=DeliveryMethod.choices, initial=DeliveryMethod.PICKUP, widget=forms.RadioSelect
    )
    collector_name = forms.CharField(label=_("领取人姓名"), max_length=50, required=False)
    collector_id_number = forms.CharField(
        label=_("领取人身份证号"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-id-check": "person", "spellcheck": "false"}),
    )
    authorisation_letter = forms.BooleanField(
        label=_("已收取授权委托书（纸质原件）"),
        required=False,
        help_text=_("领取人不是申请人本人或办件登记的代理人时须提交"),
    )
    tracking_number = forms.CharField(label=_("快递单号"), max_length=60, required=False)
    address = forms.CharField(label=_("邮寄地址"), max_length=200, required=False)
    email = forms.CharField(label=_("电子送达地址/邮箱"), max_length=100, required=False)
    note = forms.CharField(label=_("备注"), max_length=TEXT_MAX, required=False)

    def for_case(self, case):
        from approvals.selectors import delivery_preference_of

        if self.is_bound:
            return
        preference = delivery_preference_of(case)
        if preference is not None:  # start from what the applicant asked for
            self.initial["method"] = preference.method


class ChooseDeliveryForm(ActionForm):
    method = forms.ChoiceField(label=_("领取方式"), choices=DeliveryMethod.choices, widget=forms.RadioSelect)
    recipient = forms.CharField(label=_("收件人"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("收件电话"), max_length=20, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    address = forms.CharField(label=_("邮寄地址"), max_length=200, required=False)
