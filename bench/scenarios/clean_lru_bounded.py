"""Clean: a bounded functools.lru_cache with a new key every cycle (constant eviction).
Each cycle also handles one request of the shared JSON API (_service.handle_request, about
5 ms, nothing retained), the unit of work a real load cycle does."""
import functools

from _service import handle_request

_calls = 0


@functools.lru_cache(maxsize=16)
def price(order_id):
    return {"id": order_id, "lines": [order_id * i for i in range(50)]}


def cycle():
    global _calls
    _calls += 1
    handle_request()
    return price(_calls)["id"]
