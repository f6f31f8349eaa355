from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "projects"
    verbose_name = "帮办代办与项目管家"

    def ready(self):
        from approvals.policies import register_agent_authority
        from projects import subscribers  # noqa: F401 - registers the case-event subscriber
        from projects.selectors import agent_authority_check, agent_visible_cases_q

        register_agent_authority(check=agent_authority_check, visible_q=agent_visible_cases_q)
