"""Reads of 批量受理, scoped: a batch is visible to whoever may see its department's cases at the
front desk or in the department, and to the hall's supervisors; to others it does not exist."""

from django.db.models import Prefetch, Q
from django.http import Http404

from batches.models import Batch, BatchCase
from hall.constants import DEPARTMENT_ROLES, SEE_ALL_ROLES, Role, WindowKind
from hall.selectors import staff_profile_of


def batches_visible_to(user):
    qs = Batch.objects.select_related("item", "department", "window", "created_by")
    profile = staff_profile_of(user)
    if profile is None:
        return qs if user is not None and user.is_authenticated and user.is_superuser else qs.none()
    if profile.role in SEE_ALL_ROLES:
        return qs
    if profile.role in DEPARTMENT_ROLES:
        return qs.filter(department_id=profile.department_id)
    if profile.role == Role.FRONT_DESK and profile.window is not None and profile.window.is_active:
        if profile.window.kind == WindowKind.COMPREHENSIVE:
            return qs.filter(Q(window__kind=WindowKind.COMPREHENSIVE) | Q(window=profile.window))
        return qs.filter(department_id=profile.window.department_id)
    return qs.none()


def batch_get(*, user, pk):
    batch = batches_visible_to(user).filter(pk=pk).first() if pk is not None else None
    if batch is None:
        raise Http404("批次不存在或您无权查看。")
    return batch


def batch_cases(*, batch):
    # The action panels read each case's item snapshot: prefetched once per distinct version,
    # not fetched per row.
    return (
        BatchCase.objects.filter(batch=batch)
        .select_related("case", "case__item", "case__department")
        .prefetch_related("case__item_version")
        .order_by("line")
    )


def batch_detail(*, user, pk):
    """The batch with its rows and their cases, for the API's detail (one query for the rows)."""
    batch = (
        batches_visible_to(user)
        .filter(pk=pk)
        .prefetch_related(Prefetch("entries", queryset=BatchCase.objects.select_related("case").order_by("line")))
    )
    batch = batch.first() if pk is not None else None
    if batch is None:
        raise Http404("批次不存在或您无权查看。")
    return batch
