from django.apps import AppConfig


class NetworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "network"
    verbose_name = "大厅间流转与跨域通办"

    def ready(self):
        from approvals.workbench import panels as workbench_panels
        from network import actions, guards, panels, subscribers  # noqa: F401 - registers the subscriber

        actions.install()
        guards.register_all()
        workbench_panels.register(workbench_panels.CASE, "network-halls", panels.case_halls)
