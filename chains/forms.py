"""Reading the merged chain form: materials by their merged-list position, applicant details."""

from approvals.constants import PaperKind
from chains.selectors import merged_materials


def files_from(request, *, chain):
    """{material name: uploaded file} from inputs named material-<position>."""
    by_field = {m.field_name: m.name for m in merged_materials(chain=chain)}
    return {name: request.FILES[field] for field, name in by_field.items() if request.FILES.get(field)}


def paper_from(request, *, chain):
    """{material name: original|copy} from selects named paper-<position> (the desk's paper)."""
    out = {}
    for m in merged_materials(chain=chain):
        value = request.POST.get(f"paper-{m.position}", "")
        if value in PaperKind.values:
            out[m.name] = value
    return out


APPLICANT_FIELDS = ("type", "name", "id_number", "phone", "address", "contact_person")


def applicant_from(request):
    return {key: (request.POST.get(f"applicant_{key}") or "").strip() for key in APPLICANT_FIELDS}


def form_data_from(request):
    """The merged form's own fields (names of the business, scope …), kept on the application."""
    return {
        key: (request.POST.get(key) or "").strip()[:200]
        for key in ("business_name", "business_scope", "business_address", "note")
        if (request.POST.get(key) or "").strip()
    }


def messages_of(exc):
    if hasattr(exc, "message_dict"):
        return [m for messages in exc.message_dict.values() for m in messages]
    return list(getattr(exc, "messages", [str(exc)]))
