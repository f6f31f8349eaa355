"""Signals the catalog sends; other apps listen (catalog imports none of ours)."""

from django.dispatch import Signal

# Sent after a year's official calendar is loaded or days are edited, with `year` (int).
# approvals recomputes the provisional deadlines that year touches.
calendar_year_loaded = Signal()
