"""Thread-local accumulation, fixed: each task starts with fresh per-thread
state and clears it in a finally block when it ends, so a long-lived worker
holds only the running task's records, never the history of every task it
has ever executed.
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
    audit = _state.audit = []  # fresh per-task state
    try:
        doc = {"id": request_id, "user": "alice", "roles": ["read", "write"]}
        audit.append(json.dumps(doc).encode().ljust(8192))
        return len(json.loads(audit[-1])["roles"])
    finally:
        audit.clear()


def cycle() -> None:
    global _next_id
    assert _pool is not None
    _next_id += 1
    _pool.submit(handle, _next_id).result()
