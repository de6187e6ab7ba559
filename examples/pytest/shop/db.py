"""The shop's storage: products and orders in one sqlite3 database."""
from __future__ import annotations

import logging
import sqlite3
from typing import Iterable

log = logging.getLogger("shop.db")

SCHEMA = """
CREATE TABLE products (sku TEXT PRIMARY KEY, name TEXT NOT NULL, price_cents INTEGER NOT NULL, stock INTEGER NOT NULL);
CREATE TABLE orders (id TEXT PRIMARY KEY, customer TEXT NOT NULL, total_cents INTEGER NOT NULL);
CREATE TABLE order_lines (order_id TEXT NOT NULL, sku TEXT NOT NULL, qty INTEGER NOT NULL, price_cents INTEGER NOT NULL);
"""

LOW_STOCK = 5


class Store:
    """Products and orders. The connection is in autocommit mode: callers (a request, a test)
    open and end their own transactions with begin() and rollback()/commit()."""

    def __init__(self, path: str = ":memory:") -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.executescript(SCHEMA)

    def close(self) -> None:
        self.conn.close()

    def begin(self) -> None:
        self.conn.execute("BEGIN")

    def rollback(self) -> None:
        self.conn.execute("ROLLBACK")

    def add_products(self, rows: Iterable[tuple[str, str, int, int]]) -> None:
        self.conn.executemany("INSERT INTO products VALUES (?, ?, ?, ?)", rows)

    def product(self, sku: str) -> tuple[str, int, int]:
        row = self.conn.execute("SELECT name, price_cents, stock FROM products WHERE sku = ?", (sku,)).fetchone()
        if row is None:
            raise KeyError(f"no product with sku {sku!r}")
        return row

    def take_stock(self, sku: str, qty: int) -> int:
        """Remove qty from the stock of sku; return what is left, warning when it runs low."""
        name, _, stock = self.product(sku)
        if qty > stock:
            raise ValueError(f"only {stock} of {name} left, {qty} asked")
        left = stock - qty
        self.conn.execute("UPDATE products SET stock = ? WHERE sku = ?", (left, sku))
        if left < LOW_STOCK:
            log.warning("low stock: %s has %d left", sku, left)
        return left

    def save_order(self, order_id: str, customer: str, lines: list[tuple[str, int, int]]) -> int:
        total = sum(qty * price for _, qty, price in lines)
        self.conn.execute("INSERT INTO orders VALUES (?, ?, ?)", (order_id, customer, total))
        self.conn.executemany("INSERT INTO order_lines VALUES (?, ?, ?, ?)", [(order_id, sku, qty, price) for sku, qty, price in lines])
        return total

    def orders(self) -> list[tuple[str, str, int]]:
        return self.conn.execute("SELECT id, customer, total_cents FROM orders ORDER BY id").fetchall()
