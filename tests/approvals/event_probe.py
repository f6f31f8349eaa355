"""A case-event subscriber loaded into test workers (HALL_EXTRA_EVENT_SUBSCRIBERS).

It appends every attempt to a log file (outside any transaction, so a killed attempt shows)
and, while the file named by HALL_TEST_PROBE_SLOW_FILE exists, sleeps inside its handler so
the test can SIGKILL the worker between an event's commit and its delivery.
"""

import os
import time
from pathlib import Path

from approvals.events import subscribe


@subscribe("test.slow-probe")
def slow_probe(message):
    log = os.environ.get("HALL_TEST_PROBE_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{message.case_id}:{message.seq}\n")
    slow = os.environ.get("HALL_TEST_PROBE_SLOW_FILE")
    while slow and Path(slow).exists():
        time.sleep(0.2)
