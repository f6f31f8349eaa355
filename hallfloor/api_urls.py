"""/api/v1/floor/… — tickets, calling, appointments and lockers."""

from django.urls import path

from hallfloor import api

urlpatterns = [
    path("floor/areas/", api.AreasView.as_view(), name="floor-areas"),
    path("floor/screen/", api.ScreenView.as_view(), name="floor-screen"),
    path("floor/tickets/", api.TicketTakeView.as_view(), name="floor-ticket-take"),
    path("floor/tickets/<str:token>/", api.TicketDetailView.as_view(), name="floor-ticket"),
    path("floor/calling/next/", api.CallNextView.as_view(), name="floor-call-next"),
    path("floor/calling/<int:pk>/recall/", api.RecallView.as_view(), name="floor-recall"),
    path("floor/calling/<int:pk>/start/", api.StartView.as_view(), name="floor-start"),
    path("floor/calling/<int:pk>/finish/", api.FinishView.as_view(), name="floor-finish"),
    path("floor/calling/<int:pk>/skip/", api.SkipView.as_view(), name="floor-skip"),
    path("floor/calling/<int:pk>/transfer/", api.TransferView.as_view(), name="floor-transfer"),
    path("floor/appointments/", api.AppointmentsView.as_view(), name="floor-appointments"),
    path("floor/appointments/slots/", api.SlotsView.as_view(), name="floor-slots"),
    path("floor/appointments/check-in/", api.CheckInView.as_view(), name="floor-check-in"),
    path("floor/lockers/drop-off/", api.DropOffView.as_view(), name="floor-drop-off"),
    path("floor/lockers/pickup/", api.PickupView.as_view(), name="floor-pickup"),
    path("floor/lockers/result/", api.PutResultView.as_view(), name="floor-put-result"),
    path("floor/lockers/parcels/<int:pk>/take-in/", api.TakeInView.as_view(), name="floor-take-in"),
]
