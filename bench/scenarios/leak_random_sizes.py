"""Leaky, with run-to-run noise: every cycle keeps a payload of random size (2 to 14 KB, not
seeded), so each run measures a slightly different rate. Used to measure the spread that the
baseline tolerance must absorb. Each cycle also handles one request of the shared JSON API
(_service.handle_request, about 5 ms, nothing retained), the unit of work a real load cycle
does."""
import random

from _service import handle_request

_kept = []


def cycle():
    handle_request()
    size = random.randint(2_000, 14_000)
    _kept.append(bytes(size))  # leakgate: leak-site
    scratch = [random.random() for _ in range(200)]  # churn, dropped
    return len(scratch)
