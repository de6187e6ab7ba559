"""Fixtures of the shop's tests: one database per test module, a fresh client per test whose
writes are rolled back when the test ends."""
from __future__ import annotations

from typing import Iterator

import pytest

from shop.app import App, TestClient
from shop.db import Store

PRODUCTS = [
    ("mug", "Coffee mug", 1250, 40),
    ("tee", "T-shirt", 2200, 25),
    ("pen", "Fountain pen", 4800, 6),
    ("pad", "Note pad", 450, 100),
]


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    """The database, built once per module: leakgate sets it up before the warm-up and tears
    it down after the last cycle."""
    store = Store()
    store.add_products(PRODUCTS)
    yield store
    store.close()


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    """A client of a fresh app, inside a transaction that is rolled back after the test: set up
    and torn down in every cycle."""
    store.begin()
    try:
        yield TestClient(App(store))
    finally:
        store.rollback()


@pytest.fixture
def anyio_backend() -> str:
    """anyio's tests run on asyncio only (anyio would also try trio)."""
    return "asyncio"
