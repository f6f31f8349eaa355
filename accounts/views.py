"""Pages of sign-in security: the second factor, the password change, the user's sessions."""

import segno
from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import PasswordChangeView
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token

from accounts import policy, selectors, services
from accounts.lockout import lockout_response


class OtpForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("验证码"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "spellcheck": "false"}
        ),
    )


def _next_url(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def _landing(request):
    return reverse("approvals:workbench") if policy.is_staff_user(request.user) else "/"


@login_required
def otp_verify(request):
    """Second step of signing in: a code from the authenticator, or one recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request, _landing(request)))
    if not policy.has_otp_device(user):
        return redirect(reverse("accounts:otp-setup") + "?" + request.GET.urlencode())
    credentials = {"username": user.get_username()}
    form = OtpForm(request.POST or None)
    if request.method == "POST":
        if not AxesProxyHandler.is_allowed(request, credentials):
            logout(request)
            return lockout_response(request)
        if form.is_valid():
            device = match_token(user, form.cleaned_data["token"].strip().replace(" ", ""))
            if device is not None:
                otp_login(request, device)
                services.otp_verified(user=user, request=request, door="web")
                return redirect(_next_url(request, _landing(request)))
            services.otp_failed(user=user, request=request, door="web")
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                logout(request)
                return lockout_response(request)
            form.add_error("token", _("验证码不正确或已过期，请重新输入。"))
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request, "")}, status=status)


@login_required
def otp_setup(request):
    """Bind an authenticator app (QR code), confirm with its first code, receive recovery codes."""
    user = request.user
    if policy.has_otp_device(user) and not user.is_verified():
        return redirect(reverse("accounts:otp-verify") + "?" + request.GET.urlencode())
    device = services.otp_pending_device(user=user)
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.otp_confirm_enrolment(
            user=user, device=device, token=form.cleaned_data["token"].strip().replace(" ", ""), request=request
        )
        if codes is not None:
            device.refresh_from_db()
            otp_login(request, device)
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next_url(request, _landing(request))},
            )
        form.add_error("token", _("验证码不正确，请核对手机时间后重新输入。"))
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr_svg": mark_safe(qr.svg_inline(scale=5, title=_("两步验证二维码"))),  # noqa: S308 (segno's own SVG)
        "secret": selectors.otp_secret_for_display(device),
        "already_enrolled": policy.has_otp_device(user),
        "next": _next_url(request, ""),
    }
    return render(request, "accounts/otp_setup.html", context, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def recovery_codes_regenerate(request):
    if not policy.has_otp_device(request.user) or not request.user.is_verified():
        raise Http404
    codes = services.otp_regenerate_recovery_codes(user=request.user, request=request)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("accounts:security")})


class HallPasswordChangeView(PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")

    def form_valid(self, form):
        forced = policy.password_expired(self.request.user)
        response = super().form_valid(form)  # keeps this session under a new key
        services.session_track(user=self.request.user, request=self.request)
        services.password_changed(user=self.request.user, request=self.request, forced=forced)
        messages.success(self.request, _("密码已修改。"))
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["expires_at"] = policy.password_expires_at(self.request.user)
        context["expired"] = policy.password_expired(self.request.user)
        return context


@login_required
def security(request):
    """The user's own sign-in security: sessions (end one / all others), 2FA, password age."""
    context = {
        "sessions": selectors.sessions_of(user=request.user, current_key=request.session.session_key),
        "has_otp": policy.has_otp_device(request.user),
        "otp_required": policy.otp_required(request.user),
        "recovery_codes_left": selectors.recovery_codes_left(user=request.user),
        "password_expires_at": policy.password_expires_at(request.user),
        "password_changed_at": policy.password_changed_at(request.user),
    }
    return render(request, "accounts/security.html", context)


@login_required
@require_POST
def session_end(request, pk):
    row = selectors.session_of(user=request.user, pk=pk)
    if row is None or row.session_key == request.session.session_key:
        raise Http404
    services.session_end(user=request.user, session=row, request=request)
    messages.success(request, _("已结束该会话。"))
    return redirect("accounts:security")


@login_required
@require_POST
def session_end_others(request):
    count = services.session_end_others(user=request.user, keep_key=request.session.session_key, request=request)
    messages.success(request, _("已结束其他 %(n)d 个会话。") % {"n": count})
    return redirect("accounts:security")


@login_required
@require_POST
def keepalive(request):
    """The idle warning's "continue" button: this request itself counts as activity."""
    return HttpResponse(status=204)
