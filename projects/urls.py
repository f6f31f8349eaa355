"""Pages of 帮办代办 (/agency/, /online/agency/) and 项目管家 (/projects/)."""

from django.urls import path

from projects import views_agency, views_portal, views_projects

app_name = "projects"

urlpatterns = [
    # the agent
    path("agency/", views_agency.agent_queue, name="agent-queue"),
    path("agency/authorisations/<int:pk>/", views_agency.authorisation_detail, name="authorisation"),
    path("agency/authorisations/<int:pk>/scan/", views_agency.authorisation_scan, name="authorisation-scan"),
    path("agency/authorisations/<int:pk>/apply/", views_agency.agent_apply, name="agent-apply"),
    path(
        "agency/authorisations/<int:pk>/apply-chain/<slug:code>/",
        views_agency.agent_apply_chain,
        name="agent-apply-chain",
    ),
    path("agency/authorisations/<int:pk>/revoke/", views_agency.desk_revoke, name="desk-revoke"),
    path("agency/cases/<str:number>/", views_agency.agent_case, name="agent-case"),
    path("agency/cases/<str:number>/materials/", views_agency.agent_case_material, name="agent-case-material"),
    path("agency/cases/<str:number>/submit/", views_agency.agent_case_submit, name="agent-case-submit"),
    path("agency/help/<int:pk>/close/", views_agency.help_close, name="help-close"),
    # the hall's 帮办代办 desk
    path("agency/desk/", views_agency.desk, name="desk"),
    path("agency/desk/requests/", views_agency.desk_request, name="desk-request"),
    path("agency/desk/requests/<int:pk>/assign/", views_agency.desk_assign, name="desk-assign"),
    path("agency/desk/authorisations/", views_agency.desk_paper_authorisation, name="desk-paper"),
    # the applicant, in the online hall
    path("online/agency/", views_portal.my_agency, name="my-agency"),
    path("online/agency/ask/", views_portal.ask, name="ask"),
    path("online/agency/authorisations/<int:pk>/confirm/", views_portal.confirm, name="confirm"),
    path("online/agency/authorisations/<int:pk>/revoke/", views_portal.revoke, name="revoke"),
    # projects and the 一卡通 card
    path("projects/", views_projects.project_list, name="projects"),
    path("projects/new/", views_projects.project_new, name="project-new"),
    path("projects/board/", views_projects.board, name="board"),
    path("projects/department/", views_projects.department_page, name="department"),
    path("projects/<int:pk>/", views_projects.project_card, name="project"),
    path("projects/<int:pk>/print/", views_projects.project_print, name="project-print"),
    path("projects/<int:pk>/report/", views_projects.project_report, name="project-report"),
    path("projects/<int:pk>/nodes/", views_projects.node_add, name="node-add"),
    path("projects/<int:pk>/ledger/", views_projects.ledger_add, name="ledger-add"),
    path("projects/nodes/<int:pk>/link/", views_projects.node_link, name="node-link"),
    path("projects/nodes/<int:pk>/done/", views_projects.node_done, name="node-done"),
    path("projects/nodes/<int:pk>/urge/", views_projects.node_urge, name="node-urge"),
    path("projects/ledger/<int:pk>/solve/", views_projects.ledger_solve, name="ledger-solve"),
]
