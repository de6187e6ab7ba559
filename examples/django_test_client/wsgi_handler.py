"""The workaround for leaky_client.py: the same view served through Django's WSGI handler,
called as a WSGI server calls it (django.core.wsgi.get_wsgi_application() returns the same
handler). Nothing is reconnected per request, so nothing accumulates."""
import io
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import shop  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402

handler = WSGIHandler()


def _environ(path):
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }


def cycle():
    status = []
    body = b"".join(handler(_environ(shop.next_path()), lambda line, headers, exc_info=None: status.append(line)))
    assert status[0].startswith("200"), status
    return len(body)
