"""The site driven through django.test.Client, as load tests often start. The view is clean,
yet memory grows: Django's test client reconnects signal receivers on every request
(ClientHandler.__call__ disconnects and reconnects django.db.close_old_connections to
request_started and request_finished), and each weak Signal.connect registers a
weakref.finalize on the receiver. close_old_connections is a module-level function that
never dies, so those finalizers stay in weakref.finalize._registry: +2 per request (seen with
Django 3.2). The growth is inside Django's test client, not in this code; wsgi_handler.py
serves the same view through the WSGI handler, as a server does, and does not grow."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import shop  # noqa: E402
from django.test import Client  # noqa: E402


def cycle():
    response = Client().get(shop.next_path())  # leakgate: leak-site
    assert response.status_code == 200, response.status_code
