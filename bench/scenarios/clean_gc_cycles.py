"""Clean: every cycle builds reference cycles (parent <-> child) that only the GC frees.
Each cycle also handles one request of the shared JSON API (_service.handle_request, about
5 ms, nothing retained), the unit of work a real load cycle does."""
from _service import handle_request


class Node:
    def __init__(self, parent=None):
        self.parent = parent
        self.children = []
        self.data = bytearray(1024)
        if parent is not None:
            parent.children.append(self)


def cycle():
    handle_request()
    root = Node()
    for _ in range(50):
        Node(root)
    return len(root.children)
