"""Leaky: a Flask before_request hook keeps every request body "for debugging". The body is
decoded inside Flask and the standard library; the leak's line is the hook's (needs Flask).
The request handler also does one request's work of the shared JSON API
(_service.handle_request, about 5 ms, nothing retained), as a real endpoint would."""
from flask import Flask, g, jsonify, request

from _service import handle_request

app = Flask(__name__)
_recent_bodies = []


@app.before_request
def remember_body():
    _recent_bodies.append(request.get_json(silent=True))  # leakgate: leak-site


@app.post("/orders")
def create_order():
    order = request.get_json()
    handle_request()
    return jsonify({"id": order["id"]})


client = None


def setup():
    global client
    client = app.test_client()


def cycle():
    response = client.post("/orders", json={"id": 7, "note": "x" * 2000, "lines": [{"sku": i} for i in range(20)]})
    assert response.status_code == 200
