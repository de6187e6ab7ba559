"""Async tests: one run by pytest-asyncio, one by anyio's pytest plugin. Both are clean."""
from __future__ import annotations

import pytest

pytest.importorskip("pytest_asyncio", reason="the asyncio test needs pytest-asyncio")
pytest.importorskip("anyio", reason="the anyio test needs anyio")

from shop import notify  # noqa: E402
from shop.receipts import Order  # noqa: E402

ORDER = Order("ord-mail", "frank", (("tee", 1, 2200), ("pad", 3, 450)))


@pytest.mark.asyncio
async def test_send_receipt():
    size = await notify.send_receipt(ORDER)
    assert size > 500
    assert notify.outbox[-1][0] == "frank"


@pytest.mark.anyio
async def test_send_all_with_anyio():
    total = await notify.send_all([ORDER, ORDER, ORDER])
    assert total > 1500
    assert len(notify.outbox) <= 16
