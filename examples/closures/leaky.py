"""Closures capturing big objects: each published order registers a retry
callback in a long-lived registry "in case the broker nacks later". The
closure captures the whole ~9 KB serialized payload, and nothing removes
the entry once the publish succeeds, so every payload stays alive forever.
The clean twin captures only the order id (re-serializing on retry) and
drops the retry entry as soon as the publish is acknowledged.
"""
from __future__ import annotations

import itertools
import json
import zlib
from typing import Callable

_pending_retries: dict[int, Callable[[], bool]] = {}
_order_ids = itertools.count()


def publish(body: bytes) -> bool:
    return zlib.crc32(body) >= 0  # stand-in for a broker round-trip


def cycle() -> None:
    order_id = next(_order_ids)
    order = {"id": order_id, "lines": [{"sku": f"SKU-{i:05d}", "qty": i % 7} for i in range(250)]}
    payload = json.dumps(order).encode()  # leakgate: leak-site
    _pending_retries[order_id] = lambda: publish(payload)
    acked = publish(payload)
    assert acked  # ...but the retry entry is never discarded
