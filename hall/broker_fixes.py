"""A worker must survive its Redis broker restarting (issue 21, item 2).

kombu 5.7.0 (the latest release; celery 5.7.0, redis-py 8.1.0) kills the worker with
`CRITICAL Unrecoverable error: AttributeError("'NoneType' object has no attribute 'hostname'")`
when Redis goes away while the worker holds unacknowledged messages (countdown tasks):

1. the consumer collects the broken connection: closing the channel first drains the pending
   BRPOP, which raises ConnectionError, so the channel is left open (not marked closed);
   collect() then detaches the transport (`transport.client = None`);
2. the consumer closes the connection again: the channel's close now goes on to restore the
   unacknowledged messages, which needs a new connection pool built from `transport.client`,
   i.e. from None, and the AttributeError is not a connection error, so nothing catches it.

The fix here: restoring with a detached transport is skipped, as restoring with Redis down
already is. Nothing is lost: every message the worker held is still in Redis's unacked hash
(Redis persists it) and is delivered again after the visibility timeout, and the beat sweep
deems due cases accepted within HALL_ACCEPTANCE_SWEEP_SECONDS in any case. Remove this module
once kombu ships a fix (the test that restarts Redis under a worker guards it).
"""

import logging

logger = logging.getLogger("hall.broker")


def survive_redis_restarts():
    try:
        from kombu.transport import redis as kombu_redis
    except ImportError:  # pragma: no cover - redis-py missing: the transport cannot be used anyway
        return
    qos = kombu_redis.QoS
    original = qos.restore_unacked
    if getattr(original, "hall_fixed", False):
        return

    def restore_unacked(self, client=None):
        if client is None and getattr(self.channel.connection, "client", None) is None:
            logger.warning(
                "broker connection already released: %d unacknowledged message(s) stay in Redis "
                "and are delivered again after the visibility timeout",
                len(self._delivered),
            )
            self._delivered.clear()
            return None
        return original(self, client)

    restore_unacked.hall_fixed = True
    qos.restore_unacked = restore_unacked
