"""Clean: numpy arrays created, reduced and dropped every cycle (needs numpy). Each cycle
also handles one request of the shared JSON API (_service.handle_request, about 5 ms,
nothing retained), the unit of work a real load cycle does."""
import numpy as np

from _service import handle_request

_rng = np.random.default_rng(7)


def cycle():
    handle_request()
    matrix = _rng.random((200, 200))
    product = matrix @ matrix.T
    return float(product.trace()) + float(np.linalg.norm(matrix[:, :10]))
