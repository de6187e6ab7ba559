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
import sys
import time
import tracemalloc

from .census import type_name
from .sites import scenario_frames
from .walk import NO_PATH, Walker

TYPE_CHECKING = False
if TYPE_CHECKING:  # for pyright only: no typing at run time (see __init__.py)
    from typing import Any, Callable, Dict, FrozenSet, Iterable, Iterator, List, Optional, Sequence, Set, Tuple
    from .attribution import CodeIndex
    from .records import Root
    from .sites import Stack
    # A site's innermost frame: (file, line).
    Place = Tuple[str, int]
    # What window_baseline returns: (ids of the growing types' live objects, {id: length} of long containers).
    Baseline = Tuple[Set[int], Dict[int, int]]
    # What collect_samples returns: (samples by type name, samples by site).
    Samples = Tuple[Dict[str, List[Any]], Dict[Place, List[Any]]]

__all__ = ["NO_PATH", "allocation_stacks", "collect_samples", "explain", "window_baseline"]

SAMPLES_PER_TARGET = 3
# Containers at least this long are searched for untracked objects a site allocated.
LONG_CONTAINER = 16
# The containers that grew most during the window, and how many of their newest items, are
# where samples of a site are looked for first.
GROWN_CONTAINERS = 32
NEWEST_ITEMS = 16
# The last resort, a scan of every long container for a site's objects, stops after this long.
FALLBACK_SCAN_SECONDS = 0.05


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
        if type(obj) in containers and len(obj) >= LONG_CONTAINER // 2:
            lengths[id(obj)] = len(obj)
        if wanted_name(obj) is not None:
            ids.add(id(obj))
    return ids, lengths


_CONTAINERS = frozenset((list, dict, set))


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
        if type(obj) in containers and id(obj) not in own:
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


def explain(
    samples: Samples, own_files: FrozenSet[str], deadline: float, index: Optional[CodeIndex] = None, extra: Sequence[List[Any]] = ()
) -> Dict[str, Dict[Any, Any]]:
    """Step two, with tracing off: {"types": {name: path}, "sites": {(file, line): path},
    "typeRoots": {name: root}, "siteRoots": {(file, line): root}}, a root being where the path
    starts, as data (see _root), None with no path. `index` tells the user's code (none: no
    module is). `extra`: more targets (lists of samples) that share the search, such as the
    owners of new descriptors (descriptors.py); their (path, root) pairs are under "extra", by position."""
    type_samples, site_samples = samples
    walker = Walker(own_files, deadline)
    walker.ignore(samples, type_samples, site_samples, *type_samples.values(), *site_samples.values())
    # One search for all: types and sites share its passes over the heap and take turns by the
    # work they were given, so sites still get paths when the types are many.
    targets = [*type_samples.values(), *site_samples.values(), *extra]
    walker.ignore(targets, extra, *extra)
    keys = [("types", "typeRoots", name) for name in type_samples] + [("sites", "siteRoots", place) for place in site_samples]
    keys += [("extra", "extraRoots", number) for number in range(len(extra))]
    result: Dict[str, Dict[Any, Any]] = {"types": {}, "sites": {}, "typeRoots": {}, "siteRoots": {}, "extra": {}, "extraRoots": {}}
    for (paths, roots, key), (path, root) in zip(keys, walker.paths(targets)):
        result[paths][key] = path
        result[roots][key] = _root(root[0], root[1], index) if root is not None else None
    return result


def _root(label: str, module: Optional[str], index: Optional[CodeIndex]) -> Root:
    """A path's root as the report keeps it: its label, the module that owns it, and whether
    that module's file is the user's code (as frames tell it: under the scenario's directory,
    outside site-packages, dist-packages and the standard library)."""
    filename = getattr(sys.modules.get(module), "__file__", None) if module else None
    user = bool(index is not None and isinstance(filename, str) and index.is_user_code(filename))
    return {"label": label, "module": module, "userCode": user}

