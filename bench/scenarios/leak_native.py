"""Leaky, native: each cycle asks libc for 64 KiB through ctypes, fills it with memset so
every page is resident, and never frees it. tracemalloc and object counts stay flat; only
RSS and the malloc heap grow (kind native, no Python line to blame). Each cycle also
handles one request of the shared JSON API (_service.handle_request, about 5 ms, nothing
retained), the unit of work a real load cycle does."""
import ctypes
import ctypes.util

from _service import handle_request

_libc = ctypes.CDLL(ctypes.util.find_library("c") or None)
_libc.malloc.restype = ctypes.c_void_p
_libc.malloc.argtypes = [ctypes.c_size_t]

SIZE = 64 * 1024


def cycle():
    handle_request()
    buffer = _libc.malloc(SIZE)  # leakgate: leak-site
    if not buffer:
        raise MemoryError("malloc failed")
    ctypes.memset(buffer, 0x5A, SIZE)  # touch every page; the pointer is then dropped, never freed
    return SIZE
