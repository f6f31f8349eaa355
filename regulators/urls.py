from django.urls import path

from regulators import views

app_name = "regulators"

urlpatterns = [
    path("regulators/", views.inbox, name="inbox"),
    path("regulators/board/", views.board, name="board"),
    path("regulators/handoffs/<int:pk>/", views.handoff_detail, name="handoff"),
    path(
        "regulators/handoffs/<int:pk>/materials/<int:requirement_id>/",
        views.handoff_material,
        name="handoff-material",
    ),
    path("regulators/cases/<str:number>/joint-review/", views.joint_review_new, name="joint-review-new"),
    path("regulators/joint-reviews/new/", views.joint_review_start, name="joint-review-start"),
    path("regulators/joint-reviews/<int:pk>/", views.joint_review_detail, name="joint-review"),
    path("regulators/threads/new/", views.thread_new, name="thread-new"),
    path("regulators/threads/<int:pk>/", views.thread_detail, name="thread"),
]
