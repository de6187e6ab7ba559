"""Clean: an in-memory sqlite database: insert, query and delete rows each cycle. Each cycle
also handles one request of the shared JSON API (_service.handle_request, about 5 ms,
nothing retained), the unit of work a real load cycle does."""
import sqlite3

from _service import handle_request

db = None


def setup():
    global db
    db = sqlite3.connect(":memory:")
    db.execute("create table orders (id integer primary key, customer text, total real)")


def cycle():
    handle_request()
    with db:
        db.executemany("insert into orders (customer, total) values (?, ?)", [("c%d" % i, i * 1.5) for i in range(50)])
    rows = db.execute("select customer, total from orders where total > 10").fetchall()
    with db:
        db.execute("delete from orders")
    return len(rows)


def teardown():
    db.close()
