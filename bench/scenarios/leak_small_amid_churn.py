"""Leaky: one small object retained per cycle amid more than 1 MB of per-cycle churn."""
import json

_audit = []


class AuditEntry:
    __slots__ = ("order_id",)

    def __init__(self, order_id):
        self.order_id = order_id


def cycle():
    churn = [json.dumps({"i": i, "payload": "x" * 100}) for i in range(8000)]  # about 1 MB, dropped
    _audit.append(AuditEntry(len(churn)))  # leakgate: leak-site
    return len(churn)
