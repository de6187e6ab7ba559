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


_HTML_ROW = '<tr><td style="padding:4px 8px;border-bottom:1px solid #ddd">{qty} &times; {sku}</td><td style="padding:4px;text-align:right">{total}</td></tr>'
_HTML_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Receipt {id}</title>
<style>body{{font-family:Helvetica,Arial,sans-serif;color:#222;max-width:640px;margin:0 auto}} table{{width:100%;border-collapse:collapse}}
h1{{font-size:20px;border-bottom:2px solid #222}} .small{{font-size:11px;color:#666;line-height:1.5}}</style></head>
<body><h1>Receipt {id}</h1><p>Dear {customer}, thank you for your order. Here is what you bought:</p>
<table>{rows}<tr><th style="text-align:left;padding:8px">Total</th><th style="text-align:right;padding:8px">{total}</th></tr></table>
<p class="small">{small_print}</p></body></html>"""
_SMALL_PRINT = (
    "Goods may be returned within 30 days of delivery with this receipt, unused and in their original packaging. "
    "Refunds are made to the original means of payment within 14 days of our receiving the goods. "
    "Personalised items, opened software and gift cards cannot be returned. Prices include VAT where applicable. "
) * 8


def render_html(order: Order) -> str:
    """The receipt as the HTML part of the confirmation email."""
    rows = "".join(_HTML_ROW.format(qty=qty, sku=sku, total=money(qty * price)) for sku, qty, price in order.lines)
    return _HTML_PAGE.format(id=order.id, customer=order.customer, rows=rows, total=money(order.total_cents), small_print=_SMALL_PRINT)


def receipt_for(order: Order) -> str:
    """The confirmation email's body (text and HTML) of an order, rendered once."""
    body = _receipts.get(order.id)
    if body is None:
        body = _receipts[order.id] = render(order) + "\n\n" + render_html(order)  # leakgate: leak-site
    return body


def print_receipt(order: Order) -> None:
    print(render(order))
