"""Source attribution: which frames are the scenario's code, and the functions they are in.

Function names come from the file's syntax tree, parsed once per file and only for files that
appear in reported frames (after the traced window: parsing allocates a lot). A name is the
qualified name of the innermost def or class around the line ("Client.run_wsgi_app",
"handler.<locals>.inner"), "<module>" outside any. A lambda or a comprehension is part of the
line that holds it, so its line is named after the def around it: a trace tells only the line.
"""
from __future__ import annotations

import ast
import linecache
import os
import site
import sysconfig

from .own import HARNESS_FILES

TYPE_CHECKING = False
if TYPE_CHECKING:  # for pyright only: no typing at run time (see __init__.py)
    from typing import Dict, List, Set, Tuple
    from .records import Frame
    # (first line, last line, qualified name) of a def or class. Its decorators are not in it: they
    # run in the scope around it.
    Span = Tuple[int, int, str]


_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
# Definitions are statements: only the statement lists of a node can hold one.
_STATEMENT_LISTS = ("body", "orelse", "finalbody", "handlers", "cases")


def function_spans(source: str, filename: str) -> List[Span]:
    """Every def and class of a module's source, with the lines it covers; [] when it does not
    parse. The source is text (as linecache read it), so its coding cookie is already applied."""
    try:
        tree = ast.parse(source, filename)
    except (SyntaxError, ValueError):
        return []
    spans: List[Span] = []
    pending: List[Tuple[List[ast.AST], str]] = [(list(tree.body), "")]
    while pending:
        statements, prefix = pending.pop()
        for node in statements:
            if isinstance(node, _DEFINITIONS):
                name = prefix + node.name
                spans.append((node.lineno, getattr(node, "end_lineno", None) or node.lineno, name))
                pending.append((list(node.body), name + ("." if isinstance(node, ast.ClassDef) else ".<locals>.")))
                continue
            for field in _STATEMENT_LISTS:
                inner = getattr(node, field, None)
                if isinstance(inner, list):
                    pending.append((inner, prefix))
    return spans


def name_at(spans: List[Span], line: int) -> str:
    """The qualified name of the innermost def or class around `line`, "<module>" outside any."""
    best, best_size = "<module>", -1
    for start, end, name in spans:
        if start <= line <= end and (best_size < 0 or end - start < best_size):
            best, best_size = name, end - start
    return best


def _library_roots() -> Tuple[str, ...]:
    roots: Set[str] = set()
    paths = sysconfig.get_paths()
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        if paths.get(key):
            roots.add(os.path.abspath(paths[key]))
    try:
        roots.update(os.path.abspath(p) for p in site.getsitepackages())
    except AttributeError:  # virtualenv's old site.py
        pass
    user_site = getattr(site, "USER_SITE", None)
    if user_site:
        roots.add(os.path.abspath(user_site))
    return tuple(sorted(roots, key=len, reverse=True))


class CodeIndex:
    """Tells user code from the stdlib, site-packages and leakgate, and names functions."""

    def __init__(self, cwd: str) -> None:
        self.cwd = os.path.abspath(cwd)
        self.library_roots = _library_roots()
        self._spans: Dict[str, List[Span]] = {}

    def is_user_code(self, filename: str) -> bool:
        if not filename or filename.startswith("<"):
            return False
        path = os.path.abspath(filename)
        if path in HARNESS_FILES:
            return False
        parts = path.replace("\\", "/").split("/")
        if "site-packages" in parts or "dist-packages" in parts:
            return False
        if path.startswith(self.cwd + os.sep):
            return True
        return not any(path.startswith(root + os.sep) for root in self.library_roots)

    def display_path(self, filename: str) -> str:
        path = os.path.abspath(filename) if not filename.startswith("<") else filename
        if path.startswith(self.cwd + os.sep):
            return os.path.relpath(path, self.cwd).replace(os.sep, "/")
        return path

    def function_at(self, filename: str, line: int) -> str:
        spans = self._spans.get(filename)
        if spans is None:
            spans = self._spans[filename] = function_spans("".join(linecache.getlines(filename)), filename)
        return name_at(spans, line)

    def frame(self, filename: str, line: int) -> Frame:
        return {
            "file": self.display_path(filename),
            "line": line,
            "function": self.function_at(filename, line),
            "code": linecache.getline(filename, line).strip()[:200],
            "userCode": self.is_user_code(filename),
        }
