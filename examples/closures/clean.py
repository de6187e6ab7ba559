"""Closures capturing big objects, fixed: the retry callback captures only
the small order id and rebuilds the payload if a retry is ever needed, and
the entry is discarded from the long-lived registry as soon as the publish
is acknowledged. Nothing per-order outlives the request.
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


def build_payload(order_id: int) -> bytes:
    order = {"id": order_id, "lines": [{"sku": f"SKU-{i:05d}", "qty": i % 7} for i in range(250)]}
    return json.dumps(order).encode()


def cycle() -> None:
    order_id = next(_order_ids)
    payload = build_payload(order_id)
    _pending_retries[order_id] = lambda: publish(build_payload(order_id))
    acked = publish(payload)
    if acked:
        del _pending_retries[order_id]
