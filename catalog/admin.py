from django.contrib import admin  # noqa: F401

# The work calendar's admin lives in its own module; keep this import.
from catalog import admin_calendar  # noqa: F401,E402
