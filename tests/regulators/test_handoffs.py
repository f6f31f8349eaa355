"""审批结果推送: a decided case reaches each regulator of its item; the regulator signs for it."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from approvals.events import CaseMessage
from approvals.models import CaseEvent
from approvals.services.publishing import deliver_all_pending
from catalog import clock
from regulators.models import Handoff
from regulators.services.handoffs import handoff_repush
from regulators.subscribers import push_to_regulators
from tests.factories import make_department

pytestmark = pytest.mark.django_db


def test_a_granted_case_reaches_every_regulator_with_materials_and_timeline(item, decided):
    second = make_department(code="yjgl", name="应急管理局")
    item.regulators.add(second)
    case = decided("granted")
    handoffs = list(Handoff.objects.filter(case=case).order_by("regulator__code"))
    assert [h.regulator.code for h in handoffs] == ["scjg", "yjgl"]
    summary = handoffs[0].summary
    assert summary["case_number"] == case.number
    assert summary["outcome"] == "granted" and summary["outcome_label"] == "准予许可"
    assert [m["name"] for m in summary["materials"]] == ["申请材料1", "申请材料2"]
    assert all(m["status"] == "received" for m in summary["materials"])
    assert [e["action"] for e in summary["timeline"]][-1] == "decide"
    assert "create" in [e["action"] for e in summary["timeline"]]
    # Delivered twice: still one handoff per regulator.
    deliver_all_pending()
    assert Handoff.objects.filter(case=case).count() == 2


def test_a_denied_case_is_pushed_too_with_its_reasons(decided):
    case = decided("denied")
    handoff = Handoff.objects.get(case=case)
    assert handoff.outcome == "denied"
    assert handoff.summary["decision_reason"] == "不符合法定条件"


def test_no_regulator_no_handoff(item, decided):
    item.regulators.clear()
    case = decided("granted")
    assert not Handoff.objects.filter(case=case).exists()


def test_the_certificate_issued_later_is_added_to_the_handoff(decided):
    case = decided("ready")
    handoff = Handoff.objects.get(case=case)
    assert handoff.summary["result"]["number"] == case.result.number


def test_ack_deadline_is_one_working_day_on_the_hall_clock(decided):
    # Friday 2026-11-27 10:00 Beijing: due at the close of Monday 11-30, yellow from the close of Friday.
    moment = timezone.make_aware(timezone.datetime(2026, 11, 27, 10, 0), clock.SHANGHAI)
    with time_machine.travel(moment, tick=False):
        case = decided("granted")
    handoff = Handoff.objects.get(case=case)
    assert timezone.localtime(handoff.deadline_at).date().isoformat() == "2026-11-30"
    assert timezone.localtime(handoff.warn_at).date().isoformat() == "2026-11-27"
    assert handoff.level(handoff.warn_at - timedelta(minutes=1)) == "green"
    assert handoff.level(handoff.warn_at + timedelta(minutes=1)) == "yellow"
    assert handoff.level(handoff.deadline_at + timedelta(seconds=1)) == "red"


def test_a_revocation_pushes_again(decided, settings):
    case = decided("granted")
    first = Handoff.objects.get(case=case)
    event = CaseEvent.objects.filter(case=case).order_by("-seq").first()
    # What the commitments app's revocation event looks like to the subscriber.
    message = CaseMessage.from_event(event, case=case)
    revoked = CaseMessage(
        **{**message.__dict__, "event_id": event.pk + 10_000, "action": "revoke-result", "note": "承诺不实，撤销许可"}
    )
    push_to_regulators(revoked)
    again = Handoff.objects.filter(case=case).exclude(pk=first.pk).get()
    assert again.kind == "revocation" and again.reason == "承诺不实，撤销许可"
    # An action not named in the settings pushes nothing.
    push_to_regulators(CaseMessage(**{**message.__dict__, "event_id": event.pk + 20_000, "action": "urge"}))
    assert Handoff.objects.filter(case=case).count() == 2


def test_repush_service_for_a_change(decided):
    case = decided("granted")
    made = handoff_repush(case_id=case.pk, source_event_id=999_999, kind="change", reason="许可事项变更")
    assert [h.kind for h in made] == ["change"]
