"""Clean: large buffers of random size (10 KB to 4 MB) allocated and dropped: RSS noise."""
import random

_random = random.Random(1234)


def cycle():
    size = _random.randint(10_000, 4_000_000)
    buffer = bytearray(size)
    buffer[::4096] = b"x" * len(buffer[::4096])  # touch every page so it counts in RSS
    return len(buffer)
