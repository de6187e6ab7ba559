"""Leaky, native: each cycle asks libc for 64 KiB through ctypes, fills it with memset so
every page is resident, and never frees it. tracemalloc and object counts stay flat; only
RSS and the malloc heap grow (kind native, no Python line to blame)."""
import ctypes
import ctypes.util

_libc = ctypes.CDLL(ctypes.util.find_library("c") or None)
_libc.malloc.restype = ctypes.c_void_p
_libc.malloc.argtypes = [ctypes.c_size_t]

SIZE = 64 * 1024


def cycle():
    buffer = _libc.malloc(SIZE)
    if not buffer:
        raise MemoryError("malloc failed")
    ctypes.memset(buffer, 0x5A, SIZE)  # touch every page; the pointer is then dropped, never freed
    return SIZE
