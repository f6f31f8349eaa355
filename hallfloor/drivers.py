"""The locker hardware behind one small interface. A real cabinet's driver implements
`open(number)` (unlock one door, return True when it opened) and `status(number)`
("closed"/"open"/"fault"). The simulated driver keeps the doors in memory and records every
opening so the demo and the tests can see what the hardware would have done."""

import threading

from django.conf import settings
from django.utils.module_loading import import_string


class LockerDriver:
    def open(self, number: str) -> bool:  # pragma: no cover - interface
        raise NotImplementedError

    def status(self, number: str) -> str:  # pragma: no cover - interface
        raise NotImplementedError


class SimulatedDriver(LockerDriver):
    """Doors open on request and count as closed again after they are read (the person shut it)."""

    _lock = threading.Lock()
    opened: list = []  # numbers in the order they were opened (shared by every instance)
    _open_now: set = set()
    faulty: set = set()  # numbers that refuse to open (set by tests)

    def open(self, number):
        with self._lock:
            if number in self.faulty:
                return False
            self.opened.append(number)
            self._open_now.add(number)
            return True

    def status(self, number):
        with self._lock:
            if number in self.faulty:
                return "fault"
            if number in self._open_now:
                self._open_now.discard(number)
                return "open"
            return "closed"

    @classmethod
    def reset(cls):
        with cls._lock:
            cls.opened.clear()
            cls._open_now.clear()
            cls.faulty.clear()


def get_driver() -> LockerDriver:
    return import_string(settings.HALL_QUEUE_LOCKER_DRIVER)()
