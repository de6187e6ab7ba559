"""Unbounded cache: rendered responses are memoized in a module-level dict
keyed by request id. Request ids never repeat, so every lookup misses and
every response is stored forever: the cache grows by one ~9 KB entry per
request for the life of the process.
The clean twin keeps the same cache, but bounded with
functools.lru_cache(maxsize=8): it fills during warm-up, then evicts.
"""
from __future__ import annotations

import itertools
import json

_response_cache: dict[str, bytes] = {}
_request_ids = itertools.count()


def render(request_id: str, user_id: int) -> bytes:
    cached = _response_cache.get(request_id)
    if cached is None:
        doc = {"request_id": request_id, "user": user_id, "items": list(range(40))}
        cached = (json.dumps(doc) + " " * 8192).encode()  # leakgate: leak-site
        _response_cache[request_id] = cached
    return cached


def cycle() -> None:
    request_id = f"req-{next(_request_ids):08d}"
    request = json.loads(json.dumps({"id": request_id, "user": 42, "q": "orders"}))
    body = render(request["id"], request["user"])
    assert body.startswith(b"{")
