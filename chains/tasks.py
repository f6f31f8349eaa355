"""Chain timers: the warning fast path (enqueued on commit with a countdown) and the beat sweep."""

from celery import shared_task

from chains import services


@shared_task(name="chains.warn_application")
def warn_application(application_id):
    return services.chain_warn(application_id=application_id)


@shared_task(name="chains.sweep_warnings")
def sweep_warnings():
    return services.chain_sweep_warnings()
