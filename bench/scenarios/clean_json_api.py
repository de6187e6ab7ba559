"""Clean, and the main speed probe: a realistic JSON API handler (_service.handle, shared with
the other scenarios). Each cycle decodes a ~50 KB request document, groups its orders by
customer, builds and encodes the response and decodes it again: about 1.5 to 3 ms of
allocation-heavy work, nothing retained. The benchmark also runs it at --cycles 1000."""
from _service import REQUEST, handle


def cycle():
    body, size = handle(REQUEST)
    return len(body) + size
