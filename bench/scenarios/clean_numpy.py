"""Clean: numpy arrays created, reduced and dropped every cycle (needs numpy)."""
import numpy as np

_rng = np.random.default_rng(7)


def cycle():
    matrix = _rng.random((200, 200))
    product = matrix @ matrix.T
    return float(product.trace()) + float(np.linalg.norm(matrix[:, :10]))
