"""Why is it still alive? Retention paths from a root to sample leaked objects.

Two steps. `collect_samples` runs at the end of the traced window, while tracemalloc still
runs, so that `tracemalloc.get_object_traceback` tells where an object was allocated; it
picks objects born in the window (after the warm-up and the measured phase) that are still
alive: objects of the growing types, and objects allocated at the growing sites, looked for
first among the newest items of the containers that grew during the window. `explain` runs
after tracing stopped (tracing makes every allocation of the walk ~10x slower).

For each sample it walks referrers breadth-first (`gc.get_referrers`, one pass over the heap
per level) up to a root that people recognise, and prints the path in their words, e.g.
    myapp.cache._cache (dict) → [key 1041] → User
Roots: a module global, a class attribute, a live thread's frame, a threading.local, an
asyncio task, a functools cache, a logger (its handlers). The walk is bounded in depth, in
time and in samples; when it hits a bound it says "no path found within limits" rather than
guess. Everything this module holds while walking is left out of the referrers it sees.
"""
from __future__ import annotations

import gc
import os
import sys
import time
import types

NO_PATH = "no path found within limits"
MAX_DEPTH = 12
MAX_REFERRERS_PER_NODE = 2000
SAMPLES_PER_TARGET = 3
MAX_NODES = 20000
# Containers at least this long are searched for untracked objects a site allocated.
LONG_CONTAINER = 16
# Objects looked for in one pass of gc.get_referrers: it compares every edge of the heap with
# each of them, so a pass over a large frontier is split.
REFERRERS_PER_PASS = 64
# The containers that grew most during the window, and how many of their newest items, are
# where samples of a site are looked for first.
GROWN_CONTAINERS = 32
NEWEST_ITEMS = 16
# The last resort, a scan of every long container for a site's objects, stops after this long.
FALLBACK_SCAN_SECONDS = 0.05


def _type_name(kind: type) -> str:
    module = getattr(kind, "__module__", None)
    qualname = getattr(kind, "__qualname__", kind.__name__)
    return qualname if module in (None, "builtins") else "%s.%s" % (module, qualname)


def _short(value, limit: int = 40) -> str:
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a broken __repr__ must not stop the walk
        text = "<%s>" % type(value).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Walker:
    def __init__(self, own_files: frozenset, deadline: float) -> None:
        self.own_files = own_files
        self.deadline = deadline
        self.modules = {}
        for name, module in list(sys.modules.items()):
            namespace = getattr(module, "__dict__", None)
            if isinstance(namespace, dict):
                self.modules[id(namespace)] = name
        self.thread_frames = set()
        import threading

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
        self.ignored = set()
        self._untracked = None

    def untracked_referrers(self, obj) -> list:
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

    def ignore(self, *objects) -> None:
        for obj in objects:
            self.ignored.add(id(obj))

    # -- roots ---------------------------------------------------------------

    def root_label(self, obj):
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
            return "functools cache of %s.%s" % (getattr(obj, "__module__", "?"), getattr(obj, "__qualname__", "?")), "cache"
        logging = sys.modules.get("logging")
        if logging is not None and isinstance(obj, logging.Logger):
            return "logging.getLogger(%r)" % (obj.name if obj.name != "root" else ""), "logger"
        if isinstance(obj, type):
            return "class %s" % _type_name(obj), "class"
        return None

    # -- edges ---------------------------------------------------------------

    def edge(self, parent, child) -> str:
        """How parent holds child, in words ("" when child is parent's own __dict__)."""
        if not isinstance(parent, type) and getattr(parent, "__dict__", None) is child:
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
        for klass in type(parent).__mro__:
            for slot in getattr(klass, "__slots__", ()) if isinstance(getattr(klass, "__slots__", ()), (tuple, list)) else ():
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

    def describe(self, obj) -> str:
        if isinstance(obj, dict):
            return "dict"
        if isinstance(obj, list):
            return "list"
        return _type_name(type(obj))

    # -- the walk ------------------------------------------------------------

    def path_to_root(self, target):
        """A readable path from a root to target, or NO_PATH within the bounds.

        Breadth-first, a level at a time: one gc.get_referrers pass finds the referrers of a
        whole level (each pass walks the heap once), then gc.get_referents tells which
        object of the level each referrer holds."""
        own = self.own_files
        ignored = self.ignored
        child_of = {}  # id(referrer) -> id(what it refers to), ids only: nothing of ours to see
        objects = {id(target): target}
        frontier = [id(target)]
        self.ignore(child_of, objects, frontier)
        depth = 0
        while frontier and depth < MAX_DEPTH and time.perf_counter() < self.deadline:
            for oid in frontier:
                root = self.root_label(objects[oid]) if oid != id(target) else None
                if root is not None:
                    return self._render(oid, root, child_of, objects, target)
            next_frontier = []
            self.ignore(next_frontier)
            for start in range(0, len(frontier), REFERRERS_PER_PASS):
                level = frontier[start:start + REFERRERS_PER_PASS]
                wanted = set(level)
                chunk = [objects[oid] for oid in level]
                self.ignore(wanted, chunk)
                # The call's own argument tuple holds the level too (it is seen on 3.13):
                # a fresh sentinel at its head tells it from a tuple of the program's.
                sentinel = object()
                referrers = gc.get_referrers(sentinel, *chunk)
                for oid in level:
                    obj = objects[oid]
                    if not gc.is_tracked(obj):
                        referrers.extend(self.untracked_referrers(obj))
                self.ignore(referrers)
                per_node = {}
                for referrer in referrers:
                    rid = id(referrer)
                    if rid in ignored or rid in objects:
                        continue
                    if isinstance(referrer, types.FrameType) and referrer.f_code.co_filename in own and rid not in self.thread_frames:
                        continue
                    if type(referrer) is tuple and referrer and referrer[0] is sentinel:
                        continue
                    held = self._held(referrer, wanted)
                    if held is None or per_node.get(held, 0) >= MAX_REFERRERS_PER_NODE:
                        continue
                    per_node[held] = per_node.get(held, 0) + 1
                    child_of[rid] = held
                    objects[rid] = referrer
                    next_frontier.append(rid)
                del referrers, chunk, sentinel
                if len(objects) > MAX_NODES or time.perf_counter() >= self.deadline:
                    return NO_PATH
            frontier = next_frontier
            depth += 1
        return NO_PATH

    def _held(self, referrer, wanted: set):
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

    def _render(self, root_id, root, child_of, objects, target) -> str:
        label, _kind = root
        down = [root_id]  # root … target, following what each object refers to
        while down[-1] != id(target) and down[-1] in child_of:
            down.append(child_of[down[-1]])
        words = [label]
        for parent_id, child_id in zip(down, down[1:]):
            parent = objects[parent_id]
            child = objects[child_id]
            step = self.edge(parent, child)
            if step == "":
                continue  # an object to its own __dict__: the next step names the attribute
            if child_id == id(target):
                words.extend([step, self.describe(child)] if step != "→" else [self.describe(child)])
            elif step == "→":
                words.append(self.describe(child))
            else:
                words.append("%s (%s)" % (step, self.describe(child)))
        return " → ".join(_tidy(words))


def _tidy(words):
    """Join attribute steps to what precedes them: 'module app.cache' + '._cache' → 'app.cache._cache'."""
    out = []
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


def _type_matcher(type_names):
    """A function that gives an object's qualified type name when it is one of these, else
    None, with the names of the types seen so far remembered."""
    wanted = set(type_names)
    names = {}

    def wanted_name(obj):
        kind = type(obj)
        name = names.get(kind)
        if name is None:
            name = names[kind] = _type_name(kind)
        return name if name in wanted else None

    return wanted_name


def window_baseline(type_names) -> tuple:
    """Taken just before the traced window: (ids of the live objects of the growing types,
    {id: length} of the long lists, dicts and sets). The ids tell which objects were born in
    the window (tracemalloc.get_object_traceback cannot: objects reused from a free list, such
    as dicts and lists, and instances on 3.11 have no traceback); the lengths tell which
    containers grew in it."""
    wanted_name = _type_matcher(type_names)
    ids = set()
    lengths = {}
    containers = _CONTAINERS
    for obj in gc.get_objects():
        if type(obj) in containers and len(obj) >= LONG_CONTAINER // 2:
            lengths[id(obj)] = len(obj)
        if wanted_name(obj) is not None:
            ids.add(id(obj))
    return ids, lengths


_CONTAINERS = frozenset((list, dict, set))


def samples_of_types(type_names, born_before: set, limit=SAMPLES_PER_TARGET):
    """Up to `limit` live objects of each type born after `born_before` was taken, newest last."""
    wanted_name = _type_matcher(type_names)
    found = {name: [] for name in type_names}
    for obj in gc.get_objects():
        name = wanted_name(obj)
        if name is not None and id(obj) not in born_before:
            bucket = found[name]
            bucket.append(obj)
            if len(bucket) > limit:
                del bucket[0]
    return found


def grown_containers(lengths: dict, own: set, limit=GROWN_CONTAINERS) -> list:
    """The lists, dicts and sets that grew most since `lengths` was taken, most growth first,
    as (growth, container) pairs; the ones whose ids are in `own` are this module's."""
    grown = []
    containers = _CONTAINERS
    for obj in gc.get_objects():
        if type(obj) in containers and id(obj) not in own:
            size = len(obj)
            if size >= LONG_CONTAINER // 2:
                growth = size - lengths.get(id(obj), 0)
                if growth > 0:
                    grown.append((growth, obj))
    grown.sort(key=lambda pair: pair[0], reverse=True)
    return grown[:limit]


def _newest(container, count: int):
    """Up to `count` of the items a container received last (a set's in no order)."""
    if isinstance(container, dict):
        for position, key in enumerate(reversed(container)):
            if position >= count:
                return
            yield key
            yield container[key]
    elif isinstance(container, list):
        yield from container[-count:]
    else:
        for position, item in enumerate(container):
            if position >= count:
                return
            yield item


def samples_of_sites(site_frames, type_samples, lengths: dict, own: set, deadline: float, limit=SAMPLES_PER_TARGET):
    """Up to `limit` live objects allocated at each site.

    site_frames maps (file, line) of a site's innermost frame to the typical size in bytes of
    one of its blocks. Candidates, likeliest and cheapest first: the newest items of the
    containers that grew during the window; what the growing types' samples refer to (a
    handler's buffer); what module-level containers hold (a cache dict of strings and bytes,
    which the GC does not track); last, within the deadline, the items of every long
    container. Candidates much smaller than the site's blocks are not asked for their
    traceback."""
    import tracemalloc

    found = {key: [] for key in site_frames}
    wanted = set(site_frames)
    smallest = min(site_frames.values(), default=0) / 2

    def consider(obj) -> None:
        if sys.getsizeof(obj, 0) < smallest:
            return
        tb = tracemalloc.get_object_traceback(obj)
        if tb is None or not len(tb):
            return
        key = (tb[-1].filename, tb[-1].lineno)
        if key in wanted and len(found[key]) < limit and not any(o is obj for o in found[key]):
            found[key].append(obj)

    def done() -> bool:
        return all(len(v) >= limit for v in found.values())

    own = own | {id(found), id(wanted), id(type_samples)} | {id(v) for v in found.values()} | {id(v) for v in type_samples.values()}
    grown = grown_containers(lengths, own)
    for growth, container in grown:
        consider(container)
        for item in _newest(container, min(growth, NEWEST_ITEMS)):
            consider(item)
        if done():
            return found
    for samples in type_samples.values():
        for sample in samples:
            consider(sample)
            for referent in gc.get_referents(sample):
                consider(referent)
                if isinstance(referent, (dict, list, tuple)):
                    for inner in gc.get_referents(referent):
                        consider(inner)
    for module in list(sys.modules.values()):
        namespace = getattr(module, "__dict__", None)
        if not isinstance(namespace, dict):
            continue
        for value in list(namespace.values()):
            # The GC does not track a dict of only strings, bytes and numbers (a typical cache),
            # so it is not among the grown containers: its newest keys and values are looked at.
            # (Lists and sets are always tracked; tuples and frozensets cannot grow.)
            if type(value) is dict and not gc.is_tracked(value):
                for inner in _newest(value, NEWEST_ITEMS):
                    consider(inner)
    if all(found.values()):
        return found
    # Tracing is on while this runs, so every allocation here is slow: the scan allocates as
    # little as it can, and looks only inside long containers, where leaks accumulate. The
    # containers that grew were looked at above (their newest items are the window's).
    containers = (list, dict, set)
    seen = {id(container) for _, container in grown}
    del grown
    # What is left to find is seldom found here: a short look, not the whole budget.
    deadline = min(deadline, time.perf_counter() + FALLBACK_SCAN_SECONDS)
    objects = gc.get_objects()
    try:
        for position, obj in enumerate(objects):
            if type(obj) in containers and len(obj) >= LONG_CONTAINER and id(obj) not in seen:
                for referent in (obj.values() if type(obj) is dict else obj):
                    if not gc.is_tracked(referent):
                        consider(referent)
                    else:
                        tb = tracemalloc.get_object_traceback(referent)
                        if tb is not None and len(tb) and (tb[-1].filename, tb[-1].lineno) in wanted:
                            consider(referent)
            if position % 256 == 0 and (time.perf_counter() >= deadline or all(found.values())):
                break
    finally:
        del objects
    return found


def collect_samples(type_names, baseline: tuple, site_frames, deadline: float) -> tuple:
    """Step one, while tracemalloc runs: (samples by type name, samples by site (file, line)).
    baseline is what window_baseline returned before the window."""
    born_before, lengths = baseline
    gc.collect()
    type_samples = samples_of_types(type_names, born_before)
    own = {id(baseline), id(born_before), id(lengths)}
    site_samples = samples_of_sites(site_frames, type_samples, lengths, own, deadline) if site_frames else {}
    return type_samples, site_samples


def explain(samples: tuple, own_files, deadline: float) -> dict:
    """Step two, with tracing off: {"types": {name: path}, "sites": {(file, line): path}}.
    Types come first (a reviewer reads them first); sites get what time is left."""
    type_samples, site_samples = samples
    walker = Walker(own_files, deadline)
    walker.ignore(samples, type_samples, site_samples, *type_samples.values(), *site_samples.values())
    started = time.perf_counter()
    result = {"types": {}, "sites": {}}

    def first_path(candidates, until):
        walker.deadline = until
        for candidate in candidates:
            if time.perf_counter() >= until:
                break
            path = walker.path_to_root(candidate)
            if path != NO_PATH:
                return path
        return NO_PATH

    types_until = started + (deadline - started) / 2 if site_samples else deadline
    for name, objs in type_samples.items():
        result["types"][name] = first_path(objs, types_until) if objs else NO_PATH
    for key, objs in site_samples.items():
        result["sites"][key] = first_path(objs, deadline) if objs else NO_PATH
    return result

