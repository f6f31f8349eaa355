"""Every write of the hall floor (keyword-only, one transaction, a FloorEvent in it)."""

from hallfloor.services.appointments import (  # noqa: F401
    appointment_book,
    appointment_cancel,
    appointment_check_in,
    appointments_mark_missed,
)
from hallfloor.services.base import FloorConflict  # noqa: F401
from hallfloor.services.calling import (  # noqa: F401
    ticket_call_next,
    ticket_finish,
    ticket_recall,
    ticket_skip,
    ticket_start,
    ticket_transfer,
)
from hallfloor.services.devices import device_create  # noqa: F401
from hallfloor.services.lockers import (  # noqa: F401
    locker_drop_off,
    locker_pickup,
    locker_put_result,
    parcel_register,
    parcel_take_in,
)
from hallfloor.services.prereview import prereview_record  # noqa: F401
from hallfloor.services.tickets import ticket_link_case, ticket_take  # noqa: F401
