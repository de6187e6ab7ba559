"""Clean, with growth released on a period longer than the default run (issue 14): one
in-memory sqlite3 connection kept across cycles, one cursor per cycle. CPython's sqlite3 keeps a
weak reference to every cursor a connection made in a list that it prunes only every 201st
cursor (Modules/_sqlite/connection.c, _pysqlite_drop_unused_cursor_references; FINDINGS 3.1
of issue 14), so the list grows by one dead reference a cycle and drops back at about cycle
195: after the default 20 + 100 cycles, before the end of a confirming extension of 100. Each
cycle also handles one request of the shared JSON API (_service.handle_request, about 5 ms,
nothing retained), the unit of work a real load cycle does."""
import sqlite3

from _service import handle_request

db = None


def setup():
    global db
    db = sqlite3.connect(":memory:")
    # Two cursors here (the executes); the prune comes at the 201st cursor in all.
    db.execute("create table users (id integer primary key, name text)")
    db.executemany("insert into users (name) values (?)", [("user-%d" % i,) for i in range(20)])
    db.commit()


def cycle():
    handle_request()
    # One cursor a cycle, dropped at the end of the cycle: only its weak reference stays.
    names = db.execute("select name from users where id < 5").fetchall()
    assert len(names) == 4, names


def teardown():
    db.close()
