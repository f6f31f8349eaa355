from django.urls import path

from projects import api

urlpatterns = [
    path("agents/", api.AgentList.as_view(), name="api-agents"),
    path("authorisations/", api.AuthorisationList.as_view(), name="api-authorisations"),
    path("authorisations/<int:pk>/", api.AuthorisationDetail.as_view(), name="api-authorisation"),
    path("authorisations/<int:pk>/confirm/", api.AuthorisationConfirm.as_view(), name="api-authorisation-confirm"),
    path("authorisations/<int:pk>/revoke/", api.AuthorisationRevoke.as_view(), name="api-authorisation-revoke"),
    path("help-requests/", api.HelpRequestList.as_view(), name="api-help-requests"),
    path("help-requests/<int:pk>/", api.HelpRequestDetail.as_view(), name="api-help-request"),
    path("help-requests/<int:pk>/assign/", api.HelpRequestAssign.as_view(), name="api-help-request-assign"),
    path("projects/", api.ProjectList.as_view(), name="api-projects"),
    path("projects/<int:pk>/", api.ProjectDetail.as_view(), name="api-project"),
    path("projects/<int:pk>/nodes/", api.ProjectNodeList.as_view(), name="api-project-nodes"),
    path("project-nodes/<int:pk>/urge/", api.NodeUrge.as_view(), name="api-node-urge"),
]
