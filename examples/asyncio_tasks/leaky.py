"""Orphaned asyncio tasks: each request spawns a background "cancellation
watcher" task that waits on an asyncio.Event that is never set. The task
never finishes, and the strong-reference set meant to keep it from being
garbage collected keeps it, its coroutine frame and the request context
(8 KB body) alive forever. The clean twin sets the event when the request
completes and awaits the task before returning.
"""
from __future__ import annotations

import asyncio
import itertools
import json
from typing import Any

_background: set[asyncio.Task[None]] = set()
_ids = itertools.count()


async def watch_for_cancel(ctx: dict[str, Any], done: asyncio.Event) -> None:
    await done.wait()
    ctx["body"] = None


async def handle(ctx: dict[str, Any]) -> dict[str, Any]:
    await asyncio.sleep(0)
    return json.loads(json.dumps({"id": ctx["id"], "status": "ok"}))


async def cycle() -> None:
    ctx = {"id": next(_ids), "body": bytearray(8192)}  # leakgate: leak-site
    done = asyncio.Event()
    task = asyncio.create_task(watch_for_cancel(ctx, done))
    _background.add(task)
    task.add_done_callback(_background.discard)
    await handle(ctx)  # forgot done.set(): the watcher waits forever


async def teardown() -> None:
    for task in _background:
        task.cancel()
    await asyncio.gather(*_background, return_exceptions=True)
