"""Unbounded cache, fixed: the response cache is bounded with
functools.lru_cache(maxsize=8). It fills during the first requests, then
each new entry evicts the least recently used one, so memory stays flat no
matter how many distinct request ids arrive. (If keys never repeat, also ask
whether the cache is worth having at all.)
"""
from __future__ import annotations

import functools
import itertools
import json

_request_ids = itertools.count()


@functools.lru_cache(maxsize=8)
def render(request_id: str, user_id: int) -> bytes:
    doc = {"request_id": request_id, "user": user_id, "items": list(range(40))}
    return (json.dumps(doc) + " " * 8192).encode()


def cycle() -> None:
    request_id = f"req-{next(_request_ids):08d}"
    request = json.loads(json.dumps({"id": request_id, "user": 42, "q": "orders"}))
    body = render(request["id"], request["user"])
    assert body.startswith(b"{")
