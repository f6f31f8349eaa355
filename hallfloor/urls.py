from django.urls import path

from hallfloor import views_appointments, views_lockers, views_prereview, views_public, views_stats, views_window

app_name = "hallfloor"

urlpatterns = [
    path("floor/kiosk/", views_public.kiosk, name="kiosk"),
    path("floor/kiosk/<slug:code>/", views_public.kiosk_area, name="kiosk-area"),
    path("floor/t/<str:token>/", views_public.ticket_page, name="ticket"),
    path("floor/t/<str:token>/status/", views_public.ticket_status, name="ticket-status"),
    path("floor/screen/", views_public.screen, name="screen"),
    path("floor/screen/data/", views_public.screen_data, name="screen-data"),
    path("floor/window/", views_window.console, name="console"),
    path("floor/window/next/", views_window.call_next, name="call-next"),
    path("floor/window/tickets/<int:pk>/recall/", views_window.recall, name="recall"),
    path("floor/window/tickets/<int:pk>/finish/", views_window.finish, name="finish"),
    path("floor/window/tickets/<int:pk>/skip/", views_window.skip, name="skip"),
    path("floor/window/tickets/<int:pk>/transfer/", views_window.transfer, name="transfer"),
    path("floor/window/tickets/<int:pk>/start-case/", views_window.start_case, name="start-case"),
    path("floor/prereview/", views_prereview.desk, name="prereview"),
    path("floor/prereview/<str:number>/", views_prereview.record, name="prereview-record"),
    path("online/appointments/", views_appointments.portal_book, name="book"),
    path("online/appointments/<str:code>/", views_appointments.my_appointment, name="my-appointment"),
    path(
        "online/appointments/<str:code>/cancel/", views_appointments.my_appointment_cancel, name="my-appointment-cancel"
    ),
    path("floor/appointments/", views_appointments.staff_list, name="staff-appointments"),
    path("floor/appointments/new/", views_appointments.staff_book, name="staff-book"),
    path("floor/lockers/", views_lockers.terminal, name="locker-terminal"),
    path("floor/lockers/staff/", views_lockers.staff, name="locker-staff"),
    path("floor/lockers/staff/<int:pk>/take-in/", views_lockers.take_in, name="locker-take-in"),
    path("floor/lockers/staff/<int:pk>/register/", views_lockers.register, name="locker-register"),
    path("floor/lockers/staff/result/", views_lockers.put_result, name="locker-put-result"),
    path("floor/stats/", views_stats.stats, name="stats"),
]
