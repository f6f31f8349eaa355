from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "commitments"
    verbose_name = "告知承诺"

    def ready(self):
        from commitments import guards, subscribers  # noqa: F401 - register the guards and subscribers

        guards.register_all()

        from approvals.supply import register_due_date_source
        from commitments.selectors import supply_due_date

        # The acceptance notice and the 收件凭证 print each promised material's 补交期限.
        register_due_date_source(supply_due_date)
