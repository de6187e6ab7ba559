"""Clean: a bounded functools.lru_cache with a new key every cycle (constant eviction)."""
import functools

_calls = 0


@functools.lru_cache(maxsize=16)
def price(order_id):
    return {"id": order_id, "lines": [order_id * i for i in range(50)]}


def cycle():
    global _calls
    _calls += 1
    return price(_calls)["id"]
