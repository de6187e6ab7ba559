"""Why is it still alive? Retention paths from a root to sample leaked objects (walk.py).

Two steps. `collect_samples` runs at the end of the traced window, while tracemalloc still
runs, so that `tracemalloc.get_object_traceback` tells where an object was allocated; it
picks objects born in the window (after the warm-up and the measured phase) that are still
alive: objects of the growing types, and objects allocated at the growing sites, looked for
first among the newest items of the containers that grew during the window. `explain` runs
after tracing stopped (tracing makes every allocation of the walk ~10x slower).

From the samples of every target at once it walks referrers breadth-first (`gc.get_referrers`,
passes over the heap shared by all targets, search.py) up to a root that people recognise
(walk.Walker).
"""
from __future__ import annotations

import gc
import os
import sys
import time
import tracemalloc
import types
import weakref

from .census import type_name
from .insertion import inserted_at
from .sites import scenario_frames
from .walk import NO_PATH, Walker

TYPE_CHECKING = False
if TYPE_CHECKING:  # for pyright only: no typing at run time (see __init__.py)
    from typing import Any, Callable, Dict, FrozenSet, Iterable, Iterator, List, Optional, Sequence, Set, Tuple
    from .attribution import CodeIndex
    from .records import Frame, Root, Site
    from .sites import Stack
    # A site's innermost frame: (file, line).
    Place = Tuple[str, int]
    # What window_baseline returns: (ids of the growing types' live objects, {id: length} of long containers).
    Baseline = Tuple[Set[int], Dict[int, int]]
    # What collect_samples returns: (samples by type name, samples by site).
    Samples = Tuple[Dict[str, List[Any]], Dict[Place, List[Any]]]

__all__ = ["NO_PATH", "allocation_stacks", "collect_samples", "describe_site", "explain", "window_baseline"]

SAMPLES_PER_TARGET = 3
# Containers at least this long are searched for untracked objects a site allocated.
LONG_CONTAINER = 16
# The containers that grew most during the window, and how many of their newest items, are
# where samples of a site are looked for first.
GROWN_CONTAINERS = 32
NEWEST_ITEMS = 16
# The last resort, a scan of every long container for a site's objects, stops after this long.
FALLBACK_SCAN_SECONDS = 0.05
# How many of the newest suspended coroutines and generators have their locals looked at.
SUSPENDED_LOOKED_AT = 64


def _type_matcher(type_names: Iterable[str]) -> Callable[[Any], Optional[str]]:
    """A function that gives an object's qualified type name when it is one of these, else
    None, with the names of the types seen so far remembered."""
    wanted = set(type_names)
    names: Dict[type, str] = {}

    def wanted_name(obj: Any) -> Optional[str]:
        kind = type(obj)
        name = names.get(kind)
        if name is None:
            name = names[kind] = type_name(kind)
        return name if name in wanted else None

    return wanted_name


def window_baseline(type_names: Sequence[str]) -> Baseline:
    """Taken just before the traced window: (ids of the live objects of the growing types,
    {id: length} of the long lists, dicts and sets). The ids tell which objects were born in
    the window (tracemalloc.get_object_traceback cannot: objects reused from a free list, such
    as dicts and lists, and instances on 3.11 have no traceback); the lengths tell which
    containers grew in it."""
    wanted_name = _type_matcher(type_names)
    ids: Set[int] = set()
    lengths: Dict[int, int] = {}
    containers = _CONTAINERS
    for obj in gc.get_objects():
        if isinstance(obj, containers) and len(obj) >= LONG_CONTAINER // 2:
            lengths[id(obj)] = len(obj)
        if wanted_name(obj) is not None:
            ids.add(id(obj))
    return ids, lengths


# Subclasses count too (isinstance): a bounded cache is often a collections.OrderedDict.
_CONTAINERS = (list, dict, set)
# What holds a suspended function's locals.
_SUSPENDED = frozenset((types.CoroutineType, types.GeneratorType, types.AsyncGeneratorType, types.FrameType))


def samples_of_types(type_names: Sequence[str], born_before: Set[int], limit: int = SAMPLES_PER_TARGET) -> Dict[str, List[Any]]:
    """Up to `limit` live objects of each type born after `born_before` was taken, newest last."""
    wanted_name = _type_matcher(type_names)
    found: Dict[str, List[Any]] = {name: [] for name in type_names}
    for obj in gc.get_objects():
        name = wanted_name(obj)
        if name is not None and id(obj) not in born_before:
            bucket = found[name]
            bucket.append(obj)
            if len(bucket) > limit:
                del bucket[0]
    return found


def grown_containers(lengths: Dict[int, int], own: Set[int], limit: int = GROWN_CONTAINERS) -> List[Tuple[int, Any]]:
    """The lists, dicts and sets that grew most since `lengths` was taken, most growth first,
    as (growth, container) pairs; the ones whose ids are in `own` are this module's."""
    grown: List[Tuple[int, Any]] = []
    containers = _CONTAINERS
    for obj in gc.get_objects():
        if isinstance(obj, containers) and id(obj) not in own:
            size = len(obj)
            if size >= LONG_CONTAINER // 2:
                growth = size - lengths.get(id(obj), 0)
                if growth > 0:
                    grown.append((growth, obj))
    grown.sort(key=lambda pair: pair[0], reverse=True)
    return grown[:limit]


def _newest(container: Any, count: int) -> Iterator[Any]:
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


def samples_of_sites(
    site_frames: Dict[Place, float],
    type_samples: Dict[str, List[Any]],
    lengths: Dict[int, int],
    own: Set[int],
    deadline: float,
    limit: int = SAMPLES_PER_TARGET,
) -> Dict[Place, List[Any]]:
    """Up to `limit` live objects allocated at each site.

    site_frames maps (file, line) of a site's innermost frame to the typical size in bytes of
    one of its blocks. Candidates, likeliest and cheapest first: the newest items of the
    containers that grew during the window; what the growing types' samples refer to (a
    handler's buffer); what module-level containers hold (a cache dict of strings and bytes,
    which the GC does not track); last, within the deadline, the items of every long
    container. Candidates much smaller than the site's blocks are not asked for their
    traceback."""
    found: Dict[Place, List[Any]] = {key: [] for key in site_frames}
    wanted = set(site_frames)
    smallest = min(site_frames.values(), default=0) / 2

    def consider(obj: Any) -> None:
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
    containers = _CONTAINERS
    suspended = _SUSPENDED
    seen = {id(container) for _, container in grown}
    del grown
    # What is left to find is seldom found here: a short look, not the whole budget.
    deadline = min(deadline, time.perf_counter() + FALLBACK_SCAN_SECONDS)
    objects = gc.get_objects()
    try:
        # First the locals of the newest suspended coroutines and generators: a dict of plain
        # values there (an asyncio request's context) is not tracked, and nothing else holds it.
        looked = 0
        for obj in reversed(objects):
            if type(obj) in suspended:
                for referent in gc.get_referents(obj):
                    if not gc.is_tracked(referent):
                        consider(referent)
                        if type(referent) is dict:
                            for inner in referent.values():
                                consider(inner)
                looked += 1
                if looked >= SUSPENDED_LOOKED_AT or all(found.values()):
                    break
        for position, obj in enumerate(objects):
            if isinstance(obj, containers) and len(obj) >= LONG_CONTAINER and id(obj) not in seen:
                for referent in (obj.values() if isinstance(obj, dict) else obj):
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


def collect_samples(type_names: Sequence[str], baseline: Baseline, site_frames: Dict[Place, float], deadline: float) -> Samples:
    """Step one, while tracemalloc runs: (samples by type name, samples by site (file, line)).
    baseline is what window_baseline returned before the window."""
    born_before, lengths = baseline
    gc.collect()
    type_samples = samples_of_types(type_names, born_before)
    own = {id(baseline), id(born_before), id(lengths)}
    site_samples = samples_of_sites(site_frames, type_samples, lengths, own, deadline) if site_frames else {}
    return type_samples, site_samples


def allocation_stacks(type_samples: Dict[str, List[Any]]) -> Dict[str, Stack]:
    """While tracemalloc runs: where one sample of each type was allocated, as (file, line)
    frames above the harness's own, most recent first (as a site's stack); the newest sample
    that has a traceback (an instance with a managed __dict__ on 3.11 has none). A type with
    no such sample is left out. Plain tuples: nothing here keeps a sample alive."""
    stacks: Dict[str, Stack] = {}
    for name, objs in type_samples.items():
        for obj in reversed(objs):
            tb = tracemalloc.get_object_traceback(obj)
            if tb is not None and len(tb):
                stacks[name] = tuple(scenario_frames(tuple((frame.filename, frame.lineno) for frame in reversed(tb))))
                break
    return stacks


class _TypedWalker(Walker):
    """A Walker that also keeps, for each path it puts in words, the type names of the objects
    along it, root first and the sample last (at most search.MAX_DEPTH + 1 names): analyse
    tells from them which growing type owns another (a Task owns its coroutine)."""

    def __init__(self, own_files: FrozenSet[str], deadline: float) -> None:
        super().__init__(own_files, deadline)
        self.path_types: List[List[str]] = []  # one per path rendered, in the order paths() renders them

    def _render(self, root_id: int, root: Tuple[str, str], child_of: Dict[int, int], objects: Dict[int, Any], sample: int) -> Tuple[str, Any]:
        down = [root_id]
        while down[-1] != sample and down[-1] in child_of and len(down) <= len(child_of):
            down.append(child_of[down[-1]])
        self.path_types.append([type_name(type(objects[i])) for i in down])
        return super()._render(root_id, root, child_of, objects, sample)


def object_type(samples: Sequence[Any]) -> Optional[Tuple[str, bool, int]]:
    """(the type name most common among a site's samples, the larger bytes first on a tie;
    whether the GC tracks them; their mean sys.getsizeof), None without samples."""
    counts: Dict[str, List[int]] = {}
    tracked: Dict[str, bool] = {}
    for sample in samples:
        name = type_name(type(sample))
        entry = counts.setdefault(name, [0, 0])
        entry[0] += 1
        entry[1] += sys.getsizeof(sample, 0)
        tracked[name] = tracked.get(name, False) or gc.is_tracked(sample)
    if not counts:
        return None
    best = max(counts, key=lambda name: (counts[name][0], counts[name][1]))
    return best, tracked[best], counts[best][1] // counts[best][0]


def weak_referent_type(samples: Sequence[Any]) -> Optional[str]:
    """For samples that are weak references, the type most of them point at: a weak reference
    keeps nothing alive, it is made for its object (logging's to each handler, asyncio's to
    each task), so it belongs with it. None for other samples, or dead references."""
    counts: Dict[str, int] = {}
    for sample in samples:
        if isinstance(sample, weakref.ref):
            target = sample()
            if target is not None:
                name = type_name(type(target))
                counts[name] = counts.get(name, 0) + 1
            del target
    return max(counts, key=lambda name: counts[name]) if counts else None


def explain(
    samples: Samples, own_files: FrozenSet[str], deadline: float, index: Optional[CodeIndex] = None, extra: Sequence[List[Any]] = ()
) -> Dict[str, Dict[Any, Any]]:
    """Step two, with tracing off: {"types": {name: path}, "sites": {(file, line): path},
    "typeRoots": {name: root}, "siteRoots": {(file, line): root}, "typePathTypes": {name: [type
    names along the path]}, "siteTypes": {(file, line): (type name, tracked)}, "typeReferents":
    {name: the type its weak references point at}}, a root being where the path starts, as data
    (see _root), None with no path. `index` tells the user's code (none: no module is). `extra`:
    more targets (lists of samples) that share the search, such as the owners of new descriptors
    (descriptors.py); their (path, root) pairs are under "extra" and "extraRoots", by position."""
    type_samples, site_samples = samples
    walker = _TypedWalker(own_files, deadline)
    walker.ignore(samples, type_samples, site_samples, *type_samples.values(), *site_samples.values())
    # One search for all: types and sites share its passes over the heap and take turns by the
    # work they were given, so sites still get paths when the types are many.
    targets = [*type_samples.values(), *site_samples.values(), *extra]
    walker.ignore(targets, extra, *extra)
    keys = [("types", "typeRoots", name) for name in type_samples] + [("sites", "siteRoots", place) for place in site_samples]
    keys += [("extra", "extraRoots", number) for number in range(len(extra))]
    result: Dict[str, Dict[Any, Any]] = {
        "types": {},
        "sites": {},
        "typeRoots": {},
        "siteRoots": {},
        "typePathTypes": {},
        "siteTypes": {},
        "typeReferents": {},
        "extra": {},
        "extraRoots": {},
    }
    found = walker.paths(targets)
    # paths() renders a path for every target that reached a root, in order: its types follow.
    rendered = iter(walker.path_types)
    for (paths, roots, key), (path, root) in zip(keys, found):
        result[paths][key] = path
        result[roots][key] = _root(root[0], root[1], index, () if paths == "types" else None) if root is not None else None
        types_along = next(rendered, None) if root is not None else None
        if paths == "types" and types_along is not None:
            result["typePathTypes"][key] = types_along
    for name, objs in type_samples.items():
        referent = weak_referent_type(objs)
        if referent is not None:
            result["typeReferents"][name] = referent
    for place, objs in site_samples.items():
        kind = object_type(objs)
        if kind is not None:
            result["siteTypes"][place] = kind
    return result


def describe_site(site: Site, key: Stack, paths: Dict[str, Dict[Any, Any]], index: CodeIndex) -> None:
    """Adds to a reported site what explain found for it: its retention path and root (with the
    user line that inserts into the root, preferring one in a function on the site's stack),
    and the type of what it leaks."""
    place = key[0]
    site["retainedBy"] = paths["sites"].get(place, NO_PATH)
    found: Optional[Root] = paths["siteRoots"].get(place)
    root: Optional[Root] = None
    if found is not None:
        root = {"label": found["label"], "module": found["module"], "userCode": found["userCode"]}
        inserted = _insertion(found["label"], found["module"], scenario_frames(key), index) if found["userCode"] else None
        if inserted is not None:
            root["insertedAt"] = inserted
    site["retainedByRoot"] = root
    kind = paths["siteTypes"].get(place)
    site["objectType"] = kind[0] if kind is not None else None
    site["objectTracked"] = kind[1] if kind is not None else None
    site["objectBytes"] = kind[2] if kind is not None else None


def _insertion(label: str, module: Optional[str], stack: Sequence[Tuple[str, int]], index: CodeIndex) -> Optional[Frame]:
    """The user line that writes into a root's container (insertion.py), as a frame; None when
    not found or not a module global or class attribute of the user's code."""
    filename = getattr(sys.modules.get(module), "__file__", None) if module else None
    if not isinstance(filename, str) or not index.is_user_code(filename):
        return None
    path = os.path.abspath(filename)
    frames = [(os.path.abspath(f), line) for f, line in stack]
    found = inserted_at(path, label, module or "", frames, lambda _file, line: index.function_at(filename, line))
    return index.frame(filename, found[0]) if found is not None else None


def _root(label: str, module: Optional[str], index: Optional[CodeIndex], stack: Optional[Sequence[Tuple[str, int]]] = None) -> Root:
    """A path's root as the report keeps it: its label, the module that owns it, and whether
    that module's file is the user's code (as frames tell it: under the scenario's directory,
    outside site-packages, dist-packages and the standard library); with a `stack` (() for a
    type's), also the user line that inserts into it (sites get theirs in describe_site)."""
    filename = getattr(sys.modules.get(module), "__file__", None) if module else None
    user = bool(index is not None and isinstance(filename, str) and index.is_user_code(filename))
    root: Root = {"label": label, "module": module, "userCode": user}
    inserted = _insertion(label, module, stack, index) if stack is not None and user and index is not None else None
    if inserted is not None:
        root["insertedAt"] = inserted
    return root
