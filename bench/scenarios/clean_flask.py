"""Clean: Flask requests through the test client: routing, JSON in and out (needs Flask).
The request handler also does one request's work of the shared JSON API
(_service.handle_request, about 5 ms, nothing retained), as a real endpoint would."""
from flask import Flask, jsonify, request

from _service import handle_request

app = Flask(__name__)


@app.post("/orders")
def create_order():
    order = request.get_json()
    handle_request()
    return jsonify({"id": order["id"], "total": sum(line["price"] for line in order["lines"])})


client = None


def setup():
    global client
    client = app.test_client()


def cycle():
    response = client.post("/orders", json={"id": 7, "lines": [{"sku": i, "price": i * 1.5} for i in range(20)]})
    assert response.status_code == 200
