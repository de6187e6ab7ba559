"""Leaky, descriptors: each cycle opens an os.pipe(), writes and reads one message through
it, and never closes either end. Only integers are dropped, so no Python object grows, but
two descriptors per cycle stay open (kind fd). Each cycle also handles one request of the
shared JSON API (_service.handle_request, about 5 ms, nothing retained), the unit of work a
real load cycle does."""
import os

from _service import handle_request


def cycle():
    handle_request()
    read_end, write_end = os.pipe()
    os.write(write_end, b"ping")
    return os.read(read_end, 4)  # ...and neither end is ever closed
