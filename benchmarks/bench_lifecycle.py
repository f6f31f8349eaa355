"""Full REST lifecycles per second, 8 clients against gunicorn with 4 workers, beside a raw-ORM
ceiling doing the same writes (case rows, material rows, hash-chained events) in 4 processes.

One lifecycle is 15 requests: create, 6 materials (paper originals), dispatch, acknowledge,
3 advances, decide, issue, deliver — on the item BENCH-LC (6 required materials, 4 review
steps), made once in 市场监管局. Its SQL statements are counted on one warm lifecycle run
in-process through the test client with the same tokens, with and without the BEGIN and COMMIT
Django counts (the raw-ORM ceiling is counted the same way).
"""

import multiprocessing
import time

from benchmarks.common import Figure, api_token, count_statements, gunicorn, http_session, load

ITEM_CODE = "BENCH-LC"
STEPS = ("受理", "审查", "复核", "决定")
MATERIALS = 6
CLIENTS = 8
WORKERS = 4


def bench_item():
    """The lifecycle's item (6 required materials, 4 steps) in the reviewer's department."""
    from django.contrib.auth import get_user_model

    from catalog.models import Item, MaterialRequirement, ReviewStep
    from catalog.services import item_current_version

    reviewer = get_user_model().objects.get(username="reviewer")
    department = reviewer.staff_profile.department
    item, made = Item.objects.get_or_create(
        code=ITEM_CODE,
        defaults={
            "name": "性能测试事项（全流程）",
            "department": department,
            "kind": "promised",
            "promised_limit_days": 5,
            "legal_limit_days": 20,
            "applicant_types": ["person", "organisation"],
            "result_name": "性能测试许可证",
        },
    )
    if made:
        for i in range(MATERIALS):
            MaterialRequirement.objects.create(item=item, position=i + 1, name=f"申请材料{i + 1}", required=True)
        for i, name in enumerate(STEPS):
            ReviewStep.objects.create(item=item, position=i + 1, name=name, decides=i == len(STEPS) - 1)
    item_current_version(item=item)
    return item


def _applicant(n):
    from stdnum.cn import ric

    body = f"110105198{n % 10}0{1 + n % 9}1{n % 10}{n % 1000:03d}"
    return {
        "type": "person",
        "name": "性能测试",
        "id_number": body + ric.calc_check_digit(body + "0"),
        "phone": f"139{n % 10**8:08d}",
    }


class Lifecycle:
    """The 15 requests of one case, by the desk, the department and the delivery window.

    `post(role, path, body)` / `get(role, path)` return (status, json); the same walk runs over
    HTTP (requests) and in-process (the test client) to count its statements.
    """

    def __init__(self, post, get):
        self.post, self.get = post, get

    def run(self, n):
        def ok(status, data, what):
            if status not in (200, 201):
                raise RuntimeError(f"{what}: {status} {str(data)[:300]}")
            return data

        case = ok(
            *self.post("desk", "/api/v1/cases/", {"item": ITEM_CODE, "channel": "window", "applicant": _applicant(n)}),
            "create",
        )
        number = case["number"]
        base = f"/api/v1/cases/{number}/"
        for material in case["materials"][:MATERIALS]:
            ok(
                *self.post("desk", base + "materials/", {"requirement": material["id"], "paper": "original"}),
                "material",
            )
        ok(*self.post("desk", base + "dispatch/", {}), "dispatch")
        ok(*self.post("chief", base + "acknowledge/", {}), "acknowledge")
        for _ in range(len(STEPS) - 1):
            ok(*self.post("reviewer", base + "advance/", {}), "advance")
        ok(*self.post("chief", base + "decide/", {"outcome": "granted"}), "decide")
        ok(*self.post("reviewer", base + "issue/", {}), "issue")
        ok(
            *self.post(
                "delivery", base + "deliver/", {"method": "pickup", "collector_id_number": _applicant(n)["id_number"]}
            ),
            "deliver",
        )
        return number


REQUESTS = 1 + MATERIALS + 1 + 1 + (len(STEPS) - 1) + 3


def http_walker(base, tokens, done=None):
    """`done` (a list) gets one entry per request answered: the rate counts requests, so a
    lifecycle cut off by the end of the run still counts for the part it did."""
    sessions = {role: http_session(token=token) for role, token in tokens.items()}

    def post(role, path, body):
        response = sessions[role].post(base + path, json=body, timeout=120)
        if done is not None:
            done.append(1)
        return response.status_code, _json(response)

    def get(role, path):
        response = sessions[role].get(base + path, timeout=120)
        return response.status_code, _json(response)

    return Lifecycle(post, get)


def _json(response):
    try:
        return response.json()
    except ValueError:
        return response.text


def inprocess_walker(tokens):
    from rest_framework.test import APIClient

    clients = {}
    for role, token in tokens.items():
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        clients[role] = client

    def post(role, path, body):
        response = clients[role].post(path, body, format="json")
        return response.status_code, _json(response)

    def get(role, path):
        response = clients[role].get(path)
        return response.status_code, _json(response)

    return Lifecycle(post, get)


# --- the raw-ORM ceiling ----------------------------------------------------------------------


def raw_lifecycle(item, version, staff, n, now):
    """The same rows the API writes, with plain ORM calls: each request's writes in one
    transaction that locks the case, updates it and appends its hash-chained event."""
    from django.db import transaction

    from approvals.models import Case, CaseEvent, CaseMaterial

    desk, reviewer, chief, delivery = staff
    applicant = _applicant(n)
    seq = [0]

    def event(case, action, source, target, by, payload=None):
        seq[0] += 1
        CaseEvent(
            case=case,
            seq=seq[0],
            action=action,
            from_state=source,
            to_state=target,
            actor=by,
            actor_role="",
            at=now(),
            payload=payload or {},
        ).save()
        Case.objects.filter(pk=case.pk).update(last_event_seq=seq[0])

    def step(case, fields, action, source, target, by, payload=None):
        with transaction.atomic():
            locked = Case.objects.select_for_update().get(pk=case.pk)
            Case.objects.filter(pk=case.pk).update(state=target, **fields)
            event(locked, action, source, target, by, payload)
            return locked

    with transaction.atomic():
        case = Case.objects.create(
            number=f"BENCHRAW-{multiprocessing.current_process().pid}-{n:07d}",
            query_code="RAW000",
            item=item,
            item_version=version,
            department_id=item.department_id,
            applicant_type="person",
            applicant_name=applicant["name"],
            applicant_id_number=applicant["id_number"],
            applicant_phone=applicant["phone"],
            channel="window",
            received_by=desk,
            state="received",
            created_at=now(),
        )
        materials = CaseMaterial.objects.bulk_create(
            CaseMaterial(case=case, requirement_id=m["id"], position=i + 1, name=m["name"], required=True)
            for i, m in enumerate(version.snapshot["materials"][:MATERIALS])
        )
        event(case, "create", "", "received", desk)
    for material in materials:
        with transaction.atomic():
            Case.objects.select_for_update().get(pk=case.pk)
            CaseMaterial.objects.filter(pk=material.pk).update(status="received", paper_originals=1, uploaded_at=now())
            event(case, "record-material", "received", "received", desk, {"requirement": material.requirement_id})
    at = now()
    case = step(case, {"dispatched_at": at, "auto_accept_at": at}, "dispatch", "received", "dispatched", desk)
    case = step(case, {"accepted_at": now(), "current_step": 1}, "acknowledge", "dispatched", "in_review", chief)
    for position in range(2, len(STEPS) + 1):
        case = step(case, {"current_step": position}, "advance", "in_review", "in_review", reviewer)
    case = step(case, {"decided_at": now(), "outcome": "granted"}, "decide", "in_review", "granted", chief)
    case = step(case, {}, "issue", "granted", "ready", reviewer)
    step(case, {"delivered_at": now(), "delivery_method": "pickup"}, "deliver", "ready", "delivered", delivery)


def _raw_worker(seconds, queue, offset, item, version, staff):
    from django.db import connections
    from django.utils import timezone

    connections.close_all()
    done = 0
    try:  # the item and its version come from the parent: nothing here locks the item row
        stop_at = time.monotonic() + seconds
        while time.monotonic() < stop_at:
            raw_lifecycle(item, version, staff, offset + done, timezone.now)
            done += 1
    finally:
        queue.put(done)
        connections.close_all()


def raw_ceiling(seconds, processes=WORKERS):
    """Lifecycles per second of `processes` forked processes writing through the ORM directly."""
    from django.contrib.auth import get_user_model
    from django.db import connections

    from catalog.models import Item
    from catalog.services import item_current_version

    User = get_user_model()
    staff = [User.objects.get(username=u) for u in ("desk", "reviewer", "chief", "delivery")]
    item = Item.objects.get(code=ITEM_CODE)
    version = item_current_version(item=item)
    connections.close_all()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    offset = int(time.time()) % 100000 * 100
    started = time.monotonic()
    workers = [
        context.Process(target=_raw_worker, args=(seconds, queue, offset + i * 10**6, item, version, staff))
        for i in range(processes)
    ]
    for w in workers:
        w.start()
    done = sum(queue.get() for _ in workers)
    for w in workers:
        w.join()
    return done / (time.monotonic() - started)


def raw_statements():
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from catalog.models import Item
    from catalog.services import item_current_version

    User = get_user_model()
    staff = [User.objects.get(username=u) for u in ("desk", "reviewer", "chief", "delivery")]
    item = Item.objects.get(code=ITEM_CODE)
    version = item_current_version(item=item)
    with count_statements() as counts:
        raw_lifecycle(item, version, staff, 999_999, timezone.now)
    return counts()


# --- main -------------------------------------------------------------------------------------


def main(ctx):
    bench_item()
    tokens = {role: api_token(role) for role in ("desk", "reviewer", "chief", "delivery")}
    # Counted on a warm lifecycle (the second one), as the clerks' requests run all day: the
    # first request of each clerk also reads its token from the database.
    walker = inprocess_walker(tokens)
    walker.run(1)
    with count_statements() as counts:
        walker.run(2)
    statements, control = counts()
    seconds = ctx.seconds
    with gunicorn(ctx, workers=WORKERS) as base:
        answered = []
        walkers = [http_walker(base, tokens, answered) for _ in range(CLIENTS)]
        counter = [0]

        def job(index, record):
            begun = time.perf_counter()
            walkers[index].run(index * 10**6 + counter[0] + 10)
            counter[0] += 1
            record("lifecycle", (time.perf_counter() - begun) * 1000)

        load(CLIENTS, min(3.0, seconds), job)  # warm every gunicorn worker first (see bench_clerks)
        answered.clear()
        started = time.monotonic()
        samples, _wall = load(CLIENTS, seconds, job)
        wall = time.monotonic() - started
    done = len(samples.get("lifecycle", []))
    rate = len(answered) / REQUESTS / wall  # requests answered, in lifecycles
    ceiling = raw_ceiling(seconds)
    raw_sql, raw_control = raw_statements()
    return [
        Figure(
            name=f"REST lifecycles/s ({REQUESTS} requests, {CLIENTS} clients, gunicorn ×{WORKERS})",
            value=rate,
            unit="/s",
            reference_name=f"raw ORM, same writes, {WORKERS} processes",
            reference=ceiling,
            sql=(
                f"{statements}/lifecycle, {statements - control} without BEGIN/COMMIT "
                f"(raw ORM {raw_sql}, {raw_sql - raw_control})"
            ),
            higher_is_better=True,
            note=f"{len(answered)} requests ({done} whole lifecycles) in {wall:.1f} s",
        )
    ]
