"""The result: issue it to the completed-item window, then hand it over."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals import guards, policies
from approvals.constants import DELIVERY_CHOICE_STATES, Action, CaseState, DeliveryMethod, Outcome, ResultKind
from approvals.models import DeliveryPreference, Result
from approvals.numbers import new_pickup_code, new_verification_code
from approvals.services._base import CaseConflict, blank, case_transaction, lock_case, run_transition, write_event
from approvals.uploads import check_upload
from hall import clock as hall_clock
from hall.constants import ApplicantType
from hall.identity import clean_phone, clean_resident_id, mask_id_number
from hall.storage import replacing_files


def default_validity(*, case, today):
    """The item's default validity (its version's): (valid_until, long_term); (None, False) when it sets none."""
    snapshot = case.snapshot
    if snapshot.get("validity_long_term"):
        return None, True
    years = snapshot.get("validity_years")
    if years:
        try:
            return today.replace(year=today.year + years) - timedelta(days=1), False
        except ValueError:  # 29 February
            return today.replace(year=today.year + years, day=28), False
    return None, False


def _free_pickup_code_if_number_free(number):
    """A pickup code no waiting result uses, checked in the same query as the result's number."""
    from approvals.numbers import random_pickup_code

    code = random_pickup_code()
    taken = list(
        Result.objects.filter(Q(number=number) | Q(pickup_code=code, case__state=CaseState.READY)).values_list(
            "number", flat=True
        )
    )
    if number in taken:
        raise ValidationError({"certificate_number": [_("证照编号已被使用。")]})
    return new_pickup_code() if taken else code  # the code was taken (rare): draw until free


def case_issue(*, case, by, certificate_number="", valid_until=None, long_term=False, file=None, note=""):
    """Produce the result (certificate, or the denial decision) and put it at the completed-item window.

    A certificate's validity runs from today: never in the past; left empty, the item's default
    applies (N years, or 长期 where the law says so).
    """
    with replacing_files() as files, case_transaction():
        case = lock_case(case)
        policies.require(by, Action.ISSUE, case)
        guards.check(Action.ISSUE, case=case, by=by)
        source, now = case.state, hall_clock.now()
        run_transition(case, "issue")
        granted = case.outcome == Outcome.GRANTED
        today = timezone.localdate(now)
        if not granted:
            valid_until, long_term = None, False
        elif long_term:
            valid_until = None
        elif valid_until is None:
            valid_until, long_term = default_validity(case=case, today=today)
        elif valid_until <= today:
            raise ValidationError(
                {
                    "valid_until": [
                        _("有效期至须晚于发证日期（%(today)s），不能是过去的日期。") % {"today": today.isoformat()}
                    ]
                }
            )
        suffix = "ZZ" if granted else "JD"
        number = (certificate_number or "").strip() or f"{case.number}-{suffix}"
        pickup_code = _free_pickup_code_if_number_free(number)
        result = Result(
            case=case,
            kind=ResultKind.CERTIFICATE if granted else ResultKind.DENIAL,
            number=number,
            verification_code=new_verification_code(),
            name=(case.snapshot.get("result_name") or "") if granted else _("不予行政许可决定书"),
            issued_at=now,
            valid_until=valid_until,
            long_term=long_term,
            appeal_route="" if granted else settings.HALL_APPEAL_ROUTE,
            issued_by=by,
            pickup_code=pickup_code,
        )
        if file is not None:
            files.replace(result.file, file, name=file.name.rsplit("/", 1)[-1])
        result.save()
        write_event(
            case,
            action=Action.ISSUE,
            from_state=source,
            by=by,
            note=note,
            at=now,
            payload={"result": result.number, "kind": result.kind},
        )
    return case


def case_deliver(
    *,
    case,
    method,
    by,
    collector_name="",
    collector_id_number="",
    authorisation_letter=False,
    authorisation_file=None,
    tracking_number="",
    address="",
    email="",
    note="",
):
    """Hand the result over: pickup (the collector's ID checked), post (tracking number) or electronic.

    At pickup the collector is the applicant (same resident ID), the agent registered on the
    case (same resident ID: recognised, nothing more to tick), or someone whose written
    authorisation (授权委托书) is recorded now — the paper letter taken (authorisation_letter)
    or its scan uploaded (authorisation_file). An organisation's result always needs one of
    the last two, unless its registered agent collects it.
    """
    checked = check_upload(authorisation_file) if authorisation_file else None
    details = _delivery_details(
        case=case,
        method=method,
        collector_name=collector_name,
        collector_id_number=collector_id_number,
        authorisation_letter=authorisation_letter,
        tracking_number=tracking_number,
        address=address,
        email=email,
    )
    with replacing_files() as files, case_transaction():
        case = lock_case(case)
        policies.require(by, Action.DELIVER, case)
        guards.check(Action.DELIVER, case=case, by=by, method=method)
        if method == DeliveryMethod.PICKUP:
            details["collector"] = _check_collector(case, details, authorisation_letter or checked is not None)
            if checked is not None:
                result = Result.objects.select_for_update().get(case=case)
                name = authorisation_file.name.rsplit("/", 1)[-1]
                files.replace(result.authorisation_letter, authorisation_file, name=name)
                result.save(update_fields=["authorisation_letter"])
                details["authorisation"] = "upload"
                details["authorisation_sha256"] = checked.sha256
            elif authorisation_letter and details["collector"] == COLLECTOR_AUTHORISED:
                details["authorisation"] = "paper"
        source, now = case.state, hall_clock.now()
        run_transition(case, "deliver", at=now, delivery_method=method, details=details)
        public = {k: v for k, v in details.items() if k != "collector_id_number"}
        if "collector_id_number" in details:
            public["collector_id_number"] = mask_id_number(details["collector_id_number"])
        write_event(
            case,
            action=Action.DELIVER,
            from_state=source,
            by=by,
            note=note,
            at=now,
            payload={"method": method, **public},
        )
    return case


def _delivery_details(
    *, case, method, collector_name, collector_id_number, authorisation_letter, tracking_number, address, email
):
    if method not in DeliveryMethod.values:
        raise ValidationError({"method": [_("送达方式只能是窗口领取、邮寄或电子送达。")]})
    if method == DeliveryMethod.PICKUP:
        if blank(collector_id_number):
            raise ValidationError({"collector_id_number": [_("窗口领取须核验领取人身份证件号码。")]})
        try:
            number = clean_resident_id(collector_id_number)
        except ValidationError as exc:
            raise ValidationError({"collector_id_number": exc.messages}) from exc
        return {
            "collector_name": (collector_name or "").strip(),
            "collector_id_number": number,
            "authorisation_letter": bool(authorisation_letter),
        }
    if method == DeliveryMethod.POST:
        if blank(tracking_number):
            raise ValidationError({"tracking_number": [_("邮寄送达须填写快递单号。")]})
        return {"tracking_number": tracking_number.strip(), "address": (address or "").strip()}
    return {"email": (email or "").strip()}


COLLECTOR_APPLICANT, COLLECTOR_AGENT, COLLECTOR_AUTHORISED = "applicant", "agent", "authorised"


def _check_collector(case, details, authorised):
    """Who is collecting: the applicant, the registered agent, or someone authorised now."""
    number = details["collector_id_number"]
    if case.applicant_type == ApplicantType.PERSON and number == case.applicant_id_number:
        return COLLECTOR_APPLICANT
    if case.agent_id_number and number == case.agent_id_number:
        return COLLECTOR_AGENT
    if authorised:
        return COLLECTOR_AUTHORISED
    raise ValidationError(
        {
            "collector_id_number": [
                _("领取人身份证件与申请人不符，也不是办件登记的代理人；须收取授权委托书原件或上传扫描件后才能领取。")
            ]
        }
    )


def case_choose_delivery(*, case, method, by, recipient="", phone="", address=""):
    """Record how the applicant wants the result; post needs a recipient, a phone and an address.

    Not a state change: the case stays where it is and the choice is one event in its timeline,
    so the completed-item window knows where to send the result when it is ready.
    """
    recipient, address = (recipient or "").strip(), (address or "").strip()
    errors = {}
    if method not in DeliveryMethod.values:
        errors["method"] = [_("请选择窗口领取、邮寄送达或电子送达。")]
    elif method == DeliveryMethod.POST:
        if not recipient:
            errors["recipient"] = [_("邮寄送达须填写收件人。")]
        if not address:
            errors["address"] = [_("邮寄送达须填写邮寄地址。")]
        try:
            phone = clean_phone(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    if errors:
        raise ValidationError(errors)
    by_post = method == DeliveryMethod.POST
    with case_transaction():
        case = lock_case(case)
        policies.require(by, Action.CHOOSE_DELIVERY, case)
        if case.state not in DELIVERY_CHOICE_STATES:
            raise CaseConflict(
                _("办件当前状态为“%(state)s”，不能再更改领取方式。") % {"state": CaseState(case.state).label},
                object=case,
            )
        now = hall_clock.now()
        preference, _created = DeliveryPreference.objects.update_or_create(
            case=case,
            defaults={
                "method": method,
                "recipient": recipient if by_post else "",
                "phone": phone if by_post else "",
                "address": address if by_post else "",
                "chosen_by": by,
                "chosen_at": now,
            },
        )
        write_event(
            case,
            action=Action.CHOOSE_DELIVERY,
            from_state=case.state,
            by=by,
            at=now,
            note=DeliveryMethod(method).label,
            payload={"method": method},  # the address stays off the timeline (personal data)
        )
    return preference
