"""Signal receivers of approvals (connected in ApprovalsConfig.ready)."""

from django.dispatch import receiver

from catalog.signals import calendar_year_loaded


@receiver(calendar_year_loaded, dispatch_uid="approvals.recompute_provisional_deadlines")
def recompute_provisional_deadlines(sender, year=None, **kwargs):
    """A year's official calendar is in: provisional deadlines can now be computed for real."""
    from approvals.services import case_recompute_provisional_deadlines

    case_recompute_provisional_deadlines(year=year)
