"""A shopping cart: quantities per sku, priced from the store."""
from __future__ import annotations

from dataclasses import dataclass, field

from shop.db import Store

MAX_QTY = 99


@dataclass
class Cart:
    customer: str
    quantities: dict[str, int] = field(default_factory=dict)

    def add(self, sku: str, qty: int = 1) -> None:
        if not 0 < qty <= MAX_QTY:
            raise ValueError(f"quantity must be 1 to {MAX_QTY}, got {qty}")
        self.quantities[sku] = min(self.quantities.get(sku, 0) + qty, MAX_QTY)

    def remove(self, sku: str) -> None:
        self.quantities.pop(sku, None)

    def lines(self, store: Store) -> list[tuple[str, int, int]]:
        """(sku, qty, unit price in cents) per line, in sku order."""
        return [(sku, qty, store.product(sku)[1]) for sku, qty in sorted(self.quantities.items())]

    def total_cents(self, store: Store) -> int:
        return sum(qty * price for _, qty, price in self.lines(store))
