"""Leaky, with run-to-run noise: every cycle keeps a payload of random size (2 to 14 KB, not
seeded), so each run measures a slightly different rate. Used to measure the spread that the
baseline tolerance must absorb."""
import random

_kept = []


def cycle():
    size = random.randint(2_000, 14_000)
    _kept.append(bytes(size))  # leakgate: leak-site
    scratch = [random.random() for _ in range(200)]  # churn, dropped
    return len(scratch)
