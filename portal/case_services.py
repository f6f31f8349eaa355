"""The online hall's own writes on a case (the front desk has no use for them).

- Attach a file the applicant already has in their material library to a case material:
  the case material points at the same stored file (no second copy, no second upload), and a
  LibraryAttachment row links the two, so the file is known to be the library's (a later
  replacement on the case never deletes it).
- Electronic delivery by the applicant themselves: downloading the electronic certificate
  of a case whose result is ready is the delivery (电子送达).

Each runs in one transaction with the case row locked and writes the case's one event,
through the approvals helpers every case service uses.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from approvals import policies
from approvals.constants import Action, DeliveryMethod, MaterialStatus, ResultKind
from approvals.models import CaseMaterial, Result
from approvals.services._base import CaseConflict, lock_case, run_transition, write_event
from approvals.services.intake import _MATERIAL_STATES
from hall import clock as hall_clock
from hall.storage import delete_on_commit
from portal.models import LibraryAttachment


def case_attach_library_file(*, case, requirement_id, by, stored, reused=False):
    """Record a case material whose file is the applicant's library copy `stored` (a LibraryMaterial)."""
    with transaction.atomic():
        case = lock_case(case)
        policies.require(by, Action.RECORD_MATERIAL, case)
        if case.state not in _MATERIAL_STATES and not policies.applicant_may_supplement_in_review(by, case):
            raise CaseConflict(_("办件已推送或办结，不能再收取材料。"), object=case)
        material = CaseMaterial.objects.select_for_update().filter(case=case, requirement_id=requirement_id).first()
        if material is None:
            raise ValidationError({"requirement": [_("该事项没有这项申请材料。")]})
        # The library file is shared: never delete it. A file this case owned (uploaded at the
        # window) is deleted once the library copy is recorded and this commits.
        if material.owns_file and material.file.name != stored.file.name:
            delete_on_commit(material.file.storage, material.file.name)
        material.file.name = stored.file.name
        material.sha256, material.content_type, material.size = stored.sha256, stored.content_type, stored.size
        material.status = MaterialStatus.RECEIVED
        material.uploaded_by = by
        material.uploaded_at = hall_clock.now()
        material.save()
        LibraryAttachment.objects.update_or_create(case_material=material, defaults={"library_material": stored})
        payload = {
            "requirement": requirement_id,
            "name": material.name,
            "sha256": stored.sha256,
            "size": stored.size,
            "content_type": stored.content_type,
            "status": material.status,
            "from_library": bool(reused),
        }
        write_event(case, action=Action.RECORD_MATERIAL, from_state=case.state, by=by, payload=payload)
    return material


def case_deliver_electronic(*, case, by):
    """The applicant downloads their electronic certificate: the case is delivered (ready → delivered)."""
    with transaction.atomic():
        case = lock_case(case)
        if not policies.is_own_applicant(by, case):
            raise PermissionDenied(_("只有申请人本人可以领取电子证照。"))
        result = Result.objects.filter(case=case).first()
        if result is None or result.kind != ResultKind.CERTIFICATE:
            raise CaseConflict(_("该办件没有可下载的电子证照。"), object=case)
        source, now = case.state, hall_clock.now()
        details = {"self_service": True, "result": result.number}
        run_transition(case, "deliver", at=now, delivery_method=DeliveryMethod.ELECTRONIC, details=details)
        write_event(
            case,
            action=Action.DELIVER,
            from_state=source,
            by=by,
            at=now,
            note=_("申请人在网上办事大厅下载电子证照"),
            payload={"method": DeliveryMethod.ELECTRONIC, **details},
        )
    return case
