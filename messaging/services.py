"""Every write of messaging: the messages a case event calls for, sending them, reading them,
and the applicant's choice not to receive SMS."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import Case
from hall.identity import clean_phone, mask_phone
from messaging import rendering
from messaging.channels import DeliveryError, PermanentDeliveryError, channel_for
from messaging.constants import Channel, Status
from messaging.masking import logger
from messaging.models import ContactPreference, Message, MessageTemplate, SmsOptOut, phone_digest

OPTED_OUT = "申请人已退订短信"

# What message_send reports to its task.
SENT, RETRY, FAILED, NOTHING = "sent", "retry", "failed", "nothing"


def enabled_channels():
    return [Channel(c) for c in settings.HALL_MESSAGE_CHANNELS if c in Channel.values]


def sms_opted_out(*, user, phone):
    """Opted out on the portal account, or recorded at a window for the number."""
    if user is not None and ContactPreference.objects.filter(user=user, sms_opt_out=True).exists():
        return True
    return bool(phone) and SmsOptOut.objects.filter(phone_digest=phone_digest(phone)).exists()


def _recipients(case):
    """(channel, address fields) for every channel that can reach the case's applicant."""
    user = case.applicant_user
    phone = case.applicant_phone  # through the model attribute (the field may be encrypted)
    email = (getattr(user, "email", "") or "") if user is not None else ""
    found = {}
    if user is not None:
        found[Channel.IN_APP] = {}
    if phone:
        found[Channel.SMS] = {"phone": phone}
    if email:
        found[Channel.EMAIL] = {"email": email}
    return found


def messages_for_event(*, message):
    """In the subscriber's transaction: one Message per channel for a case event (none for an
    event the applicant is not told about). External channels are sent by a task after commit."""
    kind = rendering.kind_of(message)
    if kind is None:
        return []
    template = MessageTemplate.objects.filter(kind=kind).first()
    if template is not None and not template.is_active:
        return []
    case = Case.objects.select_related("item", "item_version", "applicant_user").get(pk=message.case_id)
    words = rendering.wording(kind, rendering.context_for(message, case), template)
    recipients = _recipients(case)
    created = []
    now = timezone.now()
    for channel in enabled_channels():
        if channel not in recipients:
            continue
        if Message.objects.filter(event_id=message.event_id, channel=channel).exists():
            continue  # made before (a redelivery): one message per (event, channel)
        row = Message(
            event_id=message.event_id,
            case=case,
            channel=channel,
            kind=kind,
            recipient=case.applicant_user,
            title=words.title,
            body=words.body,
            params=words.params,
            gateway_template_id=words.gateway_template_id if channel == Channel.SMS else "",
            created_at=now,
            **recipients[channel],
        )
        if channel == Channel.SMS and sms_opted_out(user=case.applicant_user, phone=row.phone):
            row.status, row.last_error = Status.SKIPPED, OPTED_OUT
        backend = channel_for(channel)
        if not backend.external and row.status == Status.PENDING:
            backend.send(row)
            row.status, row.sent_at = Status.SENT, now
        with transaction.atomic():  # a concurrent duplicate loses on the unique constraint
            try:
                row.save()
            except IntegrityError:
                continue
        created.append(row)
        if backend.external and row.status == Status.PENDING:
            enqueue_send(row.pk)
    return created


def enqueue_send(message_id, countdown=None):
    """On commit: a worker sends the message (the sweep is the backstop if this is lost)."""

    def send():
        from messaging import tasks

        try:
            tasks.send_message.apply_async(args=[message_id], countdown=countdown)
        except Exception:  # the broker is down: the sweep sends it later
            logger.exception("could not enqueue message %s", message_id)

    transaction.on_commit(send)


def backoff_seconds(attempts):
    """10 s, 20 s, 40 s … after the n-th failed attempt, at most HALL_SMS_RETRY_BACKOFF_MAX_SECONDS."""
    base, cap = settings.HALL_SMS_RETRY_BACKOFF_SECONDS, settings.HALL_SMS_RETRY_BACKOFF_MAX_SECONDS
    return min(base * 2 ** max(attempts - 1, 0), cap)


def _stale_after():
    """A claim older than this was lost with its worker: the message may be tried again."""
    return timedelta(seconds=settings.HALL_SMS_GATEWAY_CONNECT_TIMEOUT + settings.HALL_SMS_GATEWAY_READ_TIMEOUT + 60)


def _claim(message_id, now):
    with transaction.atomic():
        row = Message.objects.select_for_update().select_related("case").filter(pk=message_id).first()
        if row is None or row.status in (Status.SENT, Status.FAILED, Status.SKIPPED):
            return None
        if row.status == Status.SENDING and row.claimed_at and row.claimed_at > now - _stale_after():
            return None  # another worker is sending it right now
        row.status, row.claimed_at, row.attempts = Status.SENDING, now, min(row.attempts + 1, 32000)
        row.save(update_fields=["status", "claimed_at", "attempts"])
        return row


def message_send(*, message_id, now=None):
    """Try to send one message once. The row is claimed in one transaction and the outcome
    recorded in another, so the gateway is never called while a database lock is held and two
    workers never send the same message at once. Returns SENT, RETRY, FAILED or NOTHING."""
    now = now or timezone.now()
    row = _claim(message_id, now)
    if row is None:
        return NOTHING
    if row.channel == Channel.SMS and sms_opted_out(user=row.recipient, phone=row.phone):
        # opted out after the message was made (or a resend of a skipped one): still no SMS
        Message.objects.filter(pk=row.pk, status=Status.SENDING).update(
            status=Status.SKIPPED, last_error=OPTED_OUT, claimed_at=None, next_attempt_at=None
        )
        return NOTHING
    update = {"claimed_at": None}
    try:
        reference = channel_for(row.channel).send(row)
    except PermanentDeliveryError as exc:
        update.update(status=Status.FAILED, last_error=str(exc)[:1000], next_attempt_at=None)
    except Exception as exc:  # DeliveryError, or anything unexpected: worth another try
        error = str(exc) if isinstance(exc, DeliveryError) else f"{exc.__class__.__name__}"
        if row.attempts > settings.HALL_SMS_MAX_RETRIES:
            update.update(status=Status.FAILED, last_error=error[:1000], next_attempt_at=None)
        else:
            retry_at = timezone.now() + timedelta(seconds=backoff_seconds(row.attempts))
            update.update(status=Status.PENDING, last_error=error[:1000], next_attempt_at=retry_at)
    else:
        update.update(
            status=Status.SENT,
            sent_at=timezone.now(),
            gateway_message_id=str(reference or "")[:100],
            next_attempt_at=None,
        )
    Message.objects.filter(pk=row.pk, status=Status.SENDING).update(**update)
    outcome = {Status.SENT: SENT, Status.FAILED: FAILED, Status.PENDING: RETRY}[update["status"]]
    log = logger.info if outcome == SENT else logger.warning
    log(
        "message %s (%s to %s, case %s): %s after %s attempt(s)%s",
        row.pk,
        row.channel,
        mask_phone(row.phone) if row.phone else "-",
        row.case.number,
        outcome,
        row.attempts,
        f": {update['last_error']}" if update.get("last_error") else "",
    )
    return outcome


def message_resend(*, message, by=None):
    """Hall admin: send a failed (or skipped) message again from its first attempt."""
    with transaction.atomic():
        row = Message.objects.select_for_update().get(pk=message.pk)
        if row.channel == Channel.IN_APP or row.status in (Status.SENT, Status.SENDING):
            return False
        row.status, row.attempts, row.next_attempt_at, row.claimed_at = Status.PENDING, 0, None, None
        row.save(update_fields=["status", "attempts", "next_attempt_at", "claimed_at"])
        enqueue_send(row.pk)
    return True


def messages_sweep(*, now=None, grace_seconds=None, limit=500):
    """The beat backstop: enqueue external messages a lost task or a killed worker left pending."""
    from django.db.models import Q

    now = now or timezone.now()
    grace = timedelta(seconds=settings.HALL_MESSAGES_SWEEP_GRACE_SECONDS if grace_seconds is None else grace_seconds)
    due = (
        Message.objects.filter(channel__in=[Channel.SMS, Channel.EMAIL])
        .filter(
            Q(status=Status.PENDING, next_attempt_at__isnull=True, created_at__lte=now - grace)
            | Q(status=Status.PENDING, next_attempt_at__lte=now - grace)
            | Q(status=Status.SENDING, claimed_at__lte=now - _stale_after())
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    ids = list(due)
    with transaction.atomic():
        for pk in ids:
            enqueue_send(pk)
    return len(ids)


def message_mark_read(*, user, message_id=None):
    """The applicant reads one message (or all): only their own in-app messages."""
    rows = Message.objects.filter(recipient=user, channel=Channel.IN_APP, read_at__isnull=True)
    if message_id is not None:
        rows = rows.filter(pk=message_id)
    return rows.update(read_at=timezone.now())


def preference_set_sms_opt_out(*, user, opt_out):
    preference, _created = ContactPreference.objects.update_or_create(
        user=user, defaults={"sms_opt_out": bool(opt_out)}
    )
    return preference


def sms_opt_out_record(*, phone, by=None, note=""):
    """Staff record that a window applicant's number wants no SMS (stored as a keyed hash)."""
    try:
        number = clean_phone(phone)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}) from exc
    opt_out, created = SmsOptOut.objects.get_or_create(
        phone_digest=phone_digest(number),
        defaults={"masked_phone": mask_phone(number), "recorded_by": by, "note": note},
    )
    if not created:
        raise ValidationError({"phone": [_("该号码已登记退订短信。")]})
    return opt_out
