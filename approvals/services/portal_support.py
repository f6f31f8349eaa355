"""Case services the online hall needs that the front desk does not (owned by portal's author).

- Attach a file the applicant already has in their material library to a case material,
  pointing at the same stored file (no second copy, no second upload).
- Electronic delivery by the applicant themselves: downloading the electronic certificate
  of a case whose result is ready is the delivery (电子送达).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals import policies
from approvals.constants import Action, DeliveryMethod, MaterialStatus, ResultKind
from approvals.models import CaseMaterial, Result
from approvals.services._base import CaseConflict, lock_case, run_transition, write_event
from approvals.services.intake import _MATERIAL_STATES
from hall.storage import delete_on_commit


def case_attach_stored_file(*, case, requirement_id, by, stored_name, sha256, content_type, size, reused=False):
    """Record a material whose file is already stored (the applicant's library copy)."""
    with transaction.atomic():
        case = lock_case(case)
        policies.require(by, Action.RECORD_MATERIAL, case)
        if case.state not in _MATERIAL_STATES and not policies.applicant_may_supplement_in_review(by, case):
            raise CaseConflict(_("办件已推送或办结，不能再收取材料。"), object=case)
        material = CaseMaterial.objects.select_for_update().filter(case=case, requirement_id=requirement_id).first()
        if material is None:
            raise ValidationError({"requirement": [_("该事项没有这项申请材料。")]})
        # The library file is shared: never delete it when it is replaced here. A file this case
        # owned (uploaded at the window) is deleted once the new one is recorded.
        old_name = material.file.name
        material.file.name = stored_name
        if old_name and old_name != stored_name and old_name.startswith(f"cases/{case.number}/"):
            delete_on_commit(material.file.storage, old_name)
        material.sha256, material.content_type, material.size = sha256, content_type, size
        material.status = MaterialStatus.RECEIVED
        material.uploaded_by = by
        material.uploaded_at = timezone.now()
        material.save()
        payload = {
            "requirement": requirement_id,
            "name": material.name,
            "sha256": sha256,
            "size": size,
            "content_type": content_type,
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
        source, now = case.state, timezone.now()
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
