"""Signals that become audit rows: sign-in, the shared security_event, role and permission changes."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from audit.constants import Kind, Outcome
from audit.services import current_request, record_safely
from hall.models import StaffProfile
from hall.security_signals import security_event

User = get_user_model()

# Kinds two senders may both report for one request: recorded once.
_ONCE = {Kind.PASSWORD_CHANGED, Kind.LOCKED_OUT}

# --- sign-in ---------------------------------------------------------------------------------


@receiver(user_logged_in, dispatch_uid="audit_login")
def on_login(sender, request, user, **kwargs):
    record_safely(kind=Kind.LOGIN, user=user, request=request, target_type="user", target=user.get_username())


@receiver(user_logged_out, dispatch_uid="audit_logout")
def on_logout(sender, request, user, **kwargs):
    if user is None:
        return
    record_safely(kind=Kind.LOGOUT, user=user, request=request, target_type="user", target=user.get_username())


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in `credentials`; only the username is kept.
    username = str((credentials or {}).get("username") or (credentials or {}).get(User.USERNAME_FIELD) or "")[:150]
    record_safely(
        kind=Kind.LOGIN_FAILED,
        request=request,
        username=username,
        target_type="user",
        target=username,
        outcome=Outcome.FAILURE,
    )


try:  # django-axes, when installed by the sign-in hardening
    from axes.signals import user_locked_out
except ImportError:  # pragma: no cover - axes not installed
    user_locked_out = None

if user_locked_out is not None:

    @receiver(user_locked_out, dispatch_uid="audit_locked_out")
    def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
        if not _once_per_request(request, Kind.LOCKED_OUT, str(username or "")[:150]):
            return
        record_safely(
            kind=Kind.LOCKED_OUT,
            request=request,
            username=str(username or "")[:150],
            target_type="user",
            target=str(username or "")[:150],
            outcome=Outcome.FAILURE,
            details={"ip_address": ip_address or ""},
        )


def _once_per_request(request, kind, target):
    """False if this request already recorded (kind, target): a password change seen by the User
    model signal and also announced by security_event, or axes' lockout announced twice."""
    request = request if request is not None else current_request.get()
    if request is None:
        return True
    seen = request.__dict__.setdefault("_audit_recorded", set())
    if (str(kind), str(target)) in seen:
        return False
    seen.add((str(kind), str(target)))
    return True


@receiver(security_event, dispatch_uid="audit_security_event")
def on_security_event(sender, kind, user=None, request=None, outcome=Outcome.SUCCESS, details=None, **kwargs):
    details = dict(details or {})
    target = details.get("target") or (user.get_username() if user is not None else "")
    if kind in _ONCE and not _once_per_request(request, kind, target):
        return
    record_safely(
        kind=kind,
        user=user,
        request=request,
        target_type=str(details.get("target_type") or "user"),
        target=str(target),
        outcome=outcome,
        details=details,
    )


# --- accounts: created, password, superuser/staff/active flags ---------------------------------

_FLAGS = ("is_superuser", "is_staff", "is_active")


@receiver(pre_save, sender=User, dispatch_uid="audit_user_pre_save")
def remember_user(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None:
        instance._audit_before = None
        return
    if update_fields is not None and not (set(update_fields) & {*_FLAGS, "password"}):
        instance._audit_before = None  # e.g. last_login only
        return
    instance._audit_before = sender.objects.filter(pk=instance.pk).values(*_FLAGS, "password").first()


@receiver(post_save, sender=User, dispatch_uid="audit_user_post_save")
def record_user_change(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    target = instance.get_username()
    if created:
        record_safely(
            kind=Kind.USER_CREATED,
            target_type="user",
            target=target,
            details={flag: getattr(instance, flag) for flag in _FLAGS},
        )
        return
    before = getattr(instance, "_audit_before", None)
    instance._audit_before = None
    if not before:
        return
    changed = {
        flag: [before[flag], getattr(instance, flag)] for flag in _FLAGS if before[flag] != getattr(instance, flag)
    }
    if changed:
        record_safely(kind=Kind.PERMISSION_CHANGED, target_type="user", target=target, details=changed)
    if before["password"] != instance.password and _once_per_request(None, Kind.PASSWORD_CHANGED, target):
        record_safely(kind=Kind.PASSWORD_CHANGED, target_type="user", target=target)


def _names(model, pks):
    if model is Group:
        return sorted(Group.objects.filter(pk__in=pks).values_list("name", flat=True))
    if model is Permission:
        rows = model.objects.filter(pk__in=pks).values_list("content_type__app_label", "codename")
        return sorted(f"{app}.{code}" for app, code in rows)
    return sorted(str(pk) for pk in pks)


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="audit_user_groups")
@receiver(m2m_changed, sender=User.user_permissions.through, dispatch_uid="audit_user_permissions")
@receiver(m2m_changed, sender=Group.permissions.through, dispatch_uid="audit_group_permissions")
def record_m2m(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, Group):
        target_type, target, what = "group", instance.name, "permissions"
    elif isinstance(instance, User):
        target_type, target = "user", instance.get_username()
        what = "groups" if sender is User.groups.through else "permissions"
    else:  # reverse side (group.user_set / permission.user_set ...): name the other side's rows
        target_type, target, what = instance._meta.model_name, str(instance), "members"
    details = {"change": action.removeprefix("post_"), "what": what}
    if pk_set:
        details["items"] = _names(model, pk_set)
    record_safely(kind=Kind.PERMISSION_CHANGED, target_type=target_type, target=target, details=details)


# --- staff roles --------------------------------------------------------------------------------

_STAFF_FIELDS = ("role", "department_id", "window_id")


@receiver(pre_save, sender=StaffProfile, dispatch_uid="audit_staff_pre_save")
def remember_staff(sender, instance, raw=False, **kwargs):
    instance._audit_before = (
        None if raw or instance.pk is None else sender.objects.filter(pk=instance.pk).values(*_STAFF_FIELDS).first()
    )


@receiver(post_save, sender=StaffProfile, dispatch_uid="audit_staff_post_save")
def record_staff_change(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_audit_before", None) or {}
    changed = {
        f.removesuffix("_id"): [before.get(f), getattr(instance, f)]
        for f in _STAFF_FIELDS
        if created or before.get(f) != getattr(instance, f)
    }
    if changed:
        record_safely(
            kind=Kind.ROLE_CHANGED,
            target_type="user",
            target=instance.user.get_username(),
            details={"created": created, **changed},
        )


@receiver(post_delete, sender=StaffProfile, dispatch_uid="audit_staff_post_delete")
def record_staff_removed(sender, instance, **kwargs):
    record_safely(
        kind=Kind.ROLE_CHANGED,
        target_type="user",
        target=str(instance.user_id),
        details={"removed": True, "role": [instance.role, None]},
    )
