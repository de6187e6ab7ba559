"""Long run (1000 cycles in the benchmark): Leaky: the JSON API handler of clean_json_api.py (about 2 to 5 ms of allocation-heavy
work per cycle), plus an "audit log" that keeps the first 2 KB of every response forever:
one ~2 KB object retained per cycle amid about 1 MB of churn."""
import json


def _document(page):
    return {
        "page": page,
        "orders": [
            {
                "id": page * 1000 + i,
                "customer": {"id": i % 37, "name": "customer-%d" % (i % 37), "email": "c%d@example.com" % (i % 37)},
                "status": "open" if i % 3 else "shipped",
                "tags": ["t%d" % (i % 5), "priority" if i % 7 == 0 else "normal"],
                "lines": [{"sku": "SKU-%05d" % (i * 7 + j), "qty": j + 1, "price": round(1.25 * j + i, 2)} for j in range(4)],
            }
            for i in range(150)
        ],
    }


REQUEST = json.dumps(_document(1))  # about 50 KB
_audit_log = []


def handle(raw):
    request = json.loads(raw)
    by_customer = {}
    for order in request["orders"]:
        total = sum(line["qty"] * line["price"] for line in order["lines"])
        entry = {"id": order["id"], "status": order["status"], "total": round(total, 2), "skus": [line["sku"] for line in order["lines"]]}
        by_customer.setdefault(order["customer"]["name"], []).append(entry)
    response = {
        "customers": [
            {"name": name, "orders": orders, "count": len(orders), "total": sum(o["total"] for o in orders)}
            for name, orders in sorted(by_customer.items())
        ]
    }
    body = json.dumps(response, sort_keys=True)
    echoed = json.loads(body)
    return body, len(echoed["customers"]) + len(json.dumps(request))


def cycle():
    body, size = handle(REQUEST)
    _audit_log.append(body[:2048])  # leakgate: leak-site
    return len(body) + size
