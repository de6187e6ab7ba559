"""Leaky: the allocation happens inside a library (json decodes the request body), but a
middleware in user code keeps every decoded body: the leak's line is the middleware's."""
import json

_seen_bodies = []


class BodyLoggingMiddleware:
    def __call__(self, raw):
        body = json.loads(raw)  # leakgate: leak-site
        _seen_bodies.append(body)  # ...and keeps every decoded body alive
        return body


middleware = BodyLoggingMiddleware()
RAW = json.dumps({"user": "u1", "items": [{"sku": i, "name": "item %d" % i} for i in range(30)]})


def cycle():
    return len(middleware(RAW)["items"])
