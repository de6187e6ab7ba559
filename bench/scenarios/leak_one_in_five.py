"""Leaky: the leak happens on only 1 cycle of 5 (a retry path that keeps its request). Each
cycle also handles one request of the shared JSON API (_service.handle_request, about 5 ms,
nothing retained), the unit of work a real load cycle does."""
from _service import handle_request

_retries = []
_calls = 0


def cycle():
    global _calls
    _calls += 1
    handle_request()
    request = {"id": _calls, "body": "y" * 3000}
    if _calls % 5 == 0:
        _retries.append(dict(request, retried=True))  # leakgate: leak-site
    return request["id"]
