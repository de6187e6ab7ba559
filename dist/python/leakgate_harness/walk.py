"""The walk from a leaked object up its referrers to a root that people recognise, and the
path in their words, e.g.
    myapp.cache._cache (dict) → [key 1041] → User
Roots: a module global, a class attribute, a live thread's frame, a threading.local, an asyncio
task, a functools cache, a logger (its handlers). The walk is bounded in depth, in time and in
nodes; when it hits a bound it says NO_PATH rather than guess. Everything it holds while walking
is left out of the referrers it sees.
"""
from __future__ import annotations

import gc
import os
import sys
import threading
import types
import weakref

from .census import type_name
from .search import search_roots

TYPE_CHECKING = False
if TYPE_CHECKING:  # for pyright only: no typing at run time (see __init__.py)
    from typing import Any, Collection, Dict, FrozenSet, List, Optional, Sequence, Set, Tuple
    # Where a path starts: (its label, e.g. "weakref.finalize._registry", the module that owns it or None).
    Root = Tuple[str, Optional[str]]

NO_PATH = "no path found within limits"


def _short(value: Any, limit: int = 40) -> str:
    try:
        text = repr(value)
    except Exception:  # a broken __repr__ must not stop the walk
        text = "<%s>" % type(value).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Walker:
    def __init__(self, own_files: FrozenSet[str], deadline: float) -> None:
        self.own_files = own_files
        self.deadline = deadline
        self.modules: Dict[int, str] = {}
        for name, module in list(sys.modules.items()):
            namespace = getattr(module, "__dict__", None)
            if isinstance(namespace, dict):
                self.modules[id(namespace)] = name
        self.thread_frames: Set[int] = set()
        names = {t.ident: t.name for t in threading.enumerate()}
        me = threading.get_ident()
        for ident, frame in sys._current_frames().items():
            if ident == me:
                continue
            while frame is not None:
                self.thread_frames.add(id(frame))
                frame = frame.f_back
        self.thread_names = names
        # Containers of this module: they hold the objects being walked and must not be seen.
        self.ignored: Set[int] = set()
        self._untracked: Optional[List[Any]] = None

    def untracked_referrers(self, obj: Any) -> List[Any]:
        """Containers the GC does not track (a dict of only strings and bytes, say) that hold
        obj: gc.get_referrers cannot see them. Caches like that live in module globals, so the
        containers held by module namespaces are searched, built once per walk."""
        if self._untracked is None:
            found = []
            for module in list(sys.modules.values()):
                namespace = getattr(module, "__dict__", None)
                if not isinstance(namespace, dict):
                    continue
                for value in list(namespace.values()):
                    if isinstance(value, (dict, list, tuple, set, frozenset)) and not gc.is_tracked(value):
                        found.append(value)
            self._untracked = found
            self.ignore(found)
        holders = []
        for container in self._untracked:
            values = container.values() if isinstance(container, dict) else container
            # A dict holds its keys too: a cache keyed by request ids keeps the ids alive.
            if any(value is obj for value in values) or (isinstance(container, dict) and any(key is obj for key in container)):
                holders.append(container)
        return holders

    def ignore(self, *objects: Any) -> None:
        for obj in objects:
            self.ignored.add(id(obj))

    # -- roots ---------------------------------------------------------------

    def root_label(self, obj: Any) -> Optional[Tuple[str, str]]:
        """A name for obj if it is a root, else None."""
        oid = id(obj)
        if oid in self.modules:
            return "module %s" % self.modules[oid], "module"
        if isinstance(obj, types.ModuleType):
            return "module %s" % obj.__name__, "module"
        if isinstance(obj, types.FrameType) and oid in self.thread_frames:
            return "a live thread's frame %s (%s:%d)" % (obj.f_code.co_name, os.path.basename(obj.f_code.co_filename), obj.f_lineno), "frame"
        kind = type(obj)
        name = kind.__name__
        if name in ("_local", "local") and kind.__module__ in ("_thread", "_threading_local"):
            return "threading.local", "local"
        if name in ("Task", "_GatheringFuture") and kind.__module__ in ("_asyncio", "asyncio.tasks"):
            coro = getattr(obj, "get_coro", lambda: None)()
            label = getattr(coro, "__qualname__", None) or getattr(obj, "get_name", lambda: "task")()
            return "asyncio task %s" % label, "task"
        if name == "_lru_cache_wrapper":
            return _cache_label(obj), "cache"
        logging = sys.modules.get("logging")
        if logging is not None and isinstance(obj, logging.Logger):
            logger_name = getattr(obj, "name", "")
            return "logging.getLogger(%r)" % (logger_name if logger_name != "root" else ""), "logger"
        if isinstance(obj, type):
            return "class %s" % type_name(obj), "class"
        return None

    def root_module(self, obj: Any, kind: str) -> Optional[str]:
        """The name of the module that owns a root (see root_label's kinds), None when unknown."""
        if kind == "module":
            return self.modules.get(id(obj)) or getattr(obj, "__name__", None)
        if kind == "frame":
            return obj.f_globals.get("__name__")
        if kind == "class" or kind == "cache":
            module = getattr(obj, "__module__", None)
            return module if isinstance(module, str) else None
        if kind == "logger":
            return "logging"
        if kind == "task":
            frame = getattr(getattr(obj, "get_coro", lambda: None)(), "cr_frame", None)
            if frame is not None:
                return frame.f_globals.get("__name__")
        # A threading.local (or a task whose coroutine ended): the module whose global it is.
        for name, module in list(sys.modules.items()):
            namespace = getattr(module, "__dict__", None)
            if isinstance(namespace, dict) and any(value is obj for value in list(namespace.values())):
                return name
        return None

    # -- edges ---------------------------------------------------------------

    def edge(self, parent: Any, child: Any) -> str:
        """How parent holds child, in words ("" when child is parent's own __dict__)."""
        if not isinstance(parent, type) and getattr(parent, "__dict__", None) is child:
            return ""
        # A functools cache of an object (not of a function) is named after that object: see _cache_label.
        if type(parent).__name__ == "_lru_cache_wrapper" and _nameless(parent) and getattr(parent, "__wrapped__", None) is child:
            return ""
        # An object's own internal dict (a class's namespace, a cache's table): the next step names the entry.
        if isinstance(child, dict) and not isinstance(parent, (dict, list, tuple, set, frozenset, types.FrameType, types.CellType, types.FunctionType)):
            return ""
        if isinstance(parent, dict):
            for key, value in parent.items():
                if value is child:
                    if id(parent) in self.modules or self._is_attribute_dict(parent):
                        return ".%s" % key
                    if type(key).__name__ in ("ReferenceType", "KeyedRef"):
                        return "[a thread's storage]"
                    return "[key %s]" % _short(key)
            return "[a key]"
        if isinstance(parent, (list, tuple)):
            for index, value in enumerate(parent):
                if value is child:
                    return "[%d]" % index
        if isinstance(parent, (set, frozenset)):
            return "{item}"
        if isinstance(parent, types.FrameType):
            for name, value in parent.f_locals.items():
                if value is child:
                    return "local %s in %s" % (name, parent.f_code.co_name)
        if isinstance(parent, types.CellType):
            return "closure cell"
        if isinstance(parent, types.FunctionType):
            return "%s.__closure__" % parent.__qualname__
        if isinstance(parent, types.MethodType):
            return ".__self__"
        # Attributes stored inline (3.11+) or in __slots__: the instance refers to them directly.
        namespace = getattr(parent, "__dict__", None)
        if isinstance(namespace, dict) and not isinstance(parent, type):
            for name, value in namespace.items():
                if value is child:
                    return ".%s" % name
        for klass in getattr(type(parent), "__mro__", ()):
            slots: Any = getattr(klass, "__slots__", ())
            for slot in slots if isinstance(slots, (tuple, list)) else ():
                if getattr(parent, slot, None) is child:
                    return ".%s" % slot
        return "→"

    @staticmethod
    def _is_attribute_dict(candidate: dict) -> bool:
        for owner in gc.get_referrers(candidate):
            if getattr(owner, "__dict__", None) is candidate:
                return True
            if isinstance(owner, type) and any(r is candidate for r in gc.get_referents(owner)):
                return True
        return False

    @staticmethod
    def internal(parent: Any, child: Any) -> Optional[str]:
        """A name for a container that a C-level object holds without an attribute (only
        gc.get_referents sees it), in words with its owner, e.g. "sqlite3.Connection's cursor weak
        references (list, pruned every 200 cursors)"; None when it is not one leakgate knows."""
        owner = type(parent)
        if owner.__name__ == "Connection" and owner.__module__ == "sqlite3" and isinstance(child, list):
            return "sqlite3.Connection's %s" % _sqlite_list(parent, child)
        return None

    def describe(self, obj: Any) -> str:
        if isinstance(obj, dict):
            return "dict"
        if isinstance(obj, list):
            return "list"
        return type_name(type(obj))

    # -- the walk ------------------------------------------------------------

    def paths(self, targets: Sequence[Sequence[Any]]) -> List[Tuple[str, Optional[Root]]]:
        """For each target (its sample objects, likeliest first): (a readable path from a root
        to one of its samples, the root) or (NO_PATH, None) within the bounds.

        Breadth-first, a level at a time, every target at once (search.py): one
        gc.get_referrers pass finds the referrers of a batch of frontier objects of any target
        (each pass walks the heap once), then gc.get_referents tells which object of the batch
        each referrer holds."""
        found, objects = search_roots(self, targets, self.deadline)
        try:
            return [
                self._render(hit[0], hit[1], hit[2], objects, hit[3]) if hit is not None else (NO_PATH, None)
                for hit in found
            ]
        finally:
            del found, objects

    def held(self, referrer: Any, wanted: Collection[int]) -> Optional[int]:
        """The id of the first object in `wanted` that referrer refers to, or None."""
        for referent in gc.get_referents(referrer):
            if id(referent) in wanted:
                return id(referent)
        # Untracked containers found through module namespaces: their items. And a dict's keys,
        # which the GC does not visit when they are all strings.
        if not gc.is_tracked(referrer) and isinstance(referrer, (dict, list, tuple, set, frozenset)):
            for value in (referrer.values() if isinstance(referrer, dict) else referrer):
                if id(value) in wanted:
                    return id(value)
        if isinstance(referrer, dict):
            for key in referrer:
                if id(key) in wanted:
                    return id(key)
        return None

    def _render(self, root_id: int, root: Tuple[str, str], child_of: Dict[int, int], objects: Dict[int, Any], sample: int) -> Tuple[str, Root]:
        label, kind = root
        down = [root_id]  # root … sample, following what each object refers to
        while down[-1] != sample and down[-1] in child_of:
            down.append(child_of[down[-1]])
        words = [label]
        for parent_id, child_id in zip(down, down[1:]):
            parent = objects[parent_id]
            child = objects[child_id]
            step = self.edge(parent, child)
            if step == "":
                continue  # an object to its own __dict__: the next step names the attribute
            if step == "→" and child_id != sample:
                inner = self.internal(parent, child)
                if inner is not None:
                    words.append(inner)
                    continue
            if child_id == sample:
                words.extend([step, self.describe(child)] if step != "→" else [self.describe(child)])
            elif step == "→":
                words.append(self.describe(child))
            else:
                words.append("%s (%s)" % (step, self.describe(child)))
        # The root as data: its label with the attribute that holds the rest ("weakref.finalize._registry").
        root_label = _tidy(words[:2])[0].split(" (", 1)[0] if len(words) > 1 and words[1].startswith(".") else label
        if kind in ("module", "class") and root_label.startswith(("module ", "class ")):
            root_label = root_label.split(" ", 1)[1]
        return " → ".join(_tidy(words)), (root_label, self.root_module(objects[root_id], kind))


def _nameless(cache: Any) -> bool:
    """Whether a functools cache wraps an object rather than a function: sqlite3's statement
    cache is functools.lru_cache(maxsize)(connection), with no __qualname__."""
    return not isinstance(getattr(cache, "__qualname__", None), str)


def _cache_label(cache: Any) -> str:
    if _nameless(cache):
        wrapped = getattr(cache, "__wrapped__", None)
        return "functools cache of a %s" % (type_name(type(wrapped)) if wrapped is not None else "callable")
    module = getattr(cache, "__module__", None)
    return "functools cache of %s" % (cache.__qualname__ if not isinstance(module, str) else "%s.%s" % (module, cache.__qualname__))


# CPython's sqlite3.Connection keeps weak references to its cursors (3.10+), its blobs (3.11+) and,
# before 3.11, its statements, in lists that only gc.get_referents sees, in this order. It drops the
# dead ones every 200 new cursors (statements) only: checked on 3.10 to 3.13.
_SQLITE_LISTS = ("statement", "cursor") if sys.version_info < (3, 11) else ("cursor", "blob")
_SQLITE_PRUNED = (3, 10) <= sys.version_info < (3, 14)


def _sqlite_list(connection: Any, child: list) -> str:
    """Which of a sqlite3.Connection's internal lists `child` is, in words."""
    kind = None
    for item in child:
        alive = item() if isinstance(item, weakref.ref) else None
        if alive is not None:
            name = type(alive).__name__.lower()
            kind = name if name in ("cursor", "blob", "statement") else None
            break
    if kind is None:
        lists = [referent for referent in gc.get_referents(connection) if type(referent) is list]
        position = next((number for number, value in enumerate(lists) if value is child), -1)
        kind = _SQLITE_LISTS[position] if 0 <= position < len(_SQLITE_LISTS) else None
    if kind is None:
        return "internal list"
    pruned = ", pruned every 200 %ss" % ("statement" if kind == "statement" else "cursor") if _SQLITE_PRUNED and kind != "blob" else ""
    return "%s weak references (list%s)" % (kind, pruned)


def _tidy(words: List[str]) -> List[str]:
    """Join attribute steps to what precedes them: 'module app.cache' + '._cache' → 'app.cache._cache'."""
    out: List[str] = []
    for word in words:
        if out and word.startswith(".") and not word.startswith("..."):
            head = out.pop()
            if head.startswith("module "):
                head = head[len("module "):]
            if head.startswith("class "):
                head = head[len("class "):]
            out.append(head + word)
        else:
            out.append(word)
    return out
