"""The shop's HTTP face, WSGI-like without a server: App.handle(method, path, body) returns a
status and a JSON body, and TestClient drives it the way a web framework's test client does."""
from __future__ import annotations

import csv
import itertools
import json
import logging
from pathlib import Path
from typing import Any

from shop.cart import Cart
from shop.db import Store
from shop.receipts import Order, receipt_for

log = logging.getLogger("shop.app")

# Order numbers are unique for the life of the process, as a database sequence would make them.
_order_numbers = itertools.count(1)


class App:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.carts: dict[str, Cart] = {}

    def handle(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        try:
            data: dict[str, Any] = json.loads(body) if body else {}
            if (method, path) == ("POST", "/cart"):
                result = self.add_to_cart(data["customer"], data["sku"], int(data.get("qty", 1)))
            elif (method, path) == ("POST", "/checkout"):
                result = self.checkout(data["customer"])
            else:
                return 404, b'{"error": "not found"}'
        except (KeyError, ValueError) as error:
            return 400, json.dumps({"error": str(error)}).encode()
        return 200, json.dumps(result).encode()

    def add_to_cart(self, customer: str, sku: str, qty: int) -> dict[str, Any]:
        self.store.product(sku)  # an unknown sku is a 400
        cart = self.carts.setdefault(customer, Cart(customer))
        cart.add(sku, qty)
        return {"items": sum(cart.quantities.values()), "total_cents": cart.total_cents(self.store)}

    def checkout(self, customer: str) -> dict[str, Any]:
        cart = self.carts.pop(customer, None)
        if cart is None or not cart.quantities:
            raise ValueError(f"the cart of {customer} is empty")
        order = Order(f"ord-{next(_order_numbers):08d}-{customer}", customer, tuple(cart.lines(self.store)))
        for sku, qty, _ in order.lines:
            self.store.take_stock(sku, qty)
        self.store.save_order(order.id, customer, list(order.lines))
        log.info("order %s placed by %s", order.id, customer)
        return {"order": order.id, "total_cents": order.total_cents, "receipt": receipt_for(order)}


def export_orders(store: Store, path: Path) -> int:
    """Write the orders to a CSV file; return how many."""
    rows = store.orders()
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["order", "customer", "total_cents"])
        writer.writerows(rows)
    return len(rows)


class TestClient:
    """Calls the app as a client would, JSON in and out."""

    __test__ = False  # not a test class, for pytest

    def __init__(self, app: App) -> None:
        self.app = app

    def post(self, path: str, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        status, body = self.app.handle("POST", path, json.dumps(payload).encode())
        return status, json.loads(body)
