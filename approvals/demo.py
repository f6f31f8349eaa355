"""Demo cases: a county hall's last three months, replayed through the real services.

Every case is walked through the real case services at the moments it happened: the moment
is set in-process with `hall.clock.replay` (the services read `hall.clock.now()`), so case
numbers, deadlines, acknowledgement windows and the event log are exactly what real work at
that time makes. Nothing is ever replayed after the moment of seeding.

- About five applications a working day (per the hall calendar) over the last three months,
  arriving with the morning and afternoon peaks of a real hall; back-office work happens in
  office hours. Most are delivered by now; the recent ones are still moving. A few are
  refused, withdrawn or denied; some needed a one-time notice; some were suspended; about a
  fifth came in online.
- On top, the cases each screen needs today: drafts and online applications waiting for
  pre-review, cases at the windows, in review at green, yellow and red, suspended,
  decided, waiting at the completed-item window, and a few dispatched just now that the
  department has not acknowledged yet (the live worker deems them accepted when the window
  closes).
- Any acknowledgement window works (HALL_AUTO_ACCEPT_SECONDS): a department's replayed
  acknowledgement always falls inside the window of the replayed dispatch.

Idempotent: nothing is made when the demo cases exist already.
"""

import random
import time as wallclock
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from stdnum.cn import ric, uscc

from approvals import services as s
from approvals.constants import CaseState, Level
from approvals.models import Case, CaseEvent
from catalog import clock as calendar
from catalog.models import Item
from hall import clock as hall_clock
from hall.constants import ApplicantType
from hall.services import applicant_profile_save

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = [
    *"伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚",
    *["秀英", "秀兰", "桂英", "建华", "晓东", "海燕", "志强", "文静", "子涵", "浩然"],
]
COMPANY_WORDS = ["鑫源", "恒达", "惠民", "瑞丰", "金港", "华信", "宏远", "昌盛", "景泰", "安康", "润泽", "同顺"]
COMPANY_KINDS = [
    "食品有限公司",
    "建筑工程有限公司",
    "商贸有限公司",
    "医疗器械有限公司",
    "物流有限公司",
    "置业有限公司",
    "农业科技有限公司",
    "餐饮管理有限公司",
]
STREETS = ["人民路", "文化路", "胜利街", "新华路", "建设路", "东风街", "振兴路", "育才路"]

# Promised items of the departments with demo staff, and how busy each department is.
ITEMS_BY_DEPT = {
    "scjg": ["SCJG-SPJY-XK", "SCJG-QYSL-DJ", "SCJG-TZSB-SYDJ", "SCJG-SPXZF-DJ", "SCJG-QYZX-DJ"],
    "wsjk": ["WSJK-GGCS-WSXK", "WSJK-YSZY-ZC", "WSJK-HSZY-ZC"],
    "zjj": ["ZJJ-SGXK", "ZJJ-RQJY-XK"],
    "zrzy": ["ZRZY-BDC-SCDJ", "ZRZY-JSGC-GHXK"],
    "slj": ["SLJ-QSXK"],
    "gaj": ["GAJ-JZZ-QF", "GAJ-HKQY"],
    "rsj": ["RSJ-SYBXJ", "RSJ-LWPQ-XK"],
    "fgw": ["FGW-TZXM-HZ"],
}
DEPT_WEIGHTS = {"scjg": 30, "zrzy": 14, "gaj": 13, "rsj": 12, "wsjk": 11, "zjj": 9, "slj": 4, "fgw": 3}
INSTANT_ITEM = "SCJG-GTGSH-DJ"  # 个体工商户设立登记, decided on the spot at the specialised window
ONLINE_ITEM = "SCJG-SPJY-XK"  # takes persons and organisations online

HISTORY_DAYS = 91  # calendar days replayed
PER_DAY = 4  # mean applications per working day (Mondays busier, Fridays quieter)
WEEKDAY_FACTOR = {0: 1.3, 1: 1.1, 2: 1.0, 3: 1.0, 4: 0.7, 5: 0.6, 6: 0.6}
ONLINE_ACCOUNTS = 10  # other applicants who apply online (no password: they do not log in to the demo)
# Office hours of the hall (and of the back office).
HOURS = ((time(9, 0), time(12, 0)), (time(13, 30), time(17, 30)))
ACCEPT_TIMES = (time(9, 50), time(10, 35), time(14, 35), time(11, 20), time(15, 50))  # calibrated in-review cases
WORKDAY_MINUTES = sum((e.hour * 60 + e.minute) - (b.hour * 60 + b.minute) for b, e in HOURS)

REFUSALS = [
    "申请事项不属于本部门职责范围，请向县自然资源和规划局申请。",
    "申请人不具备法定申请资格。",
    "该申请依法不需要取得行政许可。",
]
DENIALS = ["经现场核查，经营场所与许可申请不符，不符合法定条件。", "申请人提交的检验报告不合格，不予许可。"]
SUSPENSIONS = [("inspection", "委托第三方检验检测"), ("expert_review", "组织专家评审"), ("hearing", "依申请举行听证")]
WITHDRAWALS = ["申请人书面申请撤回", "申请人经营计划调整，申请撤回", "申请人网上撤回"]


def seed(*, stdout, password):
    User = get_user_model()
    people = {u.username: u for u in User.objects.filter(username__in=_usernames())}
    if (
        Case.objects.filter(received_by__username="desk").exists()
        or Case.objects.filter(applicant_user__username__in=["applicant", "applicant2"]).exists()
    ):
        stdout.write(f"  办件：演示办件已存在（{Case.objects.count()} 件），跳过")
        return
    missing = [name for name in ("desk", "special", "reviewer", "chief", "delivery", "applicant") if name not in people]
    if missing:
        stdout.write(f"  办件：缺少演示账号 {'、'.join(missing)}，跳过")
        return
    started = wallclock.monotonic()
    items = {i.code: i for i in Item.objects.select_related("department").filter(is_active=True)}
    hall = DemoHall(people=people, items=items, rng=random.Random(2026))
    made = hall.run()
    _stamp_updated_at(made)
    counts = {}
    for case in Case.objects.filter(pk__in=made).values_list("state", flat=True):
        counts[case] = counts.get(case, 0) + 1
    levels = {lvl: Case.objects.filter(pk__in=made).at_level(lvl).count() for lvl in ("green", "yellow", "red")}
    summary = "、".join(f"{CaseState(k).label}{v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))
    stdout.write(
        f"  办件：{len(made)} 件，近三个月（{summary}；审查中绿灯 {levels['green']}、黄灯 {levels['yellow']}、"
        f"红灯 {levels['red']}），用时 {wallclock.monotonic() - started:.0f} 秒"
    )


def _usernames():
    from hall.demo import OTHER_CHIEFS, STAFF

    return [row[0] for row in STAFF] + [f"chief_{c}" for c in OTHER_CHIEFS] + ["applicant", "applicant2"]


def finish(*, stdout):
    """After every app's demo: other apps wrote events on demo cases (commitments, chains,
    regulators…), so every case is stamped again with the time of its last event."""
    _stamp_updated_at(list(Case.objects.values_list("pk", flat=True)))


def _stamp_updated_at(case_ids):
    """A replayed case was last changed at its last event, not when the demo was seeded."""
    last = CaseEvent.objects.filter(case=OuterRef("pk")).order_by("-seq").values("at")[:1]
    for start in range(0, len(case_ids), 500):
        Case.objects.filter(pk__in=case_ids[start : start + 500]).update(updated_at=Subquery(last))


def demo_pdf(title):
    """A small valid one-page PDF standing in for a scanned material (ASCII title only)."""
    text = "".join(ch for ch in title if ch.isascii() and ch not in "()\\") or "Demo material"
    stream = f"BT /F1 18 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# --- office hours -----------------------------------------------------------------------------


def at_local(day, clock_time):
    return timezone.make_aware(datetime.combine(day, clock_time))


def open_at_or_after(moment):
    """The first moment the hall is open at or after `moment`."""
    local = timezone.localtime(moment)
    day = local.date()
    while True:
        if calendar.is_workday(day):
            for begin, end in HOURS:
                b, e = at_local(day, begin), at_local(day, end)
                if moment < e:
                    return max(moment, b)
        day += timedelta(days=1)
        moment = at_local(day, time(0, 0))


def after_office_minutes(moment, minutes):
    """`moment` plus `minutes` of office time (nights, weekends and holidays do not count)."""
    moment = open_at_or_after(moment)
    left = minutes
    while True:
        local = timezone.localtime(moment)
        end = next(
            at_local(local.date(), e)
            for b, e in HOURS
            if at_local(local.date(), b) <= moment < at_local(local.date(), e)
        )
        room = (end - moment).total_seconds() / 60
        if left <= room:
            return moment + timedelta(minutes=left)
        left -= room
        moment = open_at_or_after(end)


def workdays_back(n, *, from_day):
    """The n-th working day before from_day; n=0 is the last working day up to it."""
    day = from_day
    while not calendar.is_workday(day):
        day -= timedelta(days=1)
    for _ in range(n):
        day -= timedelta(days=1)
        while not calendar.is_workday(day):
            day -= timedelta(days=1)
    return day


class NotYet(Exception):
    """The next step of a case would happen after now: the case stays where it is."""


class DemoHall:
    def __init__(self, *, people, items, rng):
        self.people, self.items, self.rng = people, items, rng
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.window = timedelta(seconds=settings.HALL_AUTO_ACCEPT_SECONDS)
        self.made = []
        self.online_users = []

    # --- replaying ---------------------------------------------------------------------------

    def at(self, moment):
        """Replay the block at `moment`; never after now (nothing is stamped in the future)."""
        if moment > self.now:
            raise NotYet
        return hall_clock.replay(moment)

    def due(self, moment):
        return moment <= self.now

    # --- who does what -----------------------------------------------------------------------

    def chief_of(self, case):
        code = case.department.code
        return self.people.get("chief") if code == "scjg" else self.people.get(f"chief_{code}")

    def reviewer_of(self, case):
        code = case.department.code
        if code == "scjg":
            return self.people["reviewer"]
        if code == "wsjk" and "reviewer2" in self.people:
            return self.people["reviewer2"]
        return self.chief_of(case)

    def departments(self):
        return [
            code
            for code in ITEMS_BY_DEPT
            if any(c in self.items for c in ITEMS_BY_DEPT[code])
            and (code == "scjg" or self.people.get(f"chief_{code}") is not None)
        ]

    def pick_item(self, dept=None):
        if dept is None:
            depts = self.departments()
            dept = self.rng.choices(depts, weights=[DEPT_WEIGHTS.get(d, 5) for d in depts])[0]
        return self.items[self.rng.choice([c for c in ITEMS_BY_DEPT[dept] if c in self.items])]

    # --- the plan ----------------------------------------------------------------------------

    def run(self):
        self.online_users = self.make_online_applicants()
        arrivals = self.history_arrivals()
        for moment, kind in arrivals:
            self.keep(self.story_for(moment, kind))
        self.today_at_the_hall()
        return self.made

    def keep(self, case):
        if case is not None:
            self.made.append(case.pk)

    def history_arrivals(self):
        """(moment, kind) of each application of the last three months, in time order."""
        arrivals = []
        first = self.today - timedelta(days=HISTORY_DAYS)
        day = first
        while day <= self.today:
            if calendar.is_workday(day):
                mean = PER_DAY * WEEKDAY_FACTOR[day.weekday()]
                for _ in range(max(0, round(self.rng.gauss(mean, mean * 0.3)))):
                    moment = self.arrival_time(day)
                    if moment < self.now - timedelta(minutes=30):
                        kind = self.rng.choices(["window", "online", "instant"], weights=[72, 20, 8])[0]
                        arrivals.append((moment, kind))
            day += timedelta(days=1)
        arrivals.sort()
        return arrivals

    def arrival_time(self, day):
        """Morning peak around 9:50, afternoon peak around 14:40; fewer just before closing."""
        if self.rng.random() < 0.62:
            minutes = self.rng.triangular(9 * 60, 11 * 60 + 50, 9 * 60 + 50)
        else:
            minutes = self.rng.triangular(13 * 60 + 30, 17 * 60 + 15, 14 * 60 + 40)
        return at_local(day, time(int(minutes // 60), int(minutes % 60), self.rng.randrange(60)))

    def story_for(self, moment, kind):
        if kind == "instant" and INSTANT_ITEM in self.items:
            return self.instant_story(moment)
        roll = self.rng.random()
        fate = {
            "refuse": roll < 0.03,
            "withdraw": 0.03 <= roll < 0.06,
            "deny": 0.06 <= roll < 0.10,
            "supplement": self.rng.random() < 0.15,
            "suspend": self.rng.random() < 0.07,
            "deemed": self.rng.random() < 0.12,
            "slow": self.rng.random() < 0.08,
        }
        if kind == "online":
            user = self.online_applicant()
            return self.story(moment, item=self.online_item(user), online_user=user, fate=fate)
        return self.story(moment, item=self.pick_item(), fate=fate)

    # --- one case, step by step ------------------------------------------------------------------

    def story(self, t, *, item, fate, online_user=None, stop=None, pace=None):
        """Walk one case from `t` as far as now allows (or up to the state `stop`)."""
        case = None
        try:
            case = self.intake(t, item=item, online_user=online_user, fate=fate, stop=stop)
            if case.state in (CaseState.DRAFT, CaseState.SUBMITTED, CaseState.RECEIVED) or case.state == stop:
                return case
            if case.state != CaseState.DISPATCHED:  # refused, withdrawn or waiting for a supplement
                return case
            case = self.acceptance(case, fate=fate)
            if case.state == stop:
                return case
            return self.review_to_delivery(case, fate=fate, stop=stop, pace=pace)
        except NotYet:
            return self.latest(case)

    def latest(self, case):
        return None if case is None else Case.objects.get(pk=case.pk)

    def intake(self, t, *, item, online_user, fate, stop):
        desk = self.people["desk"]
        if online_user is not None:
            with self.at(t):
                case = s.case_create(item=item, channel="online", by=online_user, draft=True)
            if stop == CaseState.DRAFT:
                return case
            t += timedelta(minutes=self.rng.randrange(4, 40))
            with self.at(t):
                self.upload_all(case, online_user)
                case = s.case_submit(case=case, by=online_user)
            if stop == CaseState.SUBMITTED:
                return case
            t = after_office_minutes(t, self.rng.randrange(15, 240))  # online pre-review, in office hours
            with self.at(t):
                case = s.case_take_in(case=case, by=desk, note="网上预审通过")
        else:
            with self.at(t):
                case = s.case_create(
                    item=item,
                    channel=self.rng.choice(["window", "window", "window", "agent"]),
                    applicant=self.applicant_for(item),
                    by=desk,
                )
            t += timedelta(minutes=self.rng.randrange(2, 7))
            # A material taken as 容缺 holds the result back until it is supplied (commitments), so
            # only cases the story leaves before the result take one.
            before_result = stop in (CaseState.RECEIVED, CaseState.DISPATCHED, CaseState.IN_REVIEW, CaseState.SUSPENDED)
            self.receive_all(case, t, allow_deficient=before_result)
        if stop == CaseState.RECEIVED:
            return case
        if fate.get("supplement"):
            t += timedelta(minutes=self.rng.randrange(3, 9))
            wrong = self.rng.choice(list(case.materials.filter(required=True)))
            with self.at(t):
                case = s.case_request_supplement(
                    case=case,
                    materials=[wrong.requirement_id],
                    by=desk,
                    note=f"“{wrong.name}”不符合要求，请按告知书补正后再来窗口办理",
                )
            if stop == CaseState.SUPPLEMENT_REQUESTED:
                return case
            t = open_at_or_after(t + timedelta(days=self.rng.choice([1, 1, 2, 3, 5])))
            t = after_office_minutes(t, self.rng.randrange(0, 300))
            if not self.due(t):
                return case  # the applicant has not come back yet
            self.receive_all(case, t)
            with self.at(t):
                case = s.case_supplement(case=case, by=desk, note="补正材料已收齐")
        t += timedelta(minutes=self.rng.randrange(3, 9))
        if fate.get("refuse"):
            with self.at(t):
                return s.case_refuse(case=case, reason=self.rng.choice(REFUSALS), by=desk)
        if fate.get("withdraw") and self.rng.random() < 0.4:  # the rest withdraw during review
            with self.at(t):
                return s.case_withdraw(case=case, by=desk, reason=self.rng.choice(WITHDRAWALS))
        t += timedelta(minutes=self.rng.randrange(2, 12))
        with self.at(t):
            return s.case_dispatch(case=case, by=desk)

    def acceptance(self, case, *, fate):
        """The department acknowledges inside the window, or nobody does and it is deemed accepted."""
        seconds = self.window.total_seconds()
        acknowledge_at = case.dispatched_at + timedelta(seconds=seconds * self.rng.uniform(0.1, 0.8))
        if fate.get("deemed") or acknowledge_at >= case.auto_accept_at or not self.due(acknowledge_at):
            # The sweep runs every ~30 s: it accepts the case as of auto_accept_at.
            swept = case.auto_accept_at + timedelta(seconds=self.rng.randrange(1, 30))
            if not self.due(swept):
                raise NotYet  # still dispatched: the live worker accepts it when the window closes
            with self.at(swept):
                s.case_deem_accepted(case_id=case.pk)
            return Case.objects.get(pk=case.pk)
        with self.at(acknowledge_at):
            return s.case_acknowledge(case=case, by=self.chief_of(case))

    def review_to_delivery(self, case, *, fate, stop, pace):
        reviewer, chief = self.reviewer_of(case), self.chief_of(case)
        limit = max(case.snapshot.get("promised_limit_days") or 1, 1)
        share = (
            pace
            if pace is not None
            else (self.rng.uniform(1.1, 1.6) if fate.get("slow") else self.rng.uniform(0.3, 0.9))
        )
        steps_left = max(len(case.snapshot.get("steps") or []) - (case.current_step or 1), 0) + 1
        per_step = limit * WORKDAY_MINUTES * share / steps_left
        t = case.accepted_at
        suspend_after = 1 if fate.get("suspend") else None
        advanced = 0
        while case.has_next_step():
            t = after_office_minutes(t, per_step * self.rng.uniform(0.7, 1.3))
            with self.at(t):
                case = s.case_advance(case=case, by=reviewer, note="经审查，材料符合要求" if advanced else "")
            advanced += 1
            if advanced == 1 and fate.get("withdraw"):
                t = after_office_minutes(t, self.rng.randrange(60, 900))
                with self.at(t):
                    return s.case_withdraw(case=case, by=self.people["desk"], reason=self.rng.choice(WITHDRAWALS))
            if suspend_after == advanced:
                kind, reason = self.rng.choice(SUSPENSIONS)
                t = after_office_minutes(t, self.rng.randrange(30, 240))
                with self.at(t):
                    case = s.case_suspend(case=case, kind=kind, reason=reason, by=reviewer)
                if stop == CaseState.SUSPENDED:
                    return case
                t = after_office_minutes(t, WORKDAY_MINUTES * self.rng.randrange(3, 10))
                with self.at(t):
                    case = s.case_resume(case=case, by=reviewer, note="检验检测报告已出具，恢复计时")
        t = after_office_minutes(t, per_step * self.rng.uniform(0.5, 1.0))
        with self.at(t):
            if fate.get("deny"):
                case = s.case_decide(case=case, outcome="denied", reason=self.rng.choice(DENIALS), by=chief)
            else:
                case = s.case_decide(case=case, outcome="granted", by=chief)
        if stop in (CaseState.GRANTED, CaseState.DENIED):
            return case
        t = after_office_minutes(t, self.rng.randrange(30, 300))
        with self.at(t):
            valid = None if fate.get("deny") else (timezone.localdate(t) + timedelta(days=365 * 5))
            case = s.case_issue(case=case, by=reviewer, valid_until=valid)
        if stop == CaseState.READY:
            return case
        t = after_office_minutes(t, WORKDAY_MINUTES * self.rng.choice([0.2, 0.5, 1, 1, 2, 3, 5]))
        with self.at(t):
            return self.deliver(case)

    def deliver(self, case):
        delivery = self.people["delivery"]
        online = case.channel == "online"
        roll = self.rng.random()
        if roll < (0.35 if online else 0.6) and case.applicant_type == ApplicantType.PERSON:
            return s.case_deliver(
                case=case,
                method="pickup",
                collector_name=case.applicant_name,
                collector_id_number=case.applicant_id_number,
                by=delivery,
            )
        if roll < 0.8:
            return s.case_deliver(
                case=case,
                method="post",
                tracking_number=f"EMS10{self.rng.randrange(10**9, 10**10)}",
                address=case.applicant_address or "示范县人民路1号",
                by=delivery,
            )
        return s.case_deliver(case=case, method="electronic", email="demo@example.cn", by=delivery)

    def instant_story(self, t):
        """即办件 handled whole at the specialised window, in about a quarter of an hour."""
        special = self.people["special"]
        item = self.items[INSTANT_ITEM]
        case = None
        try:
            with self.at(t):
                case = s.case_create(item=item, channel="window", applicant=self.applicant_for(item), by=special)
            self.receive_all(case, t + timedelta(minutes=3), by=special)
            with self.at(t + timedelta(minutes=5)):
                case = s.case_accept_on_the_spot(case=case, by=special)
            with self.at(t + timedelta(minutes=8)):
                while case.has_next_step():
                    case = s.case_advance(case=case, by=special)
                case = s.case_decide(case=case, outcome="granted", by=special)
                case = s.case_issue(case=case, by=special)
            with self.at(t + timedelta(minutes=self.rng.randrange(12, 25))):
                return s.case_deliver(
                    case=case,
                    method="pickup",
                    collector_id_number=case.applicant_id_number,
                    collector_name=case.applicant_name,
                    by=special,
                )
        except NotYet:
            return self.latest(case)

    # --- what every screen needs today ---------------------------------------------------------

    def today_at_the_hall(self):
        """Cases in each running state, timed so they are where a screen shows them now."""
        recent = self.recent_office_moment()
        people = self.people
        applicants = [people["applicant"], people.get("applicant2", people["applicant"])]
        calm = {"supplement": False}
        # The demo applicants' own cases: drafts, one waiting for pre-review, one in review, one delivered.
        for i, user in enumerate(applicants):
            item = self.online_item(user)
            self.keep(
                self.story(
                    recent - timedelta(minutes=40 + 30 * i),
                    item=item,
                    online_user=user,
                    fate=calm,
                    stop=CaseState.DRAFT,
                )
            )
        for i, user in enumerate([*applicants, self.online_applicant()]):
            self.keep(
                self.story(
                    recent - timedelta(minutes=25 + 20 * i),
                    item=self.online_item(user),
                    online_user=user,
                    fate=calm,
                    stop=CaseState.SUBMITTED,
                )
            )
        for i, user in enumerate(applicants):
            accepted_day = workdays_back(1 + i, from_day=self.today)
            start = at_local(accepted_day, time(9, 20 + 10 * i))
            self.keep(
                self.story(start, item=self.online_item(user), online_user=user, fate=calm, stop=CaseState.IN_REVIEW)
            )
            old = at_local(workdays_back(20 + 7 * i, from_day=self.today), time(10, 5))
            self.keep(self.story(old, item=self.online_item(user), online_user=user, fate=calm, pace=0.5))
        # At the windows now: materials being received, one-time notices issued this week.
        for i in range(4):
            self.keep(
                self.story(
                    recent - timedelta(minutes=5 + 12 * i), item=self.pick_item(), fate=calm, stop=CaseState.RECEIVED
                )
            )
        for i in range(3):
            day = workdays_back(i, from_day=self.today)
            moment = min(at_local(day, (time(10, 15), time(11, 5), time(15, 15))[i]), recent - timedelta(minutes=10))
            fate = {"supplement": True}
            self.keep(self.story(moment, item=self.pick_item(), fate=fate, stop=CaseState.SUPPLEMENT_REQUESTED))
        # In review at each warning level (5-day items; the acceptance day decides the level).
        for level, count in ((Level.GREEN, 4), (Level.YELLOW, 3), (Level.RED, 3)):
            for i in range(count):
                item = self.item_with_limit(self.pick_item(), 5)
                accepted = self.accept_time_for(level, i, item)
                if accepted is None:
                    continue
                self.keep(self.in_review_since(accepted, item))
        # Suspended, decided, waiting at the completed-item window.
        pace = 0.4
        for stop, count in (
            (CaseState.SUSPENDED, 2),
            (CaseState.GRANTED, 2),
            (CaseState.DENIED, 1),
            (CaseState.READY, 3),
        ):
            for i in range(count):
                item = self.pick_item()
                # Far enough back that the review (at this pace) is through by now.
                back = int(item.promised_limit_days * pace) + 2 + i
                start = at_local(workdays_back(back, from_day=self.today), time(9, 40 + 5 * i))
                fate = {"deny": stop == CaseState.DENIED, "suspend": stop == CaseState.SUSPENDED}
                self.keep(self.story(start, item=item, fate=fate, stop=stop, pace=pace))
        # Dispatched just now: the department has not acknowledged yet (the live worker will).
        # Replayed at the end, against the clock as it is now, so the window is still open after seeding.
        self.now = max(self.now, timezone.now())
        for i in range(3):
            self.keep(self.dispatched_now(i))

    def recent_office_moment(self):
        """The latest moment the hall was open, a little before now."""
        moment = self.now - timedelta(minutes=1)
        local = timezone.localtime(moment)
        for back in range(0, 15):
            day = local.date() - timedelta(days=back)
            if not calendar.is_workday(day):
                continue
            for begin, end in reversed(HOURS):
                b, e = at_local(day, begin), at_local(day, end)
                if b + timedelta(hours=2) <= moment:
                    return min(moment, e)
        return moment  # pragma: no cover - a calendar without working days

    def in_review_since(self, accepted, item):
        """A window case dispatched just before `accepted` and acknowledged then."""
        desk = self.people["desk"]
        t = accepted - timedelta(minutes=30)
        with self.at(t):
            case = s.case_create(item=item, channel="window", applicant=self.applicant_for(item), by=desk)
        self.receive_all(case, t + timedelta(minutes=4))
        dispatched = accepted - min(self.window / 2, timedelta(minutes=5))
        with self.at(dispatched):
            case = s.case_dispatch(case=case, by=desk)
        with self.at(accepted):
            if case.auto_accept_at > accepted:
                case = s.case_acknowledge(case=case, by=self.chief_of(case))
            else:  # a zero-second window: the system accepts at once
                s.case_deem_accepted(case_id=case.pk)
                case = Case.objects.get(pk=case.pk)
        later = after_office_minutes(accepted, 120)
        if self.due(later) and case.has_next_step():
            with self.at(later):
                case = s.case_advance(case=case, by=self.reviewer_of(case), note="材料审查中")
        return case

    def dispatched_now(self, index):
        """Received and dispatched in the last minutes, still inside the acknowledgement window."""
        desk = self.people["desk"]
        item = self.pick_item("scjg" if index == 0 else None)
        dispatched = self.now - min(self.window * (0.15 + 0.2 * index), timedelta(minutes=2 + 2 * index))
        t = dispatched - timedelta(minutes=12)
        with self.at(t):
            case = s.case_create(item=item, channel="window", applicant=self.applicant_for(item), by=desk)
        self.receive_all(case, t + timedelta(minutes=4))
        with self.at(dispatched):
            return s.case_dispatch(case=case, by=desk)

    def accept_time_for(self, level, index, item):
        """An acceptance time in office hours that leaves the case at `level` now."""
        for back in range(index % 2, 60):
            day = workdays_back(back, from_day=self.today)
            accepted = at_local(day, ACCEPT_TIMES[index % len(ACCEPT_TIMES)])
            if accepted > self.now - timedelta(hours=1):
                continue
            deadline = calendar.compute_deadline(
                accepted_at=accepted, limit_days=item.promised_limit_days, warn_days=item.warn_days
            )
            found = calendar.level_for(
                now=self.now, deadline_at=deadline.deadline_at, warn_at=deadline.warn_at, clock_running=True
            )
            if found == level:
                return accepted
        return None

    def item_with_limit(self, item, days):
        """Calibrated in-review cases use 5-day items so the chosen acceptance day gives the wanted level."""
        same = [
            self.items[c]
            for codes in ITEMS_BY_DEPT.values()
            for c in codes
            if c in self.items
            and self.items[c].department_id == item.department_id
            and self.items[c].promised_limit_days == days
        ]
        if same:
            return same[0]
        fallback = [
            self.items[c]
            for c in ITEMS_BY_DEPT["scjg"]
            if c in self.items and self.items[c].promised_limit_days == days
        ]
        return fallback[0] if fallback else item

    # --- applicants ------------------------------------------------------------------------------

    def make_online_applicants(self):
        """A few residents and firms who apply online (accounts without a password)."""
        User = get_user_model()
        users = []
        for n in range(1, ONLINE_ACCOUNTS + 1):
            username = f"online{n:02d}"
            user = User.objects.filter(username=username).first()
            if user is None:
                details = self.applicant_for(self.items.get(ONLINE_ITEM), kinds=["person", "organisation"])
                user = User(username=username, first_name=details.get("contact_person") or details["name"])
                user.set_unusable_password()
                user.save()
                applicant_profile_save(
                    user=user,
                    applicant_type=details["type"],
                    name=details["name"],
                    id_number=details["id_number"],
                    phone=details["phone"],
                    contact_person=details.get("contact_person", ""),
                    address=details["address"],
                )
            users.append(user)
        return users

    def online_applicant(self):
        """Mostly other residents; now and then the demo applicants themselves."""
        if self.rng.random() < 0.15 or not self.online_users:
            return self.rng.choice([u for u in (self.people.get("applicant"), self.people.get("applicant2")) if u])
        return self.rng.choice(self.online_users)

    def online_item(self, user):
        kind = user.applicant_profile.applicant_type
        choices = [
            self.items[c]
            for codes in ITEMS_BY_DEPT.values()
            for c in codes
            if c in self.items
            and self.items[c].online
            and (not self.items[c].applicant_types or kind in self.items[c].applicant_types)
        ]
        return self.rng.choice(choices) if choices else self.items[ONLINE_ITEM]

    def applicant_for(self, item, kinds=None):
        types = list(kinds or (item.applicant_types if item is not None else None) or ["person"])
        kind = (
            ApplicantType.ORGANISATION
            if types == ["organisation"] or (len(types) > 1 and self.rng.random() < 0.4)
            else ApplicantType.PERSON
        )
        n = self.rng.randrange(1, 999)
        street = f"示范县{self.rng.choice(STREETS)}{self.rng.randrange(1, 300)}号"
        phone = f"1{self.rng.choice('3578')}{self.rng.randrange(10**8, 10**9)}"
        if kind == ApplicantType.PERSON:
            name = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)
            born = datetime(1968, 1, 1) + timedelta(days=self.rng.randrange(0, 365 * 32))
            body = f"{self.rng.choice(['110105', '110108'])}{born:%Y%m%d}{n:03d}"
            return {
                "type": kind,
                "name": name,
                "id_number": body + ric.calc_check_digit(body + "0"),
                "phone": phone,
                "address": street,
            }
        name = "示范县" + self.rng.choice(COMPANY_WORDS) + self.rng.choice(COMPANY_KINDS)
        body = f"91370702MA{self.rng.randrange(10**6, 10**7)}"
        return {
            "type": kind,
            "name": name,
            "id_number": body + uscc.calc_check_digit(body),
            "phone": phone,
            "address": street,
            "contact_person": self.rng.choice(SURNAMES) + self.rng.choice(GIVEN),
        }

    # --- materials -------------------------------------------------------------------------------

    def upload_all(self, case, user):
        for material in case.materials.filter(required=True, status="missing"):
            upload = SimpleUploadedFile(
                f"material-{material.requirement_id}.pdf",
                demo_pdf(f"Application material {material.position} - case {case.number}"),
                content_type="application/pdf",
            )
            s.case_record_material(case=case, requirement_id=material.requirement_id, file=upload, by=user)

    def receive_all(self, case, t, *, by=None, allow_deficient=False):
        """Paper originals at the window; now and then a material taken as 容缺 where the item allows."""
        by = by or self.people["desk"]
        with self.at(t):
            for material in case.materials.filter(required=True, status="missing"):
                if allow_deficient and material.may_be_deficient and self.rng.random() < 0.3:
                    s.case_record_material(case=case, requirement_id=material.requirement_id, status="deficient", by=by)
                else:
                    s.case_record_material(case=case, requirement_id=material.requirement_id, paper="original", by=by)
