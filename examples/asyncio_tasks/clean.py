"""Orphaned asyncio tasks, fixed: the per-request watcher task is still
started, but the request sets its event in a finally block and awaits the
task before returning, so every task finishes, leaves the strong-reference
set and releases the request context within the same cycle.
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
    ctx = {"id": next(_ids), "body": bytearray(8192)}
    done = asyncio.Event()
    task = asyncio.create_task(watch_for_cancel(ctx, done))
    _background.add(task)
    task.add_done_callback(_background.discard)
    try:
        await handle(ctx)
    finally:
        done.set()
        await task


async def teardown() -> None:
    for task in _background:
        task.cancel()
    await asyncio.gather(*_background, return_exceptions=True)
