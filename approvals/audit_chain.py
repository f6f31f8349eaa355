"""The case event log's hash chain, checked by `manage.py verify_audit` (registered in apps.ready).

Per case: events numbered 1..last_event_seq with no gap, each linking to the previous one's
hash, each hash matching its content; a case whose counter is ahead of its events lost some.
"""

from audit import chain
from audit.constants import GENESIS

LOG = "办件事件日志"
FIELDS = ["id", "case_id", "seq", "action", "from_state", "to_state", "actor_id", "actor_role", "at", "note"]


def verify_case_events(report):
    from approvals.models import Case, CaseEvent

    cases = {pk: (number, last) for pk, number, last in Case.objects.values_list("pk", "number", "last_event_seq")}
    seen, count = {}, 0
    current, expected, prev = None, 1, GENESIS
    rows = CaseEvent.objects.order_by("case_id", "seq").values(*FIELDS, "payload", "public", "prev_hash", "hash")
    for row in rows.iterator(chunk_size=5000):
        count += 1
        case_id = row["case_id"]
        if case_id != current:
            current, expected, prev = case_id, 1, GENESIS
        number = cases.get(case_id, (str(case_id), 0))[0]
        if row["seq"] > expected:
            report(f"{LOG}（{number}）缺少第 {expected}–{row['seq'] - 1} 条（被删除）")
        elif row["prev_hash"] != prev:
            report(f"{LOG}（{number}）第 {row['seq']} 条与前一条的链接不符（插入、删除或修改）")
        content = chain.case_event_content(
            case_id=case_id,
            seq=row["seq"],
            action=row["action"],
            from_state=row["from_state"],
            to_state=row["to_state"],
            actor_id=row["actor_id"],
            actor_role=row["actor_role"],
            at=row["at"],
            note=row["note"],
            payload=row["payload"],
            public=row["public"],
        )
        if chain.link(row["prev_hash"], content) != row["hash"]:
            report(f"{LOG}（{number}）第 {row['seq']} 条的内容与其哈希不符（被修改）")
        prev, expected = row["hash"], row["seq"] + 1
        seen[case_id] = row["seq"]
    for case_id, (number, last) in cases.items():
        have = seen.get(case_id, 0)
        if last > have:
            report(f"{LOG}（{number}）缺少第 {have + 1}–{last} 条（末尾被删除）")
        elif have > last:
            report(f"{LOG}（{number}）第 {last + 1}–{have} 条超出办件的事件计数（插入）")
    return count
