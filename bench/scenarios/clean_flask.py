"""Clean: Flask requests through the test client: routing, JSON in and out (needs Flask)."""
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/orders")
def create_order():
    order = request.get_json()
    return jsonify({"id": order["id"], "total": sum(line["price"] for line in order["lines"])})


client = None


def setup():
    global client
    client = app.test_client()


def cycle():
    response = client.post("/orders", json={"id": 7, "lines": [{"sku": i, "price": i * 1.5} for i in range(20)]})
    assert response.status_code == 200
