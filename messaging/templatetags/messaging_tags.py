from django import template

from messaging import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_message_count(context):
    """Unread in-app messages of the signed-in applicant, for the portal header."""
    request = context.get("request")
    try:
        return selectors.unread_count(getattr(request, "user", None))
    except Exception:  # a header must never break a page
        return 0
