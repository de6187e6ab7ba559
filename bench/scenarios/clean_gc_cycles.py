"""Clean: every cycle builds reference cycles (parent <-> child) that only the GC frees."""


class Node:
    def __init__(self, parent=None):
        self.parent = parent
        self.children = []
        self.data = bytearray(1024)
        if parent is not None:
            parent.children.append(self)


def cycle():
    root = Node()
    for _ in range(50):
        Node(root)
    return len(root.children)
