from celery import shared_task

from hallfloor import services


@shared_task(name="hallfloor.mark_missed_appointments")
def mark_missed_appointments():
    return services.appointments_mark_missed()
