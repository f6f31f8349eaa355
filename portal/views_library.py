"""The material library: what the applicant has uploaded, and the results issued to them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from portal import selectors, services
from portal.forms import LibraryUploadForm, apply_errors
from portal.views_common import applicant_required, base_url, no_store


@require_http_methods(["GET", "POST"])
@applicant_required
@no_store
def library(request):
    """GET lists the library (and certificates not kept yet) without writing anything; POST
    uploads a file, or with `action=keep-results` keeps the issued certificates."""
    if request.method == "POST" and request.POST.get("action") == "keep-results":
        added = services.library_sync_results(owner=request.user, base_url=base_url(request))
        messages.success(request, _("已将 %(count)s 份证照存入材料库。") % {"count": len(added)})
        return redirect("portal:library")
    form = LibraryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            services.library_add_upload(owner=request.user, file=data["file"], name=data["name"])
        except ValidationError as exc:
            apply_errors(form, ValidationError({"file": exc.messages}))
        else:
            messages.success(request, _("已存入材料库，以后申报时可直接选用。"))
            return redirect("portal:library")
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "materials": selectors.library_for(owner=request.user),
        "pending_results": selectors.library_pending_results(owner=request.user),
    }
    return render(request, "portal/library.html", context, status=status)


@require_safe
@applicant_required
def library_file(request, pk):
    material = selectors.library_item(owner=request.user, pk=pk)
    extension = material.file.name.rsplit(".", 1)[-1]
    try:
        handle = material.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("这份材料的文件已丢失，请重新上传。")) from None
    response = FileResponse(handle, content_type=material.content_type, filename=f"{material.name}.{extension}")
    response["Cache-Control"] = "no-store, private"
    return response
