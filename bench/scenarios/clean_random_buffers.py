"""Clean: large buffers of random size (10 KB to 4 MB) allocated and dropped: RSS noise.
Each cycle also handles one request of the shared JSON API (_service.handle_request, about
5 ms, nothing retained), the unit of work a real load cycle does."""
import random

from _service import handle_request

_random = random.Random(1234)


def cycle():
    handle_request()
    size = _random.randint(10_000, 4_000_000)
    buffer = bytearray(size)
    buffer[::4096] = b"x" * len(buffer[::4096])  # touch every page so it counts in RSS
    return len(buffer)
