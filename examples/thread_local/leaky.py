"""Thread-local accumulation: a long-lived worker pool keeps per-thread
state in a threading.local, and each task appends its audit record to the
thread's list, which is never cleared. Pool threads live as long as the
process, so every record handled by a worker is retained forever.
The clean twin replaces the per-thread list at the start of every task, so
each worker holds at most one task's state.
"""
from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

_state = threading.local()
_pool: ThreadPoolExecutor | None = None
_next_id = 0


def setup() -> None:
    global _pool
    _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="worker")


def teardown() -> None:
    assert _pool is not None
    _pool.shutdown(wait=True)


def handle(request_id: int) -> int:
    audit = getattr(_state, "audit", None)
    if audit is None:
        audit = _state.audit = []
    doc = {"id": request_id, "user": "alice", "roles": ["read", "write"]}
    audit.append(json.dumps(doc).encode().ljust(8192))  # leakgate: leak-site
    return len(json.loads(audit[-1])["roles"])


def cycle() -> None:
    global _next_id
    assert _pool is not None
    _next_id += 1
    _pool.submit(handle, _next_id).result()
