"""Clean: asyncio.gather over short tasks on one event loop. Each cycle also handles one
request of the shared JSON API (_service.handle_request, about 5 ms, nothing retained), the
unit of work a real load cycle does."""
import asyncio

from _service import handle_request


async def fetch(n):
    await asyncio.sleep(0)
    return {"n": n, "body": "x" * 200}


async def cycle():
    handle_request()
    results = await asyncio.gather(*(fetch(n) for n in range(20)))
    return len(results)
