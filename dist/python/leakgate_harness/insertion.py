"""The line that keeps a leaked object: where user code writes into the container that a
retention path starts at (issue 15, "allocation site vs. the line that keeps it").

A bytes object may be allocated deep in a library (a test client's request builder) and kept
by one line of the user's (`DEBUG_BODIES[key] = request.get_data()`). When the path's root is a
module global or a class attribute of the user's code, that module's syntax tree is searched,
after tracing stopped and only for the roots reported, for the statements that write into it:

    NAME[...] = …           NAME[...] += …
    NAME.append/add/extend/update/setdefault/insert/appendleft/extendleft(…)
    self.ATTR[...] = …, self.ATTR.append(…), cls.ATTR…, Class.ATTR…   (class attributes)

The first such line is the answer, or the one inside a function on the site's stack.
"""
from __future__ import annotations

import ast
import linecache

TYPE_CHECKING = False
if TYPE_CHECKING:  # for pyright only: no typing at run time (see __init__.py)
    from typing import Callable, Dict, List, Optional, Sequence, Tuple
    # CodeIndex.function_at: the qualified name of the def around a line of a file.
    FunctionAt = Callable[[str, int], str]
    # A write into the container: (line, the source line stripped).
    Write = Tuple[int, str]

WRITING_METHODS = frozenset(("append", "add", "extend", "update", "setdefault", "insert", "appendleft", "extendleft"))
# Files this long are not parsed: the answer is a hint, and parsing allocates a lot.
MAX_SOURCE_CHARS = 2_000_000

_trees: Dict[str, Optional[ast.AST]] = {}


def _tree(filename: str) -> Optional[ast.AST]:
    if filename not in _trees:
        source = "".join(linecache.getlines(filename))
        tree: Optional[ast.AST] = None
        if source and len(source) <= MAX_SOURCE_CHARS:
            try:
                tree = ast.parse(source, filename)
            except (SyntaxError, ValueError):
                tree = None
        _trees[filename] = tree
    return _trees[filename]


def _names(node: ast.AST, name: str, attribute: bool) -> bool:
    """Whether `node` is the container: the bare global `name`, or `<anything>.name` for a class attribute."""
    if attribute:
        return isinstance(node, ast.Attribute) and node.attr == name
    return isinstance(node, ast.Name) and node.id == name


def writes_into(tree: ast.AST, name: str, attribute: bool) -> List[int]:
    """The lines, in order, of the statements that write into the container named `name` (a
    module global, or with `attribute` an attribute of any object: self.name, cls.name)."""
    lines: List[int] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Subscript) and _names(target.value, name, attribute):
                    lines.append(node.lineno)
                elif isinstance(node, ast.AugAssign) and _names(target, name, attribute):
                    lines.append(node.lineno)  # NAME += [item]
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in WRITING_METHODS and _names(func.value, name, attribute):
                lines.append(node.lineno)
    return sorted(set(lines))


def container_name(label: str, module: str) -> Optional[Tuple[str, bool]]:
    """From a root's label ("leaky._response_cache", "app.Registry._items") and its module, the
    name that writes use and whether it is an attribute; None for other roots (a thread's
    frame, a threading.local, a task, a functools cache)."""
    prefix = module + "."
    if not label.startswith(prefix):
        return None
    rest = label[len(prefix):].split(" ", 1)[0]
    parts = rest.split(".")
    if not all(part.isidentifier() for part in parts):
        return None
    if len(parts) == 1:
        return parts[0], False
    return parts[-1], True  # Class.attr (or Outer.Inner.attr): written as self.attr, cls.attr, Class.attr


def inserted_at(filename: str, label: str, module: str, stack: Sequence[Tuple[str, int]], function_at: FunctionAt) -> Optional[Tuple[int, str]]:
    """(line, function) of the user line that writes into the root's container, or None: the
    one inside a function on the site's stack ((file, line) frames), else the first."""
    named = container_name(label, module)
    tree = _tree(filename) if named is not None else None
    if named is None or tree is None:
        return None
    lines = writes_into(tree, named[0], named[1])
    if not lines:
        return None
    on_stack = {function_at(filename, line) for file, line in stack if file == filename}
    for line in lines:
        function = function_at(filename, line)
        if function in on_stack:
            return line, function
    return lines[0], function_at(filename, lines[0])

