"""The channels a message goes out on, behind one interface.

    channel_for(Channel.SMS).send(message)   # raises DeliveryError (try again) or
                                             # PermanentDeliveryError (no use trying again)

`external` channels talk to the outside world: a Celery task sends them after commit, with
retries. The in-app channel is the Message row itself, shown in the portal.
"""

import fcntl
from pathlib import Path
from typing import Protocol

import requests
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.module_loading import import_string

from messaging.constants import Channel
from messaging.masking import mask_phones_in


class DeliveryError(Exception):
    """Sending failed for now (timeout, outage, 5xx): try again later."""


class PermanentDeliveryError(DeliveryError):
    """The gateway refused the message (bad number, unknown template): retrying will not help."""


class ChannelBackend(Protocol):
    """What every channel (and every SMS backend) offers."""

    external: bool  # talks to the outside world: sent by a task after commit, with retries

    def send(self, message) -> str:
        """Send one Message; return the provider's reference ("" if none) or raise DeliveryError."""


class InAppChannel:
    external = False

    def send(self, message):
        return ""  # the row is the message; the portal shows it


def sms_text(message):
    """What the phone shows: the signature in 【】 and the text."""
    return f"【{settings.HALL_SMS_SIGNATURE}】{message.body}"


class FileSmsBackend:
    """The default: each SMS is one line of a log file (var/sms.log) the demo shows. The phone
    number is masked in the file, as in every log."""

    def send(self, message):
        path = Path(settings.HALL_SMS_FILE_PATH)
        path.parent.mkdir(parents=True, exist_ok=True)
        stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M:%S")
        text = mask_phones_in(sms_text(message).replace("\n", " "))
        line = f"{stamp}\t{message.masked_phone}\tmsg#{message.pk}\t{message.case.number}\t{text}\n"
        with path.open("a", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)  # web and worker processes append side by side
            handle.write(line)
            fcntl.flock(handle, fcntl.LOCK_UN)
        return f"file:{message.pk}"


class HttpSmsBackend:
    """A commercial SMS gateway over HTTPS (JSON).

    POST HALL_SMS_GATEWAY_URL with `Authorization: Bearer <HALL_SMS_GATEWAY_KEY>` and
    {"phone", "sign_name", "template_id", "params", "content", "out_id"}; the gateway answers
    200 {"code": "OK", "message_id": "..."}. Timeouts, connection errors, 429 and 5xx are
    temporary (retried with backoff); other answers are a permanent refusal.
    """

    def send(self, message):
        url = settings.HALL_SMS_GATEWAY_URL
        if not url:
            raise PermanentDeliveryError("未配置短信网关地址（HALL_SMS_GATEWAY_URL）")
        body = {
            "phone": message.phone,
            "sign_name": settings.HALL_SMS_SIGNATURE,
            "template_id": message.gateway_template_id,
            "params": message.params,
            "content": sms_text(message),
            "out_id": str(message.pk),
        }
        headers = {"Authorization": f"Bearer {settings.HALL_SMS_GATEWAY_KEY}"}
        timeout = (settings.HALL_SMS_GATEWAY_CONNECT_TIMEOUT, settings.HALL_SMS_GATEWAY_READ_TIMEOUT)
        try:
            response = requests.post(url, json=body, headers=headers, timeout=timeout)
        except requests.Timeout as exc:
            raise DeliveryError(f"短信网关超时：{exc.__class__.__name__}") from exc
        except requests.RequestException as exc:
            raise DeliveryError(f"无法连接短信网关：{exc.__class__.__name__}") from exc
        if response.status_code == 429 or response.status_code >= 500:
            raise DeliveryError(f"短信网关暂时不可用：HTTP {response.status_code}")
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        if response.status_code != 200 or answer.get("code") != "OK":
            detail = mask_phones_in(str(answer.get("message") or response.text[:200]))
            raise PermanentDeliveryError(
                f"短信网关拒绝：HTTP {response.status_code} {answer.get('code') or ''} {detail}".strip()
            )
        return str(answer.get("message_id") or "")


SMS_BACKENDS = {"file": FileSmsBackend, "http": HttpSmsBackend}


class SmsChannel:
    external = True

    def send(self, message):
        name = settings.HALL_SMS_BACKEND
        backend = SMS_BACKENDS[name] if name in SMS_BACKENDS else import_string(name)
        return backend().send(message)


class EmailChannel:
    """Django's e-mail backend (EMAIL_BACKEND): SMTP in production, files under var/mail/ by default."""

    external = True

    def send(self, message):
        text = f"{message.body}\n\n{settings.HALL_NAME}"
        try:
            send_mail(message.title, text, settings.DEFAULT_FROM_EMAIL, [message.email], fail_silently=False)
        except Exception as exc:  # SMTP errors, refused connections: try again later
            raise DeliveryError(f"邮件发送失败：{exc.__class__.__name__}") from exc
        return ""


_CHANNELS = {Channel.IN_APP: InAppChannel, Channel.SMS: SmsChannel, Channel.EMAIL: EmailChannel}


def channel_for(channel) -> ChannelBackend:
    return _CHANNELS[Channel(channel)]()
