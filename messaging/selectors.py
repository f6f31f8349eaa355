"""Reads of messaging; an applicant sees only their own in-app messages."""

from messaging.constants import Channel
from messaging.models import ContactPreference, Message


def inbox_of(user):
    """The signed-in applicant's in-app messages, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Message.objects.none()
    return Message.objects.filter(recipient=user, channel=Channel.IN_APP).select_related("case")


def unread_count(user):
    return inbox_of(user).filter(read_at__isnull=True).count()


def sms_opt_out_of(user):
    preference = ContactPreference.objects.filter(user=user).first()
    return bool(preference and preference.sms_opt_out)
