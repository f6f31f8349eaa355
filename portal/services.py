"""Every write of the online hall. Keyword-only, one transaction each; case changes go through
the approvals services (which lock the case and write its event)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from approvals import services as case_services
from approvals.constants import CaseState, Channel
from approvals.uploads import check_upload
from hall.constants import ApplicantType
from hall.crypto import blind_index
from hall.identity import clean_id_number, clean_phone
from hall.models import ApplicantProfile
from hall.services import applicant_profile_save
from hall.storage import replacing_files
from portal.case_services import case_attach_library_file, case_deliver_electronic
from portal.certificates import certificate_pdf
from portal.constants import LibrarySource
from portal.models import LibraryMaterial
from portal.selectors import issued_certificates, missing_required, result_of, supplement_notice

# --- accounts ------------------------------------------------------------------------------


def applicant_register_problems(
    *, username, password, applicant_type, name, id_number, phone, contact_person="", address=""
):
    """Every problem of a registration at once, as {field: [messages]} (empty when it may go ahead)."""
    errors, _cleaned = _registration_check(
        username=username,
        password=password,
        applicant_type=applicant_type,
        name=name,
        id_number=id_number,
        phone=phone,
        contact_person=contact_person,
    )
    return errors


def _registration_check(*, username, password, applicant_type, name, id_number, phone, contact_person):
    User = get_user_model()
    username = (username or "").strip()
    errors = {}
    if not username:
        errors["username"] = [_("请填写登录账号。")]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("该登录账号已被使用。")]
    if applicant_type not in ApplicantType.values:
        errors["applicant_type"] = [_("请选择自然人或法人（其他组织）。")]
    elif not (id_number or "").strip():
        errors["id_number"] = [_("请填写证件号码。")]
    else:
        try:
            id_number = clean_id_number(applicant_type=applicant_type, value=id_number)
        except ValidationError as exc:
            errors["id_number"] = exc.messages
        else:
            if ApplicantProfile.objects.filter(id_number_index=blind_index(id_number)).exists():
                errors["id_number"] = [_("该证件号码已注册账号，请直接登录。")]
    if not (name or "").strip():
        errors["name"] = [_("请填写姓名或单位名称。")]
    if applicant_type == ApplicantType.ORGANISATION and not (contact_person or "").strip():
        errors["contact_person"] = [_("法人或其他组织须填写联系人。")]
    try:
        phone = clean_phone(phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages
    if not password:
        errors["password1"] = [_("请设置登录密码。")]
    else:
        try:
            validate_password(password, User(username=username, first_name=name))
        except ValidationError as exc:
            errors["password1"] = exc.messages
    return errors, {"username": username, "id_number": id_number, "phone": phone}


def applicant_register(*, username, password, applicant_type, name, id_number, phone, contact_person="", address=""):
    """A new applicant account with its profile (ID validated; one account per ID number)."""
    User = get_user_model()
    errors, cleaned = _registration_check(
        username=username,
        password=password,
        applicant_type=applicant_type,
        name=name,
        id_number=id_number,
        phone=phone,
        contact_person=contact_person,
    )
    if errors:
        raise ValidationError(errors)
    username, id_number, phone = cleaned["username"], cleaned["id_number"], cleaned["phone"]
    with transaction.atomic():
        user = User.objects.create_user(username=username, password=password, first_name=(name or "").strip()[:150])
        applicant_profile_save(
            user=user,
            applicant_type=applicant_type,
            name=(name or "").strip(),
            id_number=id_number,
            phone=phone,
            contact_person=(contact_person or "").strip(),
            address=(address or "").strip(),
        )
    return user


# --- the material library --------------------------------------------------------------------


def library_add_upload(*, owner, file, name=""):
    """Keep an uploaded file once per content: the same bytes again return the stored copy."""
    checked = check_upload(file)
    existing = LibraryMaterial.objects.filter(owner=owner, sha256=checked.sha256).first()
    if existing is not None:
        return existing
    label = (name or "").strip() or file.name.rsplit("/", 1)[-1]
    material = LibraryMaterial(
        owner=owner,
        name=label[:200],
        sha256=checked.sha256,
        content_type=checked.content_type,
        size=checked.size,
        source=LibrarySource.UPLOAD,
    )
    try:
        with replacing_files() as files, transaction.atomic():  # a failed save leaves no stray file
            files.replace(material.file, file, name=file.name.rsplit("/", 1)[-1])
            material.save()
    except IntegrityError:  # the same file saved a moment ago in a parallel request
        return LibraryMaterial.objects.get(owner=owner, sha256=checked.sha256)
    return material


def library_sync_results(*, owner, base_url):
    """Put every certificate the hall issued to the owner into their library (once each).

    A write: called on POST only (the library page's "存入材料库", starting an application);
    pages that merely show the library list the certificates not yet kept with
    selectors.library_pending_results.
    """
    from django.conf import settings

    have = set(
        LibraryMaterial.objects.filter(owner=owner, source=LibrarySource.RESULT).values_list("result_number", flat=True)
    )
    added = []
    for result in issued_certificates(owner=owner):
        if result.number in have:
            continue
        data = certificate_file_bytes(result=result, base_url=base_url, hall_name=settings.HALL_NAME)
        material = library_keep_result(owner=owner, result=result, data=data)
        if material is not None:
            added.append(material)
    return added


def library_keep_result(*, owner, result, data):
    """Keep one issued certificate's file (`data`) in the owner's library; None if it is there already."""
    import hashlib

    digest = hashlib.sha256(data).hexdigest()
    if LibraryMaterial.objects.filter(owner=owner, sha256=digest).exists():
        return None
    if LibraryMaterial.objects.filter(owner=owner, source=LibrarySource.RESULT, result_number=result.number).exists():
        return None
    material = LibraryMaterial(
        owner=owner,
        name=result.name or result.case.item.result_name or result.case.item.name,
        sha256=digest,
        content_type="application/pdf",
        size=len(data),
        source=LibrarySource.RESULT,
        result_number=result.number,
        created_at=result.issued_at,
    )
    with replacing_files() as files, transaction.atomic():
        files.replace(material.file, ContentFile(data), name=f"{result.number}.pdf")
        material.save()
    return material


def verify_url(*, result, base_url):
    return base_url.rstrip("/") + reverse("portal:verify", kwargs={"code": result.verification_code})


def certificate_file_bytes(*, result, base_url, hall_name):
    """The stored result file if the hall attached one, else the generated electronic certificate."""
    if result.file:
        with result.file.open("rb") as handle:
            return handle.read()
    return certificate_pdf(result=result, verify_url=verify_url(result=result, base_url=base_url), hall_name=hall_name)


# --- applying online ---------------------------------------------------------------------------


def application_start(*, item, by, hall=None):
    """Start (or resume) the applicant's draft for an item: saved at once, so nothing typed is lost.

    hall: the receiving hall the applicant picked (None: the hall whose department decides the
    item); case_create refuses a hall that cannot receive the item, in Chinese.
    """
    from portal.selectors import draft_for

    existing = draft_for(user=by, item=item)
    if existing is not None:
        return existing
    case = case_services.case_create(item=item, channel=Channel.ONLINE, by=by, draft=True, hall=hall)
    _prefill_from_results(case=case, by=by)
    return case


def shared_result_for(material_name, results):
    """数据共享: the issued certificate (a library copy of a Result) that is this material, or None.

    "营业执照" serves the materials "营业执照" and "营业执照（副本）复印件"; the newest wins."""
    for stored in results:
        if stored.name and (stored.name == material_name or stored.name in material_name):
            return stored
    return None


def _prefill_from_results(*, case, by):
    """A chain's later step, or any later application: a certificate the hall already issued to the
    applicant (their business licence, a licence…) is attached to the material it is, so they are
    not asked for it again (数据共享)."""
    results = list(LibraryMaterial.objects.filter(owner=by, source=LibrarySource.RESULT).order_by("-created_at", "-id"))
    if not results:
        return
    for material in case.materials.filter(status="missing"):
        stored = shared_result_for(material.name, results)
        if stored is not None:
            _attach(case=case, requirement_id=material.requirement_id, stored=stored, by=by, reused=True)


def application_leave_for_later(*, case, requirement_id, how, by):
    """Leave a material for later where the item allows it: 容缺 (deficient) or 承诺后补 (committed),
    with the commitment wording recorded on the material's event; "" takes the choice back."""
    from approvals.constants import MaterialStatus
    from portal.wording import commitment_text

    name = _material_name(case, requirement_id)
    if how not in ("", MaterialStatus.DEFICIENT, MaterialStatus.COMMITTED):
        raise ValidationError({"later": [_("请选择容缺后补或承诺后补。")]})
    status = how or MaterialStatus.MISSING
    note = commitment_text(how, name) if how else ""
    return case_services.case_record_material(case=case, requirement_id=requirement_id, status=status, by=by, note=note)


def application_upload(*, case, requirement_id, file, by):
    """Upload one material: kept in the library (deduplicated) and attached to the case."""
    stored = library_add_upload(owner=by, file=file, name=_material_name(case, requirement_id))
    return _attach(case=case, requirement_id=requirement_id, stored=stored, by=by, reused=False)


def application_use_library(*, case, requirement_id, library_id, by):
    """Attach a file the applicant already has: the same stored file, no upload."""
    stored = LibraryMaterial.objects.filter(owner=by, pk=library_id).first()
    if stored is None:
        raise ValidationError({"library": [_("材料库中没有这份材料。")]})
    return _attach(case=case, requirement_id=requirement_id, stored=stored, by=by, reused=True)


def _attach(*, case, requirement_id, stored, by, reused):
    return case_attach_library_file(case=case, requirement_id=requirement_id, by=by, stored=stored, reused=reused)


def _material_name(case, requirement_id):
    row = case.materials.filter(requirement_id=requirement_id).values_list("name", flat=True).first()
    if row is None:
        raise ValidationError({"requirement": [_("该事项没有这项申请材料。")]})
    return row


def application_submit(*, case, by, note=""):
    """Send the draft: refused with the list of required materials still missing."""
    missing = missing_required(case)
    if missing:
        raise ValidationError(
            {"materials": [_("还缺少以下必要材料，请上传后再提交：%(names)s。") % {"names": "、".join(missing)}]}
        )
    return case_services.case_submit(case=case, by=by, note=note)


def application_supplement(*, case, by, note=""):
    """Send the supplement: every material the one-time notice named must be uploaded again since."""
    notice = supplement_notice(case)
    errors = []
    if notice is not None:
        for material in case.materials.filter(requirement_id__in=notice["requirement_ids"]).order_by("position"):
            if material.uploaded_at is None or material.uploaded_at < notice["at"]:
                errors.append(material.name)
    missing = missing_required(case)
    names = list(dict.fromkeys(errors + missing))
    if names:
        raise ValidationError(
            {"materials": [_("一次性告知书要求补正的材料尚未上传：%(names)s。") % {"names": "、".join(names)}]}
        )
    return case_services.case_supplement(case=case, by=by, note=note)


def application_withdraw(*, case, by, reason=""):
    return case_services.case_withdraw(case=case, by=by, reason=reason or _("申请人网上撤回"))


# --- receiving the result ----------------------------------------------------------------------


def certificate_download(*, case, by, base_url):
    """The electronic certificate's PDF bytes; downloading a ready result is its electronic delivery."""
    from django.conf import settings

    from portal.selectors import case_actions

    if not case_actions(case, user=by)["download"]:
        raise case_services.CaseConflict(_("该办件暂无可下载的电子证照。"), object=case)
    receiving = case.state == CaseState.READY
    if receiving:
        case_deliver_electronic(case=case, by=by)
    result = result_of(case)
    data = certificate_file_bytes(result=result, base_url=base_url, hall_name=settings.HALL_NAME)
    if receiving:  # received: the certificate goes into the applicant's library too
        library_keep_result(owner=by, result=result, data=data)
    return result, data
