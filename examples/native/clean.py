"""Native (C-level) leak, fixed: the 256 KiB libc scratch buffer obtained
through ctypes is released with free() in a finally block, so RSS stays flat
after warm-up. Every native allocation needs an owner that frees it on all
paths, including exceptions.
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
    scratch = libc.malloc(SCRATCH_SIZE)
    if not scratch:
        raise MemoryError("malloc failed")
    try:
        ctypes.memset(scratch, 0xAB, SCRATCH_SIZE)  # touch every page: counts in RSS
        reply = json.loads(json.dumps({"status": "ok", "bytes": SCRATCH_SIZE}))
        assert reply["status"] == "ok"
    finally:
        libc.free(scratch)
