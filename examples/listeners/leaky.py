"""Lost listeners: every request creates a handler and subscribes its bound
method to a process-wide event bus, but never unsubscribes. The bus holds a
strong reference to each bound method, which keeps the handler and its 8 KB
buffer alive forever (and makes every emit slower).
The clean twin unsubscribes in a finally block when the request ends.
"""
from __future__ import annotations

import itertools
import json
from typing import Any, Callable


class EventBus:
    def __init__(self) -> None:
        self._subscribers: list[Callable[[str, Any], None]] = []

    def subscribe(self, callback: Callable[[str, Any], None]) -> None:
        self._subscribers.append(callback)

    def unsubscribe(self, callback: Callable[[str, Any], None]) -> None:
        self._subscribers.remove(callback)

    def emit(self, event: str, data: Any) -> None:
        for callback in list(self._subscribers):
            callback(event, data)


bus = EventBus()
_request_ids = itertools.count()


class RequestHandler:
    def __init__(self, request_id: int) -> None:
        self.request_id = request_id
        self.buffer = bytearray(8192)  # leakgate: leak-site
        self.settings: dict[str, Any] = {}

    def on_config_changed(self, event: str, data: Any) -> None:
        self.settings = data

    def handle(self, payload: str) -> int:
        body = json.loads(payload)
        body["settings"] = self.settings
        return len(json.dumps(body))


def cycle() -> None:
    handler = RequestHandler(next(_request_ids))
    bus.subscribe(handler.on_config_changed)  # never unsubscribed
    bus.emit("config_changed", {"timeout": 30})
    handler.handle(json.dumps({"id": handler.request_id, "op": "get"}))
