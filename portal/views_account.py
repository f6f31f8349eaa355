"""Register and sign in as an applicant (natural person or organisation)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from portal import services
from portal.forms import RegisterForm, apply_errors


def register(request):
    form = RegisterForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and not _all_problems_reported(form):
        data = form.cleaned_data
        try:
            user = services.applicant_register(
                username=data["username"],
                password=data["password1"],
                applicant_type=data["applicant_type"],
                name=data["name"],
                id_number=data["id_number"],
                phone=data["phone"],
                contact_person=data["contact_person"],
                address=data["address"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("注册成功，欢迎使用网上办事大厅。"))
            safe = url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()})
            return redirect(next_url if next_url and safe else reverse("portal:my-cases"))
    status = 400 if request.method == "POST" else 200
    return render(request, "portal/register.html", {"form": form, "next": next_url}, status=status)


_FIELDS = ("username", "applicant_type", "name", "id_number", "phone", "contact_person", "address")


def _all_problems_reported(form):
    """Validate the form and the service's rules together, so every field's error shows at once.

    True when anything is wrong (the errors are on the form)."""
    valid = form.is_valid()
    data = {name: form.data.get(name, "") for name in _FIELDS}
    data.update({k: v for k, v in form.cleaned_data.items() if k in _FIELDS})
    problems = services.applicant_register_problems(password=form.data.get("password1", ""), **data)
    for field, messages_ in problems.items():
        if field not in form.errors:
            form.add_error(field if field in form.fields else None, messages_)
    return not valid or bool(problems)


class PortalLoginView(LoginView):
    template_name = "portal/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return reverse("portal:my-cases")
