"""The JSON API handler of bench/scenarios/clean_json_api.py and leak_json_api.py as pytest tests:
test_json_api is clean, test_json_api_audit_log keeps the first 2 KB of every response."""
from __future__ import annotations

from _service import handle

_audit_log: list[str] = []


def test_json_api(request_body, decoded, caplog):
    body, size = handle(request_body)
    assert size > 0 and body.startswith("{")
    assert decoded


def test_json_api_audit_log(request_body, decoded):
    body, size = handle(request_body)
    _audit_log.append(body[:2048])  # leakgate: leak-site
    assert size > 0 and decoded
