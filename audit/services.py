"""Writes to the security audit log: append one chained row; archive and purge old rows."""

import json
import logging
from contextvars import ContextVar
from ipaddress import ip_address

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit import chain
from audit.constants import Kind, Outcome
from audit.models import AuditChainHead, AuditEntry

logger = logging.getLogger("audit")

# The request being served (set by audit.middleware), so model signals know who and from where.
current_request = ContextVar("audit_current_request", default=None)


def client_ip(request):
    """The client address as Django sees it (REMOTE_ADDR; a trusted-proxy middleware may set it).

    Never a header the client can send (X-Forwarded-For is not read here)."""
    raw = (request.META.get("REMOTE_ADDR") or "").strip() if request is not None else ""
    try:
        return str(ip_address(raw)) if raw else None
    except ValueError:
        return None


def _lock_head():
    """The chain head under a row lock (on SQLite the IMMEDIATE transaction already serialises writers)."""
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is not None:
        return head
    try:
        with transaction.atomic():
            AuditChainHead.objects.create(pk=1)
    except IntegrityError:  # another writer created it first
        pass
    return AuditChainHead.objects.select_for_update().get(pk=1)


def record(
    *, kind, user=None, request=None, username="", target_type="", target="", outcome=Outcome.SUCCESS, details=None
):
    """Append one audit row (in the caller's transaction, if any) and return it."""
    request = request if request is not None else current_request.get()
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        user = candidate if candidate is not None and candidate.is_authenticated else None
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    username = username or (user.get_username() if user is not None else "")
    agent = (request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:200]
    # JSON-native details, exactly as they will read back from the database.
    details = json.loads(chain.canonical(details or {}))
    with transaction.atomic():
        head = _lock_head()
        entry = AuditEntry(
            seq=head.last_seq + 1,
            at=timezone.now(),
            user_id=user.pk if user is not None else None,
            username=str(username)[:150],
            client_ip=client_ip(request),
            user_agent=agent,
            kind=str(kind)[:40],
            target_type=str(target_type)[:40],
            target=str(target)[:150],
            outcome=outcome,
            details=details,
            prev_hash=head.last_hash,
        )
        entry.hash = entry.compute_hash()
        entry.save(force_insert=True)
        AuditChainHead.objects.filter(pk=head.pk).update(last_seq=entry.seq, last_hash=entry.hash)
    return entry


def record_safely(**kwargs):
    """For signal receivers: an audit failure is logged, never turned into a failed sign-in."""
    try:
        with transaction.atomic():
            return record(**kwargs)
    except Exception:
        logger.exception("could not write the security audit row %s", kwargs.get("kind"))
        return None


def record_case_view(*, request, case, view, full=False):
    """Staff (or the API) saw a case's personal data: one row naming the case and the page."""
    if request is None or not request.user.is_authenticated:
        return None
    if case.applicant_user_id is not None and case.applicant_user_id == request.user.pk:
        return None  # the holder looking at their own data
    return record(
        kind=Kind.PERSONAL_DATA_VIEWED,
        request=request,
        target_type="case",
        target=case.number,
        details={"view": view, "full": bool(full)},
    )


def record_file_download(*, request, case, file_kind, name=""):
    """A case's material or result file left the server."""
    if request is None or not request.user.is_authenticated:
        return None
    if case.applicant_user_id is not None and case.applicant_user_id == request.user.pk:
        return None
    return record(
        kind=Kind.FILE_DOWNLOADED,
        request=request,
        target_type="case",
        target=case.number,
        details={"file": file_kind, "name": name[:100]},
    )
