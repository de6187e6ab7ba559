"""Leaky, descriptors: each cycle opens a keep-alive connection to a local HTTP server, does one
request, and keeps the connection in a module list, as code that makes a requests.Session per
call and caches it does. Each kept connection holds its socket open: one descriptor per cycle
(kind fd), and one http.client.HTTPConnection per cycle. The server runs on 127.0.0.1 in a
daemon thread, started in setup() and stopped in teardown(); its own allocations have no frame
in this file. The report names the line that opened the socket and the list that holds it."""
from __future__ import annotations

import http.client
import http.server
import threading

_clients = []
_server = None
_thread = None


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the server keeps each connection open

    def do_GET(self):
        body = b'{"status": "ok"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # quiet
        pass


def setup():
    global _server, _thread
    _server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    _server.daemon_threads = True
    _thread = threading.Thread(target=_server.serve_forever, name="keepalive-server", daemon=True)
    _thread.start()


def teardown():
    for connection in _clients:
        connection.close()
    _clients.clear()
    if _server is not None:
        _server.shutdown()
        _server.server_close()


def cycle():
    connection = http.client.HTTPConnection("127.0.0.1", _server.server_address[1], timeout=10)
    connection.request("GET", "/status")  # leakgate: leak-site
    response = connection.getresponse()
    assert response.status == 200 and response.read() == b'{"status": "ok"}'
    _clients.append(connection)  # ...and the connection, with its socket, is never closed
