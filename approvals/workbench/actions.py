"""The case actions a workbench offers: the rows of approvals.actions marked for the workbench.

Whether an action is offered is asked of the row (its policy and its transition), never
re-implemented here; the form, the service and the success message come from the row too.
"""

from approvals import actions


def allowed_actions(user, case):
    """The slugs of the actions this user may take on this case now, in display order."""
    return [row.slug for row in actions.offered(user, case, on=actions.WORKBENCH)]


def workbench_row(slug):
    """The row a workbench page may post to, or None (not an action, or not offered on the pages)."""
    row = actions.get(slug)
    return row if row is not None and actions.WORKBENCH in row.on else None


def make_form(slug, case, data=None, files=None):
    form = actions.get(slug).make_form(case, data, files, prefix=slug)
    for name, field in _PAGE_ONLY_FIELDS.get(slug, {}).items():
        form.fields[name] = field()
    return form


def _authorisation_file():
    from django import forms
    from django.utils.translation import gettext_lazy as _

    return forms.FileField(
        label=_("或上传授权委托书扫描件"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


# Inputs only the pages take (a file from the browser); their names are service keyword arguments.
_PAGE_ONLY_FIELDS = {"deliver": {"authorisation_file": _authorisation_file}}
