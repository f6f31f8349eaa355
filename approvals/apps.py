from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "approvals"
    verbose_name = _("办件审批")

    def ready(self):
        from django.conf import settings

        from approvals import receivers  # noqa: F401 - connects the receivers
        from approvals.events import load_extra_subscribers

        load_extra_subscribers(getattr(settings, "HALL_EXTRA_EVENT_SUBSCRIBERS", []))

        from approvals.audit_chain import verify_case_events
        from audit.chain import register_verifier

        register_verifier("approvals.CaseEvent", verify_case_events)
