"""A small shop: a product catalogue and orders on stdlib sqlite3, a cart, receipts, and a
WSGI-like app that the tests drive through a test client. It leaks in one place, on purpose:
shop/receipts.py keeps every receipt it renders."""
