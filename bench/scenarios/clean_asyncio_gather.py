"""Clean: asyncio.gather over short tasks on one event loop."""
import asyncio


async def fetch(n):
    await asyncio.sleep(0)
    return {"n": n, "body": "x" * 200}


async def cycle():
    results = await asyncio.gather(*(fetch(n) for n in range(20)))
    return len(results)
