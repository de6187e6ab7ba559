"""Sending a receipt by email, asynchronously (the mail server is a queue in this example)."""
from __future__ import annotations

import asyncio
from collections import deque

from shop.receipts import Order, render

# The last messages sent, for the support desk: bounded, so it fills and then stays flat.
outbox: deque[tuple[str, str]] = deque(maxlen=16)


async def send_receipt(order: Order, delay_seconds: float = 0) -> int:
    """Queue the receipt's email; return its size in bytes."""
    await asyncio.sleep(delay_seconds)
    body = render(order)
    outbox.append((order.customer, body))
    return len(body.encode())


async def send_all(orders: list[Order]) -> int:
    sizes = await asyncio.gather(*(send_receipt(order) for order in orders))
    return sum(sizes)
