"""Leaky: the JSON API handler of clean_json_api.py (_service.handle: about 1.5 to 3 ms of
allocation-heavy work per cycle), plus an "audit log" that keeps the first 2 KB of every
response forever: one ~2 KB object retained per cycle amid about 1 MB of churn. The
benchmark also runs it at --cycles 1000."""
from _service import REQUEST, handle

_audit_log = []


def cycle():
    body, size = handle(REQUEST)
    _audit_log.append(body[:2048])  # leakgate: leak-site
    return len(body) + size
