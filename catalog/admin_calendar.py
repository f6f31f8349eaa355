"""Admin for the work calendar (工作日历)."""
