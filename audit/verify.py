"""Verification of the hash chains: the security audit log here, other logs by registration.

A problem is a short Chinese sentence naming the log and the row: a changed row (its content
no longer matches its hash), a removed row (a gap in the sequence, or the chain ending before
its head), an inserted row (a link that does not follow, or a row beyond the head).
"""

import hashlib
import json
import time
from pathlib import Path

from django.db import transaction

from audit import chain
from audit.constants import GENESIS
from audit.models import AuditAnchor, AuditChainHead, AuditEntry, VerificationRun, entry_content

LOG = "安全审计日志"


def verify_security_log(report):
    anchor = AuditAnchor.objects.order_by("-last_seq").first()
    expected_seq = anchor.last_seq + 1 if anchor else 1
    prev = anchor.last_hash if anchor else GENESIS
    count = 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        count += 1
        if entry.seq < expected_seq:
            report(f"{LOG}第 {entry.seq} 条出现在已归档或已校验的序号范围内（插入）")
            continue
        if entry.seq > expected_seq:
            report(f"{LOG}缺少第 {expected_seq}–{entry.seq - 1} 条（被删除）")
        elif entry.prev_hash != prev:
            report(f"{LOG}第 {entry.seq} 条与前一条的链接不符（前后有插入、删除或修改）")
        if entry.compute_hash() != entry.hash:
            report(f"{LOG}第 {entry.seq} 条的内容与其哈希不符（被修改）")
        prev, expected_seq = entry.hash, entry.seq + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    last_seq = expected_seq - 1
    if head is not None:
        if head.last_seq > last_seq:
            report(f"{LOG}缺少第 {last_seq + 1}–{head.last_seq} 条（末尾被删除）")
        elif head.last_seq < last_seq:
            report(f"{LOG}第 {head.last_seq + 1}–{last_seq} 条在链头之后（插入）")
        elif head.last_hash != prev:
            report(f"{LOG}最后一条的哈希与链头不符（被修改或替换）")
    for anchor in AuditAnchor.objects.order_by("last_seq"):
        path = Path(anchor.archive)
        if path.exists() and sha256_file(path) != anchor.archive_sha256:
            report(f"{LOG}归档文件 {path.name} 与归档时的 SHA-256 不符（被修改）")
    return count


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_archive(path, report, *, prev=None):
    """Check an archive file (JSON lines) by itself: every line's hash and link. Returns (rows, last hash)."""
    count, expected_seq = 0, None
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            row = json.loads(line)
            count += 1
            if expected_seq is not None and row["seq"] != expected_seq:
                report(f"归档文件第 {number} 行：序号应为 {expected_seq}，实为 {row['seq']}（删除或插入）")
            if prev is not None and row["prev_hash"] != prev:
                report(f"归档文件第 {number} 行与前一行的链接不符")
            if chain.link(row["prev_hash"], entry_content(row)) != row["hash"]:
                report(f"归档文件第 {number} 行（第 {row['seq']} 条）的内容与其哈希不符（被修改）")
            prev, expected_seq = row["hash"], row["seq"] + 1
    return count, prev


def verify_all(*, store=True):
    """Run every registered chain check; store the result as a VerificationRun (for the admin)."""
    started = time.monotonic()
    problems = []
    audit_rows = verify_security_log(problems.append)
    event_rows = 0
    for _name, func in sorted(chain.verifiers().items()):
        event_rows += func(problems.append) or 0
    run = VerificationRun(
        ok=not problems,
        audit_rows=audit_rows,
        event_rows=event_rows,
        problems=problems[:500],
        seconds=round(time.monotonic() - started, 3),
    )
    if store:
        with transaction.atomic():
            run.save()
    return run
