"""Demo cases: about sixty, in every state, across departments, over the last weeks.

Every case is walked through the real services at the moment it happened (time-machine
moves the clock), so numbers, clocks and the event log are exactly what real work makes;
in-review cases are placed so that some are green, some yellow and some red today.
Idempotent: nothing is made when the demo cases exist already.
"""

import random
from contextlib import contextmanager
from datetime import datetime, time, timedelta

import time_machine
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from stdnum.cn import ric, uscc

from approvals import services as s
from approvals.constants import CaseState, Level
from approvals.models import Case
from catalog import clock
from catalog.models import Item
from hall.constants import ApplicantType

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "秀英",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀兰",
    "霞",
    "平",
    "刚",
    "桂英",
    "建华",
    "晓东",
    "海燕",
    "志强",
    "文静",
    "子涵",
    "浩然",
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

# Items walked to each state (promised items of the departments with demo staff).
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
INSTANT_ITEM = "SCJG-GTGSH-DJ"

# (state, how many, level for in-review cases)
PLAN = [
    ("draft", 2, None),
    ("submitted", 3, None),
    ("received", 5, None),
    ("supplement_requested", 4, None),
    ("not_accepted", 3, None),
    ("dispatched", 3, None),
    ("in_review", 6, Level.GREEN),
    ("in_review", 4, Level.YELLOW),
    ("in_review", 4, Level.RED),
    ("suspended", 3, None),
    ("granted", 3, None),
    ("denied", 2, None),
    ("ready", 5, None),
    ("delivered", 10, None),
    ("withdrawn", 3, None),
]
REFUSALS = [
    "申请事项不属于本部门职责范围，请向县自然资源和规划局申请。",
    "申请人不具备法定申请资格。",
    "该申请依法不需要取得行政许可。",
]
DENIALS = ["经现场核查，经营场所与许可申请不符，不符合法定条件。", "申请人提交的检验报告不合格，不予许可。"]
SUSPENSIONS = [("inspection", "委托第三方检验检测"), ("expert_review", "组织专家评审"), ("hearing", "依申请举行听证")]


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
    items = {i.code: i for i in Item.objects.select_related("department").filter(is_active=True)}
    walker = Walker(people=people, items=items, rng=random.Random(2026))
    made = walker.run()
    counts = {}
    for case in made:
        counts[case.state] = counts.get(case.state, 0) + 1
    levels = {lvl: Case.objects.filter(pk__in=[c.pk for c in made]).at_level(lvl).count() for lvl in ("yellow", "red")}
    summary = "、".join(f"{CaseState(k).label}{v}" for k, v in sorted(counts.items()))
    stdout.write(f"  办件：{len(made)} 件（{summary}；黄灯 {levels['yellow']}、红灯 {levels['red']}）")


def _usernames():
    from hall.demo import OTHER_CHIEFS, STAFF

    return [row[0] for row in STAFF] + [f"chief_{c}" for c in OTHER_CHIEFS] + ["applicant", "applicant2"]


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


@contextmanager
def at(moment):
    with time_machine.travel(moment, tick=False):
        yield


def workday_at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def workdays_back(n, *, from_day=None):
    """The n-th working day before from_day (today by default); n=0 is the last working day up to it."""
    day = from_day or timezone.localdate()
    while not clock.is_workday(day):
        day -= timedelta(days=1)
    for _ in range(n):
        day -= timedelta(days=1)
        while not clock.is_workday(day):
            day -= timedelta(days=1)
    return day


class Walker:
    def __init__(self, *, people, items, rng):
        self.people, self.items, self.rng = people, items, rng
        self.now = timezone.now()
        self.serial = 0
        self.made = []

    # --- who does what ------------------------------------------------------------------

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

    # --- the plan -----------------------------------------------------------------------

    def run(self):
        departments = [code for code in ITEMS_BY_DEPT if any(c in self.items for c in ITEMS_BY_DEPT[code])]
        for state, count, level in PLAN:
            for i in range(count):
                dept = departments[(self.serial + i) % len(departments)]
                needs_chief = state in ("in_review", "granted", "denied", "ready", "delivered", "suspended")
                if needs_chief and dept != "scjg" and self.people.get(f"chief_{dept}") is None:
                    dept = "scjg"
                codes = [c for c in ITEMS_BY_DEPT[dept] if c in self.items]
                item = self.items[self.rng.choice(codes)]
                self.serial += 1
                case = self.walk(state=state, item=item, level=level, index=i)
                if case is not None:
                    self.made.append(case)
        instant = self.items.get(INSTANT_ITEM)
        if instant is not None:  # one 即办件 handled whole at the specialised window
            self.made.append(self.walk_instant(instant))
        return self.made

    def applicant_for(self, item, online_user=None):
        if online_user is not None:
            return None
        types = list(item.applicant_types or ["person"])
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

    def start_time(self, state, level, index, item):
        """When the case came in: recent for early states, weeks ago for finished ones."""
        if state in ("draft", "submitted", "received", "supplement_requested"):
            return workday_at(workdays_back(index % 3), 9 + index % 7, 10 * (index % 5))
        if state == "dispatched":
            return self.now - timedelta(minutes=3 + 2 * index)
        if state == "in_review":
            return self.accept_time_for(level, index, item) - timedelta(minutes=40)
        if state == "suspended":
            return workday_at(workdays_back(3 + index), 10)
        return workday_at(workdays_back(8 + 3 * index + self.rng.randrange(0, 12)), 9 + index % 6, 15)

    def accept_time_for(self, level, index, item):
        """An acceptance time that leaves the case at `level` today (tried day by day)."""
        for back in range(index % 2, 60):
            day = workdays_back(back)
            accepted = workday_at(day, 10 + index % 5, 5)
            if accepted > self.now - timedelta(hours=1):
                continue
            deadline = clock.compute_deadline(
                accepted_at=accepted, limit_days=item.promised_limit_days, warn_days=item.warn_days
            )
            found = clock.level_for(
                now=self.now, deadline_at=deadline.deadline_at, warn_at=deadline.warn_at, clock_running=True
            )
            if found == level:
                return accepted
        return self.now - timedelta(hours=2)

    def walk(self, *, state, item, level, index):
        desk, people = self.people["desk"], self.people
        online_user = None
        if state in ("draft", "submitted") or (state in ("in_review", "delivered") and index == 0):
            online_user = people["applicant"] if index % 2 == 0 else people.get("applicant2", people["applicant"])
            kind = online_user.applicant_profile.applicant_type
            if (item.applicant_types and kind not in item.applicant_types) or not item.online:
                item = self.items.get("SCJG-SPJY-XK", item)  # takes persons and organisations online
        if state == "in_review":
            item = self.item_with_limit(item, 5)
        t = self.start_time(state, level, index, item)
        if online_user is not None:
            with at(t):
                case = s.case_create(item=item, channel="online", by=online_user, draft=True)
            if state == "draft":
                return case
            # Online: every required material uploaded into the draft, then submitted.
            with at(t + timedelta(minutes=5)):
                self.upload_all(case, online_user)
                case = s.case_submit(case=case, by=online_user)
            if state == "submitted":
                return case
            t += timedelta(minutes=20)
            with at(t):
                case = s.case_take_in(case=case, by=desk, note="网上预审通过")
        else:
            with at(t):
                case = s.case_create(
                    item=item,
                    channel=self.rng.choice(["window", "window", "agent"]),
                    applicant=self.applicant_for(item),
                    by=desk,
                )
        if state == "received":
            return case
        t += timedelta(minutes=6)
        if state in ("supplement_requested", "delivered") and (state != "delivered" or index % 3 == 1):
            missing = list(case.materials.filter(required=True).values_list("requirement_id", flat=True))
            with at(t):
                case = s.case_request_supplement(
                    case=case, materials=missing, by=desk, note="请按告知书补齐材料后再来窗口办理"
                )
            if state == "supplement_requested":
                return case
            t += timedelta(days=1)
            self.receive_all(case, t)
            with at(t):
                case = s.case_supplement(case=case, by=desk, note="补正材料已收齐")
        if state == "not_accepted":
            with at(t):
                return s.case_refuse(case=case, reason=REFUSALS[index % len(REFUSALS)], by=desk)
        if state == "withdrawn":
            with at(t):
                return s.case_withdraw(case=case, by=desk, reason="申请人书面申请撤回")
        self.receive_all(case, t)
        t += timedelta(minutes=10)
        accept = self.accept_time_for(level, index, item) if state == "in_review" else None
        if accept is not None:  # dispatched just before, so the department acknowledges in time
            t = max(t, accept - timedelta(minutes=5))
        with at(t):
            case = s.case_dispatch(case=case, by=desk)
        if state == "dispatched":
            return case
        if accept is not None:
            t = accept
        if index % 3 == 2:  # nobody acknowledged in time: deemed accepted by the system
            with at(case.auto_accept_at + timedelta(seconds=20)):
                s.case_deem_accepted(case_id=case.pk)
            case.refresh_from_db()
            t = case.auto_accept_at
        else:
            t = max(t, case.dispatched_at + timedelta(minutes=4))
            with at(t):
                case = s.case_acknowledge(case=case, by=self.chief_of(case))
        reviewer, chief = self.reviewer_of(case), self.chief_of(case)
        if state == "in_review":
            if index % 2 and case.has_next_step() and t + timedelta(hours=2) < self.now:
                with at(t + timedelta(hours=2)):
                    case = s.case_advance(case=case, by=reviewer, note="材料审查中")
            return case
        t += timedelta(hours=3)
        if state == "suspended":
            kind, reason = SUSPENSIONS[index % len(SUSPENSIONS)]
            with at(min(t, self.now - timedelta(minutes=5))):
                return s.case_suspend(case=case, kind=kind, reason=reason, by=reviewer)
        while case.has_next_step():
            with at(t):
                case = s.case_advance(case=case, by=reviewer)
            t += timedelta(hours=20)
        denied = state == "denied" or (state in ("ready", "delivered") and index % 4 == 3)
        with at(t):
            if denied:
                case = s.case_decide(case=case, outcome="denied", reason=DENIALS[index % len(DENIALS)], by=chief)
            else:
                case = s.case_decide(case=case, outcome="granted", by=chief)
        if state in ("granted", "denied"):
            return case
        t += timedelta(hours=2)
        with at(t):
            valid = (t + timedelta(days=365 * 5)).date() if not denied else None
            case = s.case_issue(case=case, by=reviewer, valid_until=valid)
        if state == "ready":
            return case
        t += timedelta(days=1)
        with at(t):
            if index % 3 == 0 and case.applicant_type == ApplicantType.PERSON:
                return s.case_deliver(
                    case=case,
                    method="pickup",
                    collector_name=case.applicant_name,
                    collector_id_number=case.applicant_id_number,
                    by=people["delivery"],
                )
            if index % 3 == 1:
                return s.case_deliver(
                    case=case,
                    method="post",
                    tracking_number=f"EMS10{self.rng.randrange(10**9)}",
                    address=case.applicant_address,
                    by=people["delivery"],
                )
            return s.case_deliver(case=case, method="electronic", email="demo@example.cn", by=people["delivery"])

    def item_with_limit(self, item, days):
        """In-review demo cases use 5-day items so the chosen acceptance day gives the wanted level."""
        same = [
            self.items[c]
            for codes in ITEMS_BY_DEPT.values()
            for c in codes
            if c in self.items
            and self.items[c].department_id == item.department_id
            and self.items[c].promised_limit_days == days
        ]
        return same[0] if same else item

    def upload_all(self, case, user):
        for material in case.materials.filter(required=True, status="missing"):
            upload = SimpleUploadedFile(
                f"material-{material.requirement_id}.pdf",
                demo_pdf(f"Application material {material.position} - case {case.number}"),
                content_type="application/pdf",
            )
            s.case_record_material(case=case, requirement_id=material.requirement_id, file=upload, by=user)

    def receive_all(self, case, t):
        with at(t):
            for material in case.materials.filter(required=True, status="missing"):
                s.case_record_material(
                    case=case, requirement_id=material.requirement_id, paper="original", by=self.people["desk"]
                )

    def walk_instant(self, item):
        special = self.people["special"]
        t = workday_at(workdays_back(1), 14, 30)
        with at(t):
            case = s.case_create(item=item, channel="window", applicant=self.applicant_for(item), by=special)
        self.receive_all_by(case, t + timedelta(minutes=3), special)
        with at(t + timedelta(minutes=5)):
            case = s.case_accept_on_the_spot(case=case, by=special)
        with at(t + timedelta(minutes=8)):
            while case.has_next_step():
                case = s.case_advance(case=case, by=special)
            case = s.case_decide(case=case, outcome="granted", by=special)
            case = s.case_issue(case=case, by=special)
        with at(t + timedelta(minutes=15)):
            return s.case_deliver(
                case=case,
                method="pickup",
                collector_id_number=case.applicant_id_number,
                collector_name=case.applicant_name,
                by=special,
            )

    def receive_all_by(self, case, t, user):
        with at(t):
            for material in case.materials.filter(required=True, status="missing"):
                s.case_record_material(case=case, requirement_id=material.requirement_id, paper="original", by=user)
