"""The benchmark's unit of application work: one request of a small JSON API (not a scenario;
bench/run.mjs skips files whose name starts with "_").

Real load scenarios do a request's or a job's worth of work per cycle, so most scenarios in
this folder call handle_request() once per cycle in addition to the pattern they probe. It
handles a request that carries three ~50 KB pages of orders; each page is decoded, its orders
grouped by customer, the response encoded and decoded again. That is about 4 to 6 ms of
allocation-heavy work with Python 3.11 on the benchmark's 2-core machine (tracemalloc's peak
is about 1 MB above the baseline, all of it short-lived), and nothing is retained.
clean_json_api.py and leak_json_api.py run handle() on one page per cycle.

Scenarios import it as a sibling module: leakgate, bench/bare.py and bench/recipe.py all put
the scenario file's folder on sys.path.
"""
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
PAGES = (REQUEST, json.dumps(_document(2)), json.dumps(_document(3)))


def handle(raw):
    """Handle one ~50 KB page: about 1.5 ms. Returns (response body, a size to return)."""
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


def handle_request():
    """Handle one request of three pages: about 5 ms, nothing retained. Returns a size."""
    size = 0
    for raw in PAGES:
        body, extra = handle(raw)
        size += len(body) + extra
    return size
