"""Clean: a cache that keeps filling for 60 cycles after the warm-up, then stays full.
Each cycle also handles one request of the shared JSON API (_service.handle_request, about
5 ms, nothing retained), the unit of work a real load cycle does.

A leak is growth that continues to the end; this one stops, so it must pass."""
from _service import handle_request

_cache = {}
_calls = 0


def cycle():
    global _calls
    _calls += 1
    handle_request()
    key = _calls % 80  # 80 distinct keys: the cache fills by cycle 80, then only hits
    if key not in _cache:
        _cache[key] = {"key": key, "payload": "x" * 2000, "tags": [key] * 20}
    return len(_cache[key]["payload"])
