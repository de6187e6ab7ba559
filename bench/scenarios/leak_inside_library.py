"""Leaky: the allocation happens inside a library (json decodes the request body), but a
middleware in user code keeps every decoded body: the leak's line is the middleware's. Each
cycle also handles one request of the shared JSON API (_service.handle_request, about 5 ms,
nothing retained), the unit of work a real load cycle does; it decodes JSON too, in the
same library, but keeps nothing."""
import json

from _service import handle_request

_seen_bodies = []


class BodyLoggingMiddleware:
    def __call__(self, raw):
        body = json.loads(raw)  # leakgate: leak-site
        _seen_bodies.append(body)  # ...and keeps every decoded body alive
        return body


middleware = BodyLoggingMiddleware()
RAW = json.dumps({"user": "u1", "items": [{"sku": i, "name": "item %d" % i} for i in range(30)]})


def cycle():
    handle_request()
    return len(middleware(RAW)["items"])
