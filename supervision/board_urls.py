from django.urls import path

from supervision import board_views

urlpatterns = [
    path("board/", board_views.board_page, name="board"),
    path("board/cases/", board_views.board_cases, name="board-cases"),
    path("board/cases/<str:number>/urge/", board_views.urge, name="urge"),
]
