"""一件事 pages: the online hall's (apply, mine, one), the staff's (list, one, register, pickup,
送达回证, joint review meetings) and the public 一业一证 licence page."""

from django.urls import path

from chains import views_meeting, views_portal, views_public, views_staff

app_name = "chains"

urlpatterns = [
    path("online/chains/<slug:code>/apply/", views_portal.apply, name="apply"),
    path("online/chain-applications/", views_portal.my_applications, name="portal-list"),
    path("online/chain-applications/<str:number>/", views_portal.detail, name="portal-detail"),
    path("workbench/chains/", views_staff.staff_list, name="staff-list"),
    path("workbench/chains/board/", views_staff.board, name="board"),
    path("workbench/chains/register/<slug:code>/", views_staff.register, name="register"),
    path("workbench/chains/<str:number>/", views_staff.staff_detail, name="staff-detail"),
    path("workbench/chains/<str:number>/deliver/", views_staff.deliver_all, name="deliver-all"),
    path("workbench/chains/<str:number>/receipt/", views_staff.receipt, name="receipt"),
    path("workbench/chains/<str:number>/meetings/new/", views_meeting.schedule, name="meeting-new"),
    path("workbench/meetings/<int:pk>/", views_meeting.meeting_page, name="meeting"),
    path("workbench/meetings/<int:pk>/opinion/", views_meeting.opinion, name="meeting-opinion"),
    path("workbench/meetings/<int:pk>/conclude/", views_meeting.conclude, name="meeting-conclude"),
    path("workbench/meetings/<int:pk>/minutes/", views_meeting.minutes, name="meeting-minutes"),
    path("licence/<str:code>/", views_public.licence_page, name="licence"),
]
