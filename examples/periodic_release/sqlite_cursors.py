"""Clean (issue 14): the standard library's sqlite3, one cursor a cycle on one in-memory connection.

CPython's sqlite3 keeps a weak reference to every cursor a connection made, in a list it prunes
of dead references only every 201 cursors (Modules/_sqlite/connection.c). Each cycle's cursor is
gone when the cycle ends, but its weak reference stays until the next prune, at cycle 201: over
a 100-cycle measured phase that is one weakref.ReferenceType more every cycle, like a leak."""
import sqlite3

connection = sqlite3.connect(":memory:")
connection.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
connection.executemany("INSERT INTO users (name) VALUES (?)", [("u%d" % i,) for i in range(20)])


def cycle():
    cursor = connection.cursor()
    rows = cursor.execute("SELECT id, name FROM users WHERE id < 5").fetchall()
    cursor.close()
    return len(rows)


def teardown():
    connection.close()
