"""/api/v1/calendar/ (a year's days) and /api/v1/calendar/deadline/ (a deadline)."""

from django.urls import path

from catalog.api.calendar_views import CalendarYearView, DeadlineView

urlpatterns = [
    path("calendar/", CalendarYearView.as_view(), name="calendar-year"),
    path("calendar/deadline/", DeadlineView.as_view(), name="calendar-deadline"),
]
