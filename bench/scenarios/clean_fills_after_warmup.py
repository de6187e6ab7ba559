"""Clean: a cache that keeps filling for 60 cycles after the warm-up, then stays full.

A leak is growth that continues to the end; this one stops, so it must pass."""
_cache = {}
_calls = 0


def cycle():
    global _calls
    _calls += 1
    key = _calls % 80  # 80 distinct keys: the cache fills by cycle 80, then only hits
    if key not in _cache:
        _cache[key] = {"key": key, "payload": "x" * 2000, "tags": [key] * 20}
    return len(_cache[key]["payload"])
