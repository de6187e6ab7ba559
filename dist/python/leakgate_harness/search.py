"""One breadth-first search up the referrers for every target at once (walk.Walker names the
roots and puts a path in words).

A pass of gc.get_referrers walks the whole heap, whatever it looks for: on a big heap (Django's
test client) it is what a walk costs. So the targets share their passes: one pass looks for up
to REFERRERS_PER_PASS frontier objects of any targets, each object once however many searches
reached it. Every sample of every target is still a search of its own (its own nodes, its own
path, as if it were walked alone); only the passes are shared.

A target takes the path of its first sample that reaches a root, as if its samples were walked
one after the other: a later sample's root waits for the earlier samples to reach theirs or to
run out of depth, of nodes or of referrers; the samples after it stop. Targets take turns by
the work they were given (frontier objects looked for), fewest first: one whose frontier blows
up does not starve the others before the deadline.
"""
from __future__ import annotations

import gc
import time
import types

TYPE_CHECKING = False
if TYPE_CHECKING:  # for pyright only: no typing at run time (see __init__.py)
    from typing import Any, Dict, List, Optional, Sequence, Set, Tuple
    from .walk import Walker
    # A root reached: (id of the root, its label and kind from Walker.root_label, the search's
    # {id(referrer): id(what it refers to)}, which leads from the root down to the sample, id of the sample).
    Found = Tuple[int, Tuple[str, str], Dict[int, int], int]

MAX_DEPTH = 12
MAX_REFERRERS_PER_NODE = 2000
MAX_NODES = 20000
# Objects looked for in one pass of gc.get_referrers: it compares every edge of the heap with
# each of them, so a pass over a large frontier is split.
REFERRERS_PER_PASS = 64


class _Search:
    """One sample's breadth-first search, in ids only: nothing here keeps an object alive, or
    shows up among an object's referrers."""

    __slots__ = ("target", "sample", "child_of", "frontier", "found", "alive", "hit")

    def __init__(self, target: int, sample: int) -> None:
        self.target = target
        self.sample = sample
        self.child_of: Dict[int, int] = {}  # id(referrer) -> id(what it refers to)
        self.frontier: List[int] = [sample]
        self.found: List[int] = []  # the next level, in the order a lone walk finds it
        self.alive = True
        self.hit: Optional[Tuple[int, Tuple[str, str]]] = None  # (id of the first root reached, its label and kind)


def search_roots(walker: Walker, targets: Sequence[Sequence[Any]], deadline: float) -> Tuple[List[Optional[Found]], Dict[int, Any]]:
    """For each target (a list of sample objects, likeliest first) the first root above one of
    its samples, or None within the bounds; and {id: object} of every node seen, which the
    caller needs to put a path in words (and drops afterwards)."""
    objects: Dict[int, Any] = {}  # every node of every search: it keeps their ids valid
    searches: List[_Search] = []
    by_target: List[List[_Search]] = []
    pending: List[List[Tuple[_Search, int]]] = []  # per target: its level's nodes not looked for yet
    depth: List[int] = []
    work: List[int] = []
    results: List[Optional[Found]] = []
    done: List[bool] = []
    roots: Dict[int, Optional[Tuple[str, str]]] = {}
    walker.ignore(objects, searches, by_target, pending, roots)
    for number in range(len(targets)):
        # No local names a sample: a frame is an object too (on 3.9 and 3.10 always).
        objects.update((id(sample), sample) for sample in targets[number])
        mine = [_Search(number, id(sample)) for sample in targets[number]]
        searches.extend(mine)
        by_target.append(mine)
        pending.append([(search, search.sample) for search in mine])
        depth.append(0)
        work.append(0)
        results.append(None)
        done.append(not mine)

    def root_of(oid: int) -> Optional[Tuple[str, str]]:
        if oid not in roots:
            roots[oid] = walker.root_label(objects[oid])
        return roots[oid]

    def next_level(target: int) -> None:
        """The target's level is looked for: the next one's roots, then the level to look for."""
        depth[target] += 1
        for search in by_target[target]:
            if search.alive and search.hit is None:
                search.frontier, search.found = search.found, []
                for oid in search.frontier:
                    root = root_of(oid)
                    if root is not None:
                        search.hit = (oid, root)
                        break
        # As when each sample is walked alone, one after the other: the first sample with a path
        # wins, so a later sample's root waits for the earlier samples to find theirs or give up.
        queue: List[Tuple[_Search, int]] = []
        for search in by_target[target]:
            if search.hit is not None:
                if not queue:
                    finish(target, search)
                    return
                break  # the samples after it cannot win
            # The deepest level is only looked at: its referrers could not be.
            if search.alive and depth[target] < MAX_DEPTH - 1:
                queue.extend((search, oid) for oid in search.frontier)
        pending[target] = queue
        done[target] = not queue

    def finish(target: int, search: _Search) -> None:
        hit = search.hit
        if hit is not None:
            results[target] = (hit[0], hit[1], search.child_of, search.sample)
        done[target] = True

    while time.perf_counter() < deadline:
        waiting = sorted((work[number], number) for number in range(len(targets)) if not done[number])
        if not waiting:
            break
        batch = _take_batch(waiting, pending, work)
        _pass(walker, batch, objects)
        del batch
        for search in searches:
            if search.alive and len(search.child_of) >= MAX_NODES:
                search.alive = False  # as a lone walk, it gives up: the target's other samples go on
                pending[search.target] = [(other, oid) for other, oid in pending[search.target] if other is not search]
        for number in range(len(targets)):
            if not done[number] and not pending[number]:
                next_level(number)
    # Out of time: a target whose earlier samples were still being walked takes the first root found.
    for number in range(len(targets)):
        if not done[number]:
            finish(number, next((search for search in by_target[number] if search.hit is not None), by_target[number][0]))
    return results, objects


def _take_batch(waiting: List[Tuple[int, int]], pending: List[List[Tuple[_Search, int]]], work: List[int]) -> Dict[int, List[_Search]]:
    """The objects of one pass, {id: the searches looking for it} in the order taken: the
    pending nodes of the targets given the least work so far, up to REFERRERS_PER_PASS objects
    (a node another search already looks for rides along for free)."""
    batch: Dict[int, List[_Search]] = {}
    for _, number in waiting:
        queue = pending[number]
        taken = 0
        for search, oid in queue:
            if oid not in batch:
                if len(batch) >= REFERRERS_PER_PASS:
                    break
                batch[oid] = []
            batch[oid].append(search)
            taken += 1
        del queue[:taken]
        work[number] += taken
        if len(batch) >= REFERRERS_PER_PASS:
            break
    return batch


def _pass(walker: Walker, batch: Dict[int, List[_Search]], objects: Dict[int, Any]) -> None:
    """One pass of gc.get_referrers for the batch's objects: each search gets the referrers of
    its own objects, as the next level it found, in the heap's order (then the untracked
    containers that hold them), each referrer under the first of its objects it refers to."""
    wanted: Dict[_Search, Set[int]] = {}  # per search, its objects in this pass
    for oid, looking in batch.items():
        for search in looking:
            wanted.setdefault(search, set()).add(oid)
    chunk = [objects[oid] for oid in batch]
    per_node: Dict[Tuple[_Search, int], int] = {}
    ignored = walker.ignored
    walker.ignore(wanted, chunk, per_node, *wanted.values())
    # The call's own argument tuple holds the objects too (it is seen on 3.13): a fresh sentinel
    # at its head tells it from a tuple of the program's.
    sentinel = object()
    referrers = gc.get_referrers(sentinel, *chunk)
    walker.ignore(referrers)
    count = len(referrers)
    # Containers the GC does not track that hold an untracked object: only its searches see them.
    extra: List[Tuple[int, Any]] = []
    walker.ignore(extra)
    for oid, obj in zip(batch, chunk):
        if not gc.is_tracked(obj):
            extra.extend((oid, holder) for holder in walker.untracked_referrers(obj))
    own = walker.own_files
    frames = walker.thread_frames
    for position in range(count + len(extra)):
        referrer = referrers[position] if position < count else extra[position - count][1]
        rid = id(referrer)
        if rid in ignored:
            continue
        if isinstance(referrer, types.FrameType) and referrer.f_code.co_filename in own and rid not in frames:
            continue
        if type(referrer) is tuple and referrer and referrer[0] is sentinel:
            continue
        if position < count:
            # What it refers to among the pass's objects, in its own order: each search takes the first of its own.
            held_by: Dict[_Search, int] = {}
            for referent in gc.get_referents(referrer):
                looking = batch.get(id(referent))
                for search in looking or ():
                    held_by.setdefault(search, id(referent))
        else:
            held_by = {}
            for search in batch[extra[position - count][0]]:
                held = walker.held(referrer, wanted[search])
                if held is not None:
                    held_by[search] = held
        for search, held in held_by.items():
            if rid == search.sample or rid in search.child_of or per_node.get((search, held), 0) >= MAX_REFERRERS_PER_NODE:
                continue
            per_node[(search, held)] = per_node.get((search, held), 0) + 1
            search.child_of[rid] = held
            search.found.append(rid)
            objects[rid] = referrer
        del held_by, referrer
    del referrers, chunk, extra, sentinel
