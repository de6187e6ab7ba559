"""The shop's tests. test_checkout finds a leak in the app (shop/receipts.py); the others are
clean, and use pytest's own fixtures: capsys, caplog, tmp_path, monkeypatch, parametrization."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest

from shop.app import export_orders
from shop.cart import Cart
from shop.receipts import Order, money, print_receipt, render

SMALL = Order("ord-small", "alice", (("mug", 1, 1250),))
BIG = Order("ord-big", "bob", tuple((f"sku-{i:03d}", i % 7 + 1, 100 + i) for i in range(40)))


def test_checkout(client):
    status, cart = client.post("/cart", {"customer": "alice", "sku": "mug", "qty": 2})
    assert status == 200 and cart["items"] == 2
    client.post("/cart", {"customer": "alice", "sku": "pad"})
    status, order = client.post("/checkout", {"customer": "alice"})
    assert status == 200
    assert order["total_cents"] == 2 * 1250 + 450
    assert "TOTAL" in order["receipt"]


def test_an_empty_cart_cannot_be_checked_out(client):
    status, body = client.post("/checkout", {"customer": "carol"})
    assert status == 400
    assert "empty" in body["error"]


class TestCart:
    def test_add(self, store):
        cart = Cart("alice")
        cart.add("tee", 2)
        cart.add("tee")
        cart.add("pen")
        assert cart.quantities == {"tee": 3, "pen": 1}
        assert cart.total_cents(store) == 3 * 2200 + 4800

    def test_add_refuses_a_silly_quantity(self):
        with pytest.raises(ValueError, match="quantity must be 1 to 99"):
            Cart("alice").add("tee", 0)


@pytest.mark.parametrize("order", [SMALL, BIG], ids=["small", "big"])
def test_render(order):
    text = render(order)
    assert text.startswith("=") and order.id in text
    assert len(text.splitlines()) == len(order.lines) + 13


def test_print_receipt(capsys):
    print_receipt(SMALL)
    out, err = capsys.readouterr()
    assert "Receipt ord-small for alice" in out
    assert err == ""


def test_low_stock_is_logged(client, store, caplog):
    caplog.set_level(logging.INFO)
    status, _ = client.post("/cart", {"customer": "dan", "sku": "pen", "qty": 3})
    assert status == 200
    assert store.take_stock("pen", 3) == 3  # inside the client's transaction, rolled back after the test
    assert [r.getMessage() for r in caplog.records] == ["low stock: pen has 3 left"]
    assert "WARNING" in caplog.text


def test_export_orders(store, tmp_path: Path):
    store.begin()
    try:
        store.save_order("ord-export", "erin", [("pad", 2, 450)])
        path = tmp_path / "orders.csv"
        assert export_orders(store, path) == 1
        assert path.read_text().splitlines() == ["order,customer,total_cents", "ord-export,erin,900"]
    finally:
        store.rollback()


def test_money_in_the_configured_currency(monkeypatch):
    monkeypatch.setenv("SHOP_CURRENCY", "EUR")
    assert money(123456) == "1,234.56 EUR"
    monkeypatch.delenv("SHOP_CURRENCY")
    assert money(5) == "0.05 USD"
