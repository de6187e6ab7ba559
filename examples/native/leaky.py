"""Native (C-level) leak: each request asks libc for a 256 KiB scratch buffer
through ctypes, fills it, and never frees it. Python's allocator never sees
this memory, so tracemalloc and object counts stay flat while the process
RSS climbs by 256 KiB per request; the same shape as a leak in a C
extension. The clean twin frees the buffer in a finally block.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import json


def _load_libc() -> ctypes.CDLL:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else ctypes.CDLL(None)
    except OSError:
        return ctypes.CDLL(None)


libc = _load_libc()
libc.malloc.restype = ctypes.c_void_p
libc.malloc.argtypes = [ctypes.c_size_t]
libc.free.restype = None
libc.free.argtypes = [ctypes.c_void_p]

SCRATCH_SIZE = 256 * 1024


def cycle() -> None:
    scratch = libc.malloc(SCRATCH_SIZE)  # leakgate: leak-site
    if not scratch:
        raise MemoryError("malloc failed")
    ctypes.memset(scratch, 0xAB, SCRATCH_SIZE)  # touch every page: counts in RSS
    reply = json.loads(json.dumps({"status": "ok", "bytes": SCRATCH_SIZE}))
    assert reply["status"] == "ok"  # ...and the scratch buffer is never freed
