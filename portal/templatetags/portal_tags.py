from django import template

from portal import selectors
from portal.masking import masked_holder as _masked_holder

register = template.Library()


@register.filter
def masked_holder(case):
    return _masked_holder(case)


@register.simple_tag(takes_context=True)
def portal_todo_count(context):
    """Cases waiting for the signed-in applicant: the menu says so on every portal page."""
    request = context.get("request")
    return selectors.todo_count(user=getattr(request, "user", None))


@register.filter
def needs_me(case):
    return case.state in selectors.TODO_STATES or bool(getattr(case, "awaits_supplement", False))
