"""Pages of 好差评."""

from django.urls import path

from evaluations import views_online, views_standing, views_tickets, views_votes, views_window

app_name = "evaluations"

urlpatterns = [
    # Window clerks and the pad (the tablet needs only its secret link).
    path("evaluations/window/", views_window.window_page, name="window"),
    path("evaluations/window/trigger/", views_window.trigger, name="trigger"),
    path("pad/<str:number>/<str:key>/", views_window.pad, name="pad"),
    path("pad/<str:number>/<str:key>/poll/", views_window.pad_poll, name="pad-poll"),
    path("pad/<str:number>/<str:key>/rate/<int:occasion_id>/", views_window.pad_rate, name="pad-rate"),
    # Applicants.
    path("online/ratings/", views_online.my_ratings, name="my-ratings"),
    path("online/ratings/<str:number>/", views_online.rate_case, name="rate-case"),
    path("online/tickets/<int:pk>/rerate/", views_online.rerate, name="rerate"),
    path("online/complaints/new/", views_online.complain, name="complain"),
    path("r/<str:token>/", views_online.sms_rate, name="sms-rate"),
    # Tickets (差评整改, 投诉).
    path("evaluations/tickets/", views_tickets.ticket_list, name="tickets"),
    path("evaluations/tickets/<int:pk>/", views_tickets.ticket_detail, name="ticket"),
    path("evaluations/tickets/<int:pk>/<str:action>/", views_tickets.ticket_action, name="ticket-action"),
    path("evaluations/complaints/new/", views_tickets.complaint_record, name="complaint-record"),
    # Standing.
    path("evaluations/rankings/", views_standing.ranking_page, name="rankings"),
    path("evaluations/awards/propose/", views_standing.awards_propose, name="awards-propose"),
    path("evaluations/awards/<int:pk>/confirm/", views_standing.award_confirm, name="award-confirm"),
    path("stars/", views_standing.stars, name="stars"),
    path("board/satisfaction/", views_standing.board_satisfaction, name="board-satisfaction"),
    # 最难办事科室.
    path("vote/<int:pk>/", views_votes.vote, name="vote"),
    path("vote/<int:pk>/results/", views_votes.results, name="vote-results"),
    path("evaluations/campaigns/", views_votes.campaigns, name="campaigns"),
    path("evaluations/campaigns/<int:pk>/publish/", views_votes.publish, name="campaign-publish"),
    path("evaluations/offices/<int:pk>/followup/", views_votes.followup, name="followup"),
]
