"""跨域通办: the REST handoff of a case to another city's platform (docs/cross_region.md).

A client has `send(*, delivery_id, payload) -> Answer` and raises HandoffError when it gives up.
- HttpClient POSTs the JSON body to HALL_CROSS_REGION_URL, signed with HMAC-SHA256 over
  "<timestamp>.<body>" with HALL_CROSS_REGION_KEY, and retries timeouts, refused connections,
  429 and 5xx with doubling backoff (HALL_CROSS_REGION_MAX_ATTEMPTS tries);
- LogClient (the demo) appends the body as one JSON line to HALL_CROSS_REGION_LOG_PATH.
HALL_CROSS_REGION_CLIENT selects the class.
"""

import hashlib
import hmac
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger("network.crossregion")

SCHEMA = "hall.cross-region.handoff/1"
SIGNATURE_HEADER = "X-Hall-Signature"
TIMESTAMP_HEADER = "X-Hall-Timestamp"
DELIVERY_HEADER = "X-Hall-Delivery"
PLATFORM_HEADER = "X-Hall-Platform"


class HandoffError(Exception):
    """The partner did not take the handoff after every try."""

    def __init__(self, message, *, attempts=1, status=None):
        super().__init__(message)
        self.attempts, self.status = attempts, status


@dataclass(frozen=True)
class Answer:
    reference: str  # the partner's own number for the application
    attempts: int


def sign(*, key, timestamp, body):
    return "sha256=" + hmac.new(key.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def verify(*, key, timestamp, body, header):
    return hmac.compare_digest(sign(key=key, timestamp=timestamp, body=body), header or "")


def encode(payload):
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def build_payload(*, case, handoff, note="", masked=False):
    """The documented body (docs/cross_region.md): what the partner needs to decide the case.

    Personal numbers travel in full (the partner decides on them; the channel must be TLS); the
    copy kept on the handoff row is `masked` (numbers are kept encrypted on the case only).
    """
    from hall.identity import mask_id_number, mask_phone

    materials = [
        {
            "name": m.name,
            "required": m.required,
            "status": m.status,
            "paper_originals": m.paper_originals,
            "paper_copies": m.paper_copies,
            "sha256": m.sha256 or None,
        }
        for m in case.materials.order_by("position", "requirement_id")
    ]
    return {
        "schema": SCHEMA,
        "delivery_id": str(handoff.delivery_id),
        "sent_at": timezone.localtime(handoff.created_at).isoformat(),
        "from_platform": settings.HALL_CROSS_REGION_PLATFORM_ID or settings.HALL_CODE,
        "to_region": handoff.region_code,
        "receiving_hall": {
            "code": case.hall.code,
            "name": case.hall.name,
            "address": case.hall.address,
            "phone": case.hall.phone,
        },
        "case": {
            "number": case.number,
            "item_code": case.item.code,
            "item_name": case.item.name,
            "item_version": case.item_version.number,
            "channel": case.channel,
            "received_at": timezone.localtime(case.created_at).isoformat(),
        },
        "applicant": {
            "type": case.applicant_type,
            "name": case.applicant_name,
            "id_number": mask_id_number(case.applicant_id_number) if masked else case.applicant_id_number,
            "phone": mask_phone(case.applicant_phone) if masked else case.applicant_phone,
            "address": case.applicant_address,
        },
        "materials": materials,
        "note": note or "",
    }


class HttpClient:
    def __init__(self, *, url=None, key=None, timeout=None, attempts=None, backoff=None, sleep=time.sleep):
        self.url = url or settings.HALL_CROSS_REGION_URL
        self.key = key if key is not None else settings.HALL_CROSS_REGION_KEY
        self.timeout = timeout or settings.HALL_CROSS_REGION_TIMEOUT
        self.attempts = attempts or settings.HALL_CROSS_REGION_MAX_ATTEMPTS
        self.backoff = settings.HALL_CROSS_REGION_BACKOFF_SECONDS if backoff is None else backoff
        self.sleep = sleep

    def send(self, *, delivery_id, payload):
        import requests

        if not self.url or not self.key:
            raise HandoffError("HALL_CROSS_REGION_URL / HALL_CROSS_REGION_KEY are not set", attempts=0)
        body = encode(payload)
        error, status = "", None
        for attempt in range(1, self.attempts + 1):
            timestamp = str(int(time.time()))
            headers = {
                "Content-Type": "application/json; charset=utf-8",
                DELIVERY_HEADER: delivery_id,  # the same on every try: the partner de-duplicates
                TIMESTAMP_HEADER: timestamp,
                SIGNATURE_HEADER: sign(key=self.key, timestamp=timestamp, body=body),
                PLATFORM_HEADER: str(payload.get("from_platform", "")),
            }
            try:
                response = requests.post(self.url, data=body, headers=headers, timeout=self.timeout)
            except requests.RequestException as exc:
                error, status = f"{type(exc).__name__}: {exc}"[:500], None
            else:
                status = response.status_code
                if 200 <= status < 300:
                    try:
                        reference = str((response.json() or {}).get("reference", ""))
                    except ValueError:
                        reference = ""
                    return Answer(reference=reference, attempts=attempt)
                error = f"HTTP {status}: {response.text[:300]}"
                if status != 429 and status < 500:  # the partner refused the body: retrying will not help
                    raise HandoffError(error, attempts=attempt, status=status)
            if attempt < self.attempts:
                self.sleep(self.backoff * 2 ** (attempt - 1))
        raise HandoffError(error, attempts=self.attempts, status=status)


class LogClient:
    """The demo: the handoff becomes one JSON line of a local file (and the log)."""

    def send(self, *, delivery_id, payload):
        path = Path(settings.HALL_CROSS_REGION_LOG_PATH)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as out:
            out.write(encode(payload).decode() + "\n")
        logger.info("cross-region handoff %s to %s", delivery_id, payload.get("to_region"))
        return Answer(reference=f"LOG-{delivery_id[:8]}", attempts=1)


def get_client():
    return import_string(settings.HALL_CROSS_REGION_CLIENT)()
