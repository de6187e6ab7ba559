"""Receipts: an order rendered as text, for the customer's email and the till's printer."""
from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Order:
    id: str
    customer: str
    lines: tuple[tuple[str, int, int], ...]  # (sku, qty, unit price in cents)

    @property
    def total_cents(self) -> int:
        return sum(qty * price for _, qty, price in self.lines)


# Rendered receipts by order id, so that a customer who reloads the confirmation page is not
# rendered a second receipt. Order ids never repeat and nothing evicts an entry: the cache grows
# by one receipt per order for the life of the process. This is the leak the example shows.
_receipts: dict[str, str] = {}


def money(cents: int) -> str:
    currency = os.environ.get("SHOP_CURRENCY", "USD")
    return f"{cents / 100:,.2f} {currency}"


def render(order: Order, width: int = 64) -> str:
    """The receipt's text: a header, one line per item, the total, and the small print."""
    rows = [f"Receipt {order.id} for {order.customer}".center(width, "="), ""]
    for sku, qty, price in order.lines:
        rows.append(f"{qty:>3} x {sku:<24}{money(price):>16}{money(qty * price):>18}"[:width])
    rows += ["", f"{'TOTAL':<44}{money(order.total_cents):>20}", ""]
    rows += ["Goods may be returned within 30 days with this receipt. Thank you for shopping with us."[:width]] * 8
    return "\n".join(rows)


def receipt_for(order: Order) -> str:
    """The receipt of an order, rendered once."""
    text = _receipts.get(order.id)
    if text is None:
        text = _receipts[order.id] = render(order) + "\n"  # leakgate: leak-site
    return text


def print_receipt(order: Order) -> None:
    print(render(order))
