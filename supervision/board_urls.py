from django.urls import path

from supervision import board_views, monitoring_views

urlpatterns = [
    path("board/", board_views.board_page, name="board"),
    path("board/cases/", board_views.board_cases, name="board-cases"),
    path("board/cases/<str:number>/urge/", board_views.urge, name="urge"),
    path("board/monitor/", monitoring_views.findings_page, name="findings"),
    path("board/monitor/<str:pk>/", monitoring_views.finding_page, name="finding"),
    path("board/monitor/<str:pk>/act/", monitoring_views.finding_act, name="finding-act"),
]
