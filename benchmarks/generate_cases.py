"""Synthetic cases for benchmarks: N realistic cases in batches, with their events.

`manage.py generate_cases N` calls `main()`; the timing scripts beside this module read what
it writes.

Not a service: it writes with bulk_create, bypassing the per-case services (too slow for a
million), but keeps their invariants — every case gets exactly one event per transition
(create, dispatch, acknowledge, advance…) with consistent from/to states and times, the
stored clock (accepted_at, deadline_at, warn_at) comes from catalog.clock like real cases,
each case's events carry the hash chain CaseEvent.save() would make, numbers use the prefix
"GEN-" so they never collide with the real generator, and the statistics figures the event
subscribers would have kept are counted here (benchmarks/generated_figures.py).
"""

import io
import itertools
import json
import random
import secrets
import signal
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from hashlib import sha256
from time import monotonic
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.utils import timezone

from approvals.constants import Action, CaseState, Channel, DeliveryMethod, MaterialStatus, Outcome, ResultKind
from approvals.models import Case, CaseEvent, CaseMaterial, Result
from approvals.numbers import QUERY_CODE_ALPHABET
from audit import chain
from audit.chain import canonical
from audit.constants import GENESIS
from catalog import clock
from catalog.models import Item
from hall import crypto
from hall.constants import SYSTEM_ROLE, ApplicantType, Role, WindowKind
from hall.fields import BlindIndexField, EncryptedCharField, EncryptedJSONField
from hall.models import StaffProfile, Window

from .generated_figures import FigureTally

S = CaseState
# Share of each final state: most of a year's cases are finished; running ones are recent.
STATE_WEIGHTS = {
    S.DELIVERED: 68,
    S.NOT_ACCEPTED: 3,
    S.WITHDRAWN: 3,
    S.READY: 3,
    S.GRANTED: 1,
    S.DENIED: 1,
    S.IN_REVIEW: 9,
    S.SUSPENDED: 1,
    S.DISPATCHED: 0.005,  # the 10-minute window: a handful at any moment, not thousands
    S.RECEIVED: 4,
    S.SUPPLEMENT_REQUESTED: 3,
    S.SUBMITTED: 2,
    S.DRAFT: 1.5,
}
RUNNING = {S.IN_REVIEW, S.SUSPENDED, S.DISPATCHED, S.RECEIVED, S.SUPPLEMENT_REQUESTED, S.SUBMITTED, S.DRAFT}
OPEN, CLOSE = 9, 17  # office hours, local time
PEOPLE, COMPANIES = 10_000, 2_000  # the applicant pool
PLAN_TRIES = 30  # a finished case whose events would end after now is drawn again, earlier
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚华红玉兰英"


@dataclass
class ItemInfo:
    item: Item
    version_id: int
    snapshot: dict
    steps: list = field(default_factory=list)


@dataclass
class Cast:
    desk: list
    delivery: list
    department: dict  # department id -> list of department staff user ids


def load_items():
    from catalog.services import item_current_version

    infos = []
    for item in Item.objects.select_related("department").filter(is_active=True).order_by("pk"):
        version = item_current_version(item=item)
        steps = sorted(version.snapshot.get("steps") or [], key=lambda s: s["position"])
        infos.append(ItemInfo(item=item, version_id=version.pk, snapshot=version.snapshot, steps=steps))
    return infos


def load_cast():
    rows = list(StaffProfile.objects.values_list("user_id", "role", "department_id"))
    department = {}
    for user_id, role, dept in rows:
        if role in (Role.REVIEWER, Role.CHIEF) and dept:
            department.setdefault(dept, []).append(user_id)
    return Cast(
        desk=[u for u, role, _ in rows if role == Role.FRONT_DESK],
        delivery=[u for u, role, _ in rows if role == Role.DELIVERY],
        department=department,
    )


def _resident_id(rng):
    from stdnum.cn import ric

    born = datetime(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 40))
    body = f"{rng.choice(('110105', '110108'))}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return body + ric.calc_check_digit(body + "0")


def _credit_code(rng):
    from stdnum.cn import uscc

    body = f"91110105MA{rng.randrange(10**6, 10**7)}"
    return body + uscc.calc_check_digit(body)


def next_serial():
    """Serials of generated numbers continue after the ones already made."""
    return Case.objects.filter(number__startswith="GEN-").count()


def _event_content(row):
    return chain.case_event_content(
        case_id=row.case_id,
        seq=row.seq,
        action=row.action,
        from_state=row.from_state,
        to_state=row.to_state,
        actor_id=row.actor_id,
        actor_role=row.actor_role,
        at=row.at,
        note=row.note,
        payload=row.payload,
        public=getattr(row, "public", True),
    )


EVENT_COLUMNS = [
    "case_id", "seq", "action", "from_state", "to_state", "actor_id", "actor_role",
    "at", "note", "payload", "public", "prev_hash", "hash",
]  # fmt: skip
_notes = {}  # note -> (its JSON string, its COPY field)


def _note(note):
    try:
        return _notes[note]
    except KeyError:
        _notes[note] = found = (json.dumps(note, ensure_ascii=False), _field(note))
        return found


def event_lines(case_id, events):
    """COPY lines of one case's events with their hash chain.

    The hash is chain.link() of chain.case_event_content() written out directly: the canonical
    JSON (sorted keys, no spaces) as one f-string, the payload and note through json.dumps.
    Actions, states and roles are plain identifiers, so they need no JSON escaping.
    tests/benchmarks/test_generate_cases.py checks it against chain.link, and verify_all
    against the stored rows.
    """
    lines = []
    prev = GENESIS
    for e in events:
        at = e.at.astimezone(UTC).isoformat(timespec="microseconds")
        note_json, note_field = _note(e.note)
        payload = canonical(e.payload) if e.payload else "{}"
        actor = e.actor_id
        content = (
            f'{{"action":"{e.action}","actor":{"null" if actor is None else actor},"at":"{at}",'
            f'"case":{case_id},"from":"{e.from_state}","note":{note_json},"payload":{payload},'
            f'"public":true,"role":"{e.actor_role}","seq":{e.seq},"to":"{e.to_state}"}}'
        )
        digest = sha256(f"{prev}\n{content}".encode()).hexdigest()
        lines.append(
            f"{case_id}\t{e.seq}\t{e.action}\t{e.from_state}\t{e.to_state}\t"
            f"{NULL if actor is None else actor}\t{e.actor_role}\t{at}\t{note_field}\t{_field(payload)}\t"
            f"t\t{prev}\t{digest}"
        )
        prev = digest
    return lines


class Row(SimpleNamespace):
    """One row to write: attribute names are the model's attnames (item_id, case_id, …)."""


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = r"\N"  # COPY's NULL marker (text format)


def _field(value):
    """One value as a COPY text-format field (backslash, tab and line breaks escaped)."""
    if value is None:
        return NULL
    if value is True:
        return "t"
    if value is False:
        return "f"
    text = value if type(value) is str else str(value)  # TextChoices print as their value
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return text.translate(_ESCAPES)
    return text


class Writer:
    """Plain multi-row inserts: COPY (text format) on PostgreSQL, executemany elsewhere; no model instances.

    Columns the row does not set take the field's default (created/updated times: now),
    converted once per model rather than once per row. Encrypted values and blind indexes
    are cached by plaintext: generated applicants come from a pool, and Fernet tokens of
    the same plaintext all decrypt alike.
    """

    def __init__(self, now):
        self.now = now
        self.postgres = connection.vendor == "postgresql"
        self.null = NULL if self.postgres else None
        self._plans = {}
        self._encrypted = {}
        self._indexes = {}

    def _encrypt(self, value):
        try:
            return self._encrypted[value]
        except (KeyError, TypeError):
            token = crypto.encrypt(value)
            if isinstance(value, str):
                self._encrypted[value] = token
            return token

    def _blind_index(self, value):
        try:
            return self._indexes[value]
        except (KeyError, TypeError):
            digest = crypto.blind_index(value)
            if isinstance(value, str):
                self._indexes[value] = digest
            return digest

    def _datetime(self, value):
        if value is None:
            return self.null
        if self.postgres:
            return value.isoformat()
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")

    def _json(self, value):
        text = json.dumps(value, ensure_ascii=False) if value else "{}"
        return _field(text) if self.postgres else text

    def _other(self, value):
        # TextChoices members become their plain string; dates their ISO form.
        if value is None:
            return self.null
        if type(value) in (str, int, float, bool):
            return value
        if isinstance(value, date):
            return value.isoformat()
        return str(value)

    def _converter(self, f):
        """How a Python value of column `f` becomes what the driver or COPY expects."""
        if isinstance(f, EncryptedCharField):  # personal data is encrypted at rest (hall.fields)
            if self.postgres:
                return lambda v: _field(self._encrypt(v))
            return lambda v: self._other(self._encrypt(v))
        if isinstance(f, EncryptedJSONField):
            return lambda v: self._json(f._map(v, self._encrypt))
        if isinstance(f, models.DateTimeField):
            return self._datetime
        if isinstance(f, models.JSONField):
            return self._json
        return _field if self.postgres else self._other

    def plan(self, model):
        if model not in self._plans:
            fields = [f for f in model._meta.concrete_fields if not f.primary_key]
            columns = []
            for f in fields:
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                    default = self.now
                else:
                    default = f.get_default()
                convert = self._converter(f)
                source = f.source if isinstance(f, BlindIndexField) else None
                columns.append((f.attname, convert, convert(default), source))
            self._plans[model] = (fields, columns)
        return self._plans[model]

    def lines(self, model, rows, *, with_ids=False):
        """COPY text lines of `rows` (PostgreSQL).

        Rows of one kind set the same attributes, so each set of attribute names gets a
        template line of defaults once, and a row only converts what it sets.
        """
        _fields, columns = self.plan(model)
        shift = 1 if with_ids else 0
        templates = {}
        out = []
        for r in rows:
            values = r.__dict__
            names = tuple(values)
            try:
                template, setters, indexes = templates[names]
            except KeyError:
                template = ([""] if with_ids else []) + [default for _n, _c, default, _s in columns]
                setters = [(i + shift, n, c) for i, (n, c, _d, s) in enumerate(columns) if s is None and n in values]
                indexes = [(i + shift, s) for i, (_n, _c, _d, s) in enumerate(columns) if s is not None]
                templates[names] = template, setters, indexes
            line = template.copy()
            if with_ids:
                line[0] = str(values["id"])
            for i, name, convert in setters:
                line[i] = convert(values[name])
            for i, source in indexes:
                line[i] = self._blind_index(values.get(source))
            out.append("\t".join(line))
        return out

    def copy(self, table, names, lines):
        """COPY `lines` (text format, no trailing newline each) into `table`'s columns `names`."""
        if not lines:
            return
        quoted = ", ".join(connection.ops.quote_name(n) for n in names)
        buffer = io.StringIO("\n".join(lines) + "\n")
        with connection.cursor() as cursor:
            raw = cursor.cursor if hasattr(cursor, "cursor") else cursor
            # psycopg2's COPY (psycopg 3 would be cursor.copy(); this project pins psycopg2).
            raw.copy_expert(f"COPY {table} ({quoted}) FROM STDIN", buffer, size=1 << 20)

    def insert(self, model, rows, *, with_ids=False):
        """Write `rows`; with `with_ids` each row's `id` is written too (PostgreSQL hands them out first)."""
        if not rows:
            return
        fields, columns = self.plan(model)
        names = (["id"] if with_ids else []) + [f.column for f in fields]
        if self.postgres:
            self.copy(model._meta.db_table, names, self.lines(model, rows, with_ids=with_ids))
            return
        data = []
        for r in rows:
            values = vars(r)
            line = [values["id"]] if with_ids else []
            for name, convert, default, source in columns:
                if source is not None:
                    line.append(self._blind_index(values.get(source)))
                elif name in values:
                    line.append(convert(values[name]))
                else:
                    line.append(default)
            data.append(line)
        quoted = ", ".join(connection.ops.quote_name(n) for n in names)
        marks = ", ".join(["%s"] * len(names))
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {model._meta.db_table} ({quoted}) VALUES ({marks})", data)


class Generator:
    def __init__(self, *, count, batch_size=2000, seed=None, now=None, stdout=None, start=None, bulk=False):
        self.count, self.batch_size = count, batch_size
        if bulk:
            bulk_session()
        self.rng = random.Random(seed)
        self.now = now or timezone.now()
        self.stdout = stdout
        self.items = [i for i in load_items() if i.snapshot.get("materials") is not None]
        if not self.items:
            raise ValueError("没有启用的事项，请先执行 seed_demo 或导入事项目录。")
        self.cast = load_cast()
        if self.cast.department:  # only departments whose staff can sign the events
            self.items = [i for i in self.items if i.item.department_id in self.cast.department] or self.items
        self.windows = list(Window.objects.filter(kind=WindowKind.COMPREHENSIVE).values_list("pk", flat=True))
        self.states = list(STATE_WEIGHTS)
        self.cum_weights = list(itertools.accumulate(STATE_WEIGHTS.values()))
        self.start = next_serial() if start is None else start
        self.user_role = dict(StaffProfile.objects.values_list("user_id", "role"))
        self.applicants = list(
            get_user_model().objects.filter(applicant_profile__isnull=False).values_list("pk", flat=True)
        )
        # Applicants come from a pool: each one's Fernet tokens and blind indexes are made once
        # (an encryption per row was a tenth of the time per case); thousands of people and
        # companies, each applying a few hundred times in a million cases, are varied enough.
        self.people = [self._applicant(person=True) for _ in range(PEOPLE)]
        self.companies = [self._applicant(person=False) for _ in range(COMPANIES)]
        self.writer = Writer(self.now)
        self.window_numbers = dict(Window.objects.values_list("pk", "number"))
        self.figures = FigureTally()

    def _applicant(self, *, person):
        rng = self.rng
        if person:
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            return name, _resident_id(rng), f"13{rng.randrange(10**8, 10**9)}"
        name = f"示范县{rng.choice(GIVEN)}{rng.choice(GIVEN)}有限公司"
        return name, _credit_code(rng), f"13{rng.randrange(10**8, 10**9)}"

    # --- driving --------------------------------------------------------------------------

    def run(self, progress=None):
        made = 0
        while made < self.count:
            size = min(self.batch_size, self.count - made)
            self.write_batch(self.start + made, size)
            made += size
            if progress:
                progress(made, self.count)
        return made

    @transaction.atomic
    def write_batch(self, offset, size):
        plans = [self.plan(offset + i) for i in range(size)]
        if self.writer.postgres:  # ids from the sequence first, so cases and their rows go in one pass
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence('approvals_case', 'id')) FROM generate_series(1, %s)",
                    [size],
                )
                for plan, (pk,) in zip(plans, cursor.fetchall(), strict=True):
                    plan["case"].id = pk
            self.writer.insert(Case, [p["case"] for p in plans], with_ids=True)
            ids = {p["case"].number: p["case"].id for p in plans}
        else:
            with connection.cursor() as cursor:
                cursor.execute("SELECT COALESCE(MAX(id), 0) FROM approvals_case")
                (before,) = cursor.fetchone()
            self.writer.insert(Case, [p["case"] for p in plans])
            with connection.cursor() as cursor:
                cursor.execute("SELECT number, id FROM approvals_case WHERE id > %s", [before])
                ids = dict(cursor.fetchall())
        materials, events, results, lines = [], [], [], []
        postgres = self.writer.postgres
        for plan in plans:
            case = plan["case"]
            case_id = ids[case.number]
            for row in plan["materials"]:
                row.case_id = case_id
            if postgres:  # the COPY lines and the case's hash chain in one pass
                lines += event_lines(case_id, plan["events"])
            else:
                prev = GENESIS
                for row in plan["events"]:  # the case's hash chain, as CaseEvent.save() would make it
                    row.case_id = case_id
                    row.prev_hash, row.hash = prev, chain.link(prev, _event_content(row))
                    prev = row.hash
                events += plan["events"]
            materials += plan["materials"]
            if plan["result"] is not None:
                plan["result"].case_id = case_id
                results.append(plan["result"])
            window = self.window_numbers.get(case.window_id, "") if case.window_id else ""
            self.figures.add_case(case, plan["events"], snapshot=plan["info"].snapshot, window=window)
        self.writer.insert(CaseMaterial, materials)
        # Generated history goes to no subscriber (its figures are counted here): no outbox rows
        # from the database's event trigger (approvals migration 0021).
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("SET hall.events_without_outbox = 'on'")
            try:
                self.writer.copy(CaseEvent._meta.db_table, EVENT_COLUMNS, lines)
            finally:
                with connection.cursor() as cursor:
                    cursor.execute("RESET hall.events_without_outbox")
        else:  # SQLite has no session settings: take the trigger's rows out again
            self.writer.insert(CaseEvent, events)
            with connection.cursor() as cursor:
                marks = ", ".join(["%s"] * len(ids))
                cursor.execute(f"DELETE FROM approvals_eventoutbox WHERE case_id IN ({marks})", list(ids.values()))
        self.writer.insert(Result, results)

    # --- one case ---------------------------------------------------------------------------

    def created_at_for(self, state):
        """Running cases came in over the last three weeks, finished ones over the last year,
        on working days in office hours; a dispatched one within the last hour and a half."""
        rng = self.rng
        if state == S.DISPATCHED:
            return self.now - timedelta(minutes=rng.randrange(50, 90))
        days = 21 if state in RUNNING else 365
        for _ in range(PLAN_TRIES):
            day = (self.now - timedelta(days=rng.uniform(0, days))).date()
            if clock.is_workday(day):
                break
        moment = timezone.make_aware(datetime.combine(day, time(OPEN))) + timedelta(
            minutes=rng.randrange(0, (CLOSE - OPEN) * 60)
        )
        return min(moment, self.now - timedelta(minutes=90))

    def office(self, t):
        """`t`, or a moment of the next office day when `t` falls after hours or on a day off
        (spread over the day, not bunched at opening time)."""
        local = t.astimezone(clock.SHANGHAI)  # not timezone.localtime: its thread-local lookup is slow
        if OPEN <= local.hour < CLOSE and clock.is_workday(local.date()):
            return t
        day = local.date() + timedelta(days=1) if local.hour >= CLOSE else local.date()
        for _ in range(30):
            if clock.is_workday(day):
                break
            day += timedelta(days=1)
        moment = datetime.combine(day, time(OPEN), tzinfo=local.tzinfo)
        return moment + timedelta(seconds=self.rng.randrange((CLOSE - OPEN) * 3600))

    def plan(self, serial):
        """One case; drawn again (from an earlier start) until its events end before now, in order."""
        state = self.rng.choices(self.states, cum_weights=self.cum_weights)[0]  # kept across draws
        for _ in range(PLAN_TRIES):
            planned = self._plan(serial, state)
            events = planned["events"]
            ordered = all(a.at <= b.at for a, b in zip(events, events[1:], strict=False))
            if ordered and events[-1].at <= self.now:
                return planned
        return planned  # pragma: no cover - thirty unlucky draws

    def _plan(self, serial, state):
        rng = self.rng
        info = rng.choice(self.items)
        snap, item = info.snapshot, info.item
        staff = self.cast.department.get(item.department_id) or [None]
        online = state in (S.DRAFT, S.SUBMITTED) or rng.random() < 0.3
        t = self.created_at_for(state)
        types = snap.get("applicant_types") or [ApplicantType.PERSON]
        kind = rng.choice(types)
        person = kind == ApplicantType.PERSON
        who = rng.choice(self.people if person else self.companies)
        case = Row(
            number=f"GEN-{item.department.code.upper()}-{t:%Y%m%d}-{serial:07d}",
            query_code="".join(rng.choice(QUERY_CODE_ALPHABET) for _ in range(6)),
            item_id=item.pk,
            item_version_id=info.version_id,
            department_id=item.department_id,
            applicant_type=kind,
            applicant_name=who[0],
            applicant_id_number=who[1],
            applicant_phone=who[2],
            applicant_address="示范县人民路1号",
            applicant_user_id=rng.choice(self.applicants) if online and self.applicants else None,
            channel=Channel.ONLINE if online else Channel.WINDOW,
            window_id=None if online or not self.windows else rng.choice(self.windows),
            received_by_id=None if online or not self.cast.desk else rng.choice(self.cast.desk),
            state=state,
            created_at=t,
            decision_reason="",
        )
        events = []
        desk = rng.choice(self.cast.desk) if self.cast.desk else None

        def event(action, source, target, at, actor, note="", payload=None):
            role = self.user_role.get(actor, SYSTEM_ROLE) if actor else SYSTEM_ROLE
            if actor and actor == case.applicant_user_id:
                role = "applicant"
            events.append(
                Row(
                    seq=len(events) + 1,
                    action=action,
                    from_state=source,
                    to_state=target,
                    at=at,
                    actor_id=actor,
                    actor_role=role,
                    note=note,
                    payload=payload or {},
                )
            )

        applicant = case.applicant_user_id
        if online:
            if state == S.DRAFT:
                event(Action.CREATE, "", S.DRAFT, t, applicant)
            else:
                event(Action.CREATE, "", S.SUBMITTED, t, applicant)
            if state not in (S.DRAFT, S.SUBMITTED):
                t = self.office(t + timedelta(minutes=rng.randrange(10, 240)))
                event(Action.TAKE_IN, S.SUBMITTED, S.RECEIVED, t, desk)
                case.received_by_id, case.window_id = desk, (rng.choice(self.windows) if self.windows else None)
        else:
            event(Action.CREATE, "", S.RECEIVED, t, desk)

        material_rows = self.materials(snap, case, state, t)
        result = None
        finished = state not in (S.DRAFT, S.SUBMITTED, S.RECEIVED)
        if finished and state == S.SUPPLEMENT_REQUESTED:
            event(
                Action.REQUEST_SUPPLEMENT,
                S.RECEIVED,
                S.SUPPLEMENT_REQUESTED,
                t + timedelta(minutes=8),
                desk,
                "请补齐材料",
            )
            case.notice_rounds = 1
        elif state == S.NOT_ACCEPTED:
            case.refusal_reason = "不属于本部门职责范围"
            event(Action.REFUSE, S.RECEIVED, S.NOT_ACCEPTED, t + timedelta(minutes=8), desk, case.refusal_reason)
        elif state == S.WITHDRAWN:
            event(Action.WITHDRAW, S.RECEIVED, S.WITHDRAWN, t + timedelta(minutes=8), desk, "申请人撤回")
        elif finished:
            t = self.walk_review(case, info, state, t, desk, staff, event)
            if state in (S.READY, S.DELIVERED):
                result = self.result(case, info, t)
        case.last_event_seq = len(events)
        return {"case": case, "events": events, "materials": material_rows, "result": result, "info": info}

    def walk_review(self, case, info, state, t, desk, staff, event):
        rng, snap = self.rng, info.snapshot
        if state == S.DISPATCHED:  # still inside its 10-minute window
            dispatched = self.now - timedelta(minutes=rng.randrange(1, 9), seconds=rng.randrange(60))
        else:
            dispatched = self.office(t + timedelta(minutes=rng.randrange(10, 40)))
        auto = dispatched + timedelta(minutes=10)
        case.dispatched_at, case.auto_accept_at = dispatched, auto
        event(Action.DISPATCH, S.RECEIVED, S.DISPATCHED, dispatched, desk, payload={"auto_accept_at": auto.isoformat()})
        if state == S.DISPATCHED:
            return t
        if rng.random() < 0.15:
            accepted = auto
            event(
                Action.DEEM_ACCEPTED,
                S.DISPATCHED,
                S.IN_REVIEW,
                auto + timedelta(seconds=rng.randrange(1, 30)),
                None,
                "视为同意",
            )
        else:
            accepted = dispatched + timedelta(minutes=rng.randrange(1, 10))
            event(Action.ACKNOWLEDGE, S.DISPATCHED, S.IN_REVIEW, accepted, rng.choice(staff))
        case.accepted_at = accepted
        deadline = clock.compute_deadline(
            accepted_at=accepted,
            limit_days=snap.get("promised_limit_days") or 0,
            instant=snap.get("kind") == "instant",
            warn_days=snap.get("warn_days"),
        )
        case.deadline_at, case.warn_at, case.provisional = deadline.deadline_at, deadline.warn_at, deadline.provisional
        steps = info.steps
        case.current_step = steps[0]["position"] if steps else None
        t = accepted
        # Running cases stop part-way; finished ones pass every step.
        todo = steps[1:] if state not in (S.IN_REVIEW, S.SUSPENDED) else steps[1 : rng.randrange(1, max(len(steps), 2))]
        span = max(deadline.deadline_at - accepted, timedelta(hours=2))
        for step in todo:
            nxt = self.office(t + span * rng.uniform(0.05, 0.3))
            if nxt >= self.now:
                break
            t = nxt
            event(
                Action.ADVANCE,
                S.IN_REVIEW,
                S.IN_REVIEW,
                t,
                rng.choice(staff),
                payload={"from_step": case.current_step, "to_step": step["position"], "step_name": step["name"]},
            )
            case.current_step = step["position"]
        if state == S.IN_REVIEW:
            return t
        if state == S.SUSPENDED:
            t = self.office(t + timedelta(hours=2))
            case.suspended_at = t
            event(
                Action.SUSPEND,
                S.IN_REVIEW,
                S.SUSPENDED,
                t,
                rng.choice(staff),
                "组织专家评审",
                {"kind": "expert_review"},
            )
            return t
        t = self.office(t + span * rng.uniform(0.1, 0.9))
        granted = state == S.GRANTED or (state != S.DENIED and rng.random() < 0.93)
        case.outcome = Outcome.GRANTED if granted else Outcome.DENIED
        case.decided_at = t
        target = S.GRANTED if granted else S.DENIED
        if not granted:
            case.decision_reason = "不符合法定条件"
        event(Action.DECIDE, S.IN_REVIEW, target, t, rng.choice(staff), case.decision_reason, {"outcome": case.outcome})
        if state in (S.GRANTED, S.DENIED):
            if case.outcome != state:
                case.outcome = Outcome(state.value)
            return t
        t = self.office(t + timedelta(hours=rng.randrange(1, 6)))
        event(Action.ISSUE, target, S.READY, t, rng.choice(staff))
        if state == S.READY:
            return t
        t = self.office(t + timedelta(days=rng.uniform(0.1, 5)))
        method = rng.choice(DeliveryMethod.values)
        case.delivered_at, case.delivery_method = t, method
        delivery = rng.choice(self.cast.delivery) if self.cast.delivery else None
        event(Action.DELIVER, S.READY, S.DELIVERED, t, delivery, payload={"method": method})
        return t

    def materials(self, snap, case, state, t):
        pending = state in (S.DRAFT, S.SUBMITTED, S.RECEIVED, S.SUPPLEMENT_REQUESTED, S.NOT_ACCEPTED, S.WITHDRAWN)
        rows = []
        for m in snap.get("materials") or []:
            received = not pending or self.rng.random() < 0.5
            rows.append(
                Row(
                    requirement_id=m["id"],
                    position=m.get("position") or 1,
                    name=m["name"],
                    required=m.get("required", True),
                    status=MaterialStatus.RECEIVED if received else MaterialStatus.MISSING,
                    paper_originals=1 if received else 0,
                    uploaded_at=t if received else None,
                    notice_round=1 if state == S.SUPPLEMENT_REQUESTED and not received else None,
                )
            )
        return rows

    def result(self, case, info, t):
        granted = case.outcome == Outcome.GRANTED
        return Row(
            kind=ResultKind.CERTIFICATE if granted else ResultKind.DENIAL,
            number=f"{case.number}-{'ZZ' if granted else 'JD'}",
            verification_code="G" + secrets.token_hex(7).upper()[:15],
            name=(info.snapshot.get("result_name") or "") if granted else "不予行政许可决定书",
            issued_at=t,
        )


# --- bulk loads on PostgreSQL ----------------------------------------------------------------

BULK_THRESHOLD = 50_000  # from this many cases a load drops and rebuilds the secondary indexes
TABLES = ("approvals_case", "approvals_caseevent", "approvals_casematerial", "approvals_result")


def bulk_session():
    """Per connection of a bulk load: no wait for the WAL flush at each commit and, for a
    superuser, no per-row foreign-key triggers (every reference is one the generator just read
    or wrote; the append-only triggers only fire on UPDATE/DELETE, which a load never does)."""
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
        if row and row[0]:
            cursor.execute("SET session_replication_role = replica")


def drop_secondary_indexes():
    """Drop the plain (non-unique, non-constraint) indexes of the tables a load writes;
    returns their definitions. Building an index once after the load is several times cheaper
    than keeping twenty of them up to date row by row."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, pg_get_indexdef(i.indexrelid)
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisunique AND NOT i.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
            ORDER BY c.relname
            """,
            [list(TABLES)],
        )
        definitions = cursor.fetchall()
        for name, _definition in definitions:
            cursor.execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(name)}")
    return definitions


MAINTENANCE_SESSIONS = 2  # one per core: two index builds (or vacuums) side by side


def _in_sessions(jobs, run):
    """Run `run(job)` for each job on MAINTENANCE_SESSIONS connections of their own (threads:
    the work is in the server, so the GIL does not matter), each with its own memory for sorts."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def session(queue):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET maintenance_work_mem = '512MB'")
                # Two sessions already fill the two cores: no extra parallel workers per build.
                cursor.execute("SET max_parallel_maintenance_workers = 0")
                while queue:
                    run(cursor, queue.pop(0))
        finally:
            connections.close_all()  # this thread's connection

    queue = list(jobs)
    with ThreadPoolExecutor(MAINTENANCE_SESSIONS) as pool:
        for future in [pool.submit(session, queue) for _ in range(MAINTENANCE_SESSIONS)]:
            future.result()


def restore_indexes(definitions, write=print):
    """Recreate the dropped indexes, two at a time."""

    def build(cursor, job):
        name, definition = job
        cursor.execute("SELECT 1 FROM pg_class WHERE relname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(definition)

    started = monotonic()
    _in_sessions(definitions, build)
    write(f"  重建 {len(definitions)} 个索引，用时 {monotonic() - started:,.1f} 秒")


def vacuum_analyze(write=print):
    """VACUUM ANALYZE the written tables (the figure tables too), two at a time, largest first."""
    from stats.models import DailyFigure, HourlyReceipt, MonthlyFigure, StaffFigure
    from supervision.models import DailyVolume

    figures = [m._meta.db_table for m in (DailyFigure, MonthlyFigure, StaffFigure, HourlyReceipt, DailyVolume)]
    order = ["approvals_caseevent", "approvals_case", "approvals_casematerial", "approvals_result", *figures]
    started = monotonic()
    _in_sessions(order, lambda cursor, table: cursor.execute(f"VACUUM ANALYZE {table}"))
    write(f"  VACUUM ANALYZE 完成，用时 {monotonic() - started:,.1f} 秒")


# --- several processes ------------------------------------------------------------------------


def run_parallel(*, count, workers, batch_size=2000, seed=None, progress=None, bulk=False, figures=None):
    """Split the work over `workers` forked processes, each with its own connection and serials.

    The generator and the database server each use about half the CPU per case, so two or
    more processes overlap them. SQLite allows one writer: callers use workers=1 there.
    """
    import multiprocessing

    from django.db import connections

    load_items()  # make any missing item version now, before the workers read them
    start = next_serial()
    connections.close_all()  # children must not share the parent's socket
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    shares = [count // workers + (1 if i < count % workers else 0) for i in range(workers)]
    offsets = [start + sum(shares[:i]) for i in range(workers)]
    processes = [
        context.Process(
            target=_worker,
            args=(queue, share, offset, batch_size, None if seed is None else seed + i, bulk),
        )
        for i, (share, offset) in enumerate(zip(shares, offsets, strict=True))
        if share
    ]
    for process in processes:
        process.start()
    done, finished, failure = 0, 0, None
    try:
        while finished < len(processes):
            kind, value = queue.get()
            if kind == "made":
                done += value
                if progress:
                    progress(done, count)
            elif kind == "figures":
                if figures is not None:
                    figures.merge(value)
            elif kind == "error":
                failure = value
                finished += 1
            else:
                finished += 1
    except BaseException:  # interrupted (SIGTERM/Ctrl-C): stop the writers; their open batch rolls back
        for process in processes:
            process.terminate()
        raise
    finally:
        for process in processes:
            process.join()
    if failure:
        raise RuntimeError(failure)
    return done


def _worker(queue, count, start, batch_size, seed, bulk=False):
    from django.db import connections

    connections.close_all()
    try:
        generator = Generator(count=count, batch_size=batch_size, seed=seed, start=start, bulk=bulk)
        last = [0]

        def report(made, _total):
            queue.put(("made", made - last[0]))
            last[0] = made

        generator.run(progress=report)
        queue.put(("figures", generator.figures))
        queue.put(("done", None))
    except Exception as exc:  # reported to the parent, which fails the command
        queue.put(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        connections.close_all()


# --- the command ------------------------------------------------------------------------------


def _terminate(signum, frame):
    raise SystemExit(128 + signum)


class GenerateError(ValueError):
    """Bad arguments or a failed worker: the command reports it as a CommandError."""


def main(*, count, batch_size=2000, seed=None, workers=None, write=print, success=None, bulk=None):
    """Generate `count` cases, printing progress with `write`; returns how many were made.

    Workers: PostgreSQL defaults to 2 forked processes (outside a transaction); SQLite allows 1.
    On PostgreSQL outside a transaction, a load of BULK_THRESHOLD cases or more (or `bulk=True`)
    drops the secondary indexes and rebuilds them at the end, and every run ends with
    VACUUM ANALYZE of the tables written, so the planner sees the new rows at once.
    """
    success = success or write
    if count < 1:
        raise GenerateError("N 必须是正整数。")
    if batch_size < 1:
        raise GenerateError("--batch-size 必须是正整数。")
    postgres = connection.vendor == "postgresql"
    # Forked workers need committed rows and their own connections: not inside a transaction.
    workers = workers or (2 if postgres and not connection.in_atomic_block else 1)
    if workers < 1 or (workers > 1 and not postgres):
        raise GenerateError("--workers 必须是正整数；SQLite 只支持 1 个进程。")
    if workers > 1 and connection.in_atomic_block:
        raise GenerateError("并行生成不能在事务中运行，请使用 --workers 1。")
    outside = postgres and not connection.in_atomic_block
    bulk = outside and (count >= BULK_THRESHOLD if bulk is None else bulk)
    started = monotonic()
    generator = Generator(count=count, batch_size=batch_size, seed=seed, bulk=bulk) if workers == 1 else None
    write(f"生成 {count:,} 件模拟办件（{workers} 个进程，每批 {batch_size:,} 件）…")
    dropped = drop_secondary_indexes() if bulk else []
    if dropped:
        write(f"  暂时删除 {len(dropped)} 个二级索引，写完后重建")
        # A SIGTERM (or `kill`) still rebuilds them: it unwinds through the finally below.
        signal.signal(signal.SIGTERM, _terminate)

    def progress(done, total):
        elapsed = monotonic() - started
        rate = done / elapsed if elapsed else 0
        eta = (total - done) / rate if rate else 0
        write(f"  已生成 {done:,}/{total:,} 件（{done * 100 // total}%），{rate:,.0f} 件/秒，预计剩余 {eta:,.0f} 秒")

    figures = FigureTally()
    try:
        if generator is not None:
            made = generator.run(progress=progress)
            figures = generator.figures
        else:
            try:
                made = run_parallel(
                    count=count,
                    workers=workers,
                    batch_size=batch_size,
                    seed=seed,
                    progress=progress,
                    bulk=bulk,
                    figures=figures,
                )
            except RuntimeError as exc:
                raise GenerateError(str(exc)) from exc
    finally:
        write(f"  写入用时 {monotonic() - started:,.1f} 秒")
        if dropped:
            connection.close()  # a fresh session: the worker's settings and any failed transaction go
            restore_indexes(dropped, write)
    if outside and bulk and generator is not None:
        connection.close()  # out of the bulk session
    counted = monotonic()
    groups = figures.write()
    write(f"  统计指标：{groups:,} 个日分组，用时 {monotonic() - counted:,.1f} 秒")
    if outside:
        vacuum_analyze(write)
    elapsed = monotonic() - started
    success(f"完成：{made:,} 件，用时 {elapsed:,.1f} 秒（{made / elapsed:,.0f} 件/秒）。")
    return made
