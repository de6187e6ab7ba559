"""The traced window's allocation sites: their live bytes and blocks at each snapshot, which of
them grew, and how the report shows them."""
from __future__ import annotations

import array
import collections
import itertools
import operator
import tracemalloc

from .attribution import CodeIndex
from .own import is_harness_file

TYPE_CHECKING = False
if TYPE_CHECKING:  # for pyright only: no typing at run time (see __init__.py)
    from typing import Any, Dict, FrozenSet, Iterator, List, Optional, Set, Tuple
    from .records import Site
    # A site's stack: (file, line) frames, most recent first.
    Stack = Tuple[Tuple[str, int], ...]


def site_totals(snapshot: Any) -> Tuple[Dict[Stack, int], Dict[Stack, int]]:
    """Bytes and blocks by site in a tracemalloc snapshot: ({stack: bytes}, {stack: blocks}), a
    stack being a tuple of (file, line) frames, most recent first (what
    Snapshot.statistics("traceback") tells, as plain tuples).

    Why not Snapshot.statistics: it adds each trace's size to a Python int, and while
    tracemalloc runs each of those allocations is traced too, at microseconds each; a scenario
    with 20,000 growing sites spent minutes there (issue 11). Here the snapshot's raw traces,
    (domain, size, stack, frames) tuples that tracemalloc built without tracing them, are
    counted in one C-level pass (as collections.Counter counts: nothing is allocated per trace
    until a value repeats 256 times), and only the distinct ones are added up in Python: a site
    whose blocks have a few sizes costs a few additions."""
    raw = getattr(snapshot.traces, "_traces", None)
    sizes: Dict[Stack, int] = {}
    counts: Dict[Stack, int] = {}
    if not isinstance(raw, list) or (
        raw and not (isinstance(raw[0], tuple) and len(raw[0]) >= 3 and isinstance(raw[0][1], int) and isinstance(raw[0][2], tuple))
    ):
        # Another layout than CPython 3.9-3.14's: the public, slower way.
        for stat in snapshot.statistics("traceback"):
            key = tuple((frame.filename, frame.lineno) for frame in reversed(stat.traceback))
            sizes[key], counts[key] = stat.size, stat.count
        return sizes, counts
    # What collections.Counter(raw) does, without its first step: asking whether raw is a
    # Mapping caches the answer in the ABC, the first time under the tracer, and that
    # allocation outside the harness's files would be a growing site of the scenario's.
    repeats_of: Dict[Any, int] = {}
    count_elements = getattr(collections, "_count_elements", None)
    if count_elements is not None:
        count_elements(repeats_of, raw)
    else:
        repeats_of = collections.Counter(raw)
    for trace, repeats in repeats_of.items():
        size, key = trace[1], trace[2]
        count = counts.get(key)
        if count is None:
            sizes[key] = size * repeats
            counts[key] = repeats
        else:
            sizes[key] += size * repeats
            counts[key] = count + repeats
    return sizes, counts


class SiteSeries:
    """The traced window's allocation sites, with their live bytes and blocks at each snapshot.

    What this holds is traced too, and counted again at every snapshot: so it holds no Python
    object per site and snapshot. The stacks are the snapshot's own tuples (built untraced);
    bytes and blocks are kept in one array per snapshot, aligned with the sites' order (a site
    seen first later has 0 before); whether each site's bytes rose at every snapshot is kept up
    to date, so that deciding walks no history. Per-site work is done by C-level map()s."""

    def __init__(self, own_files: FrozenSet[str]) -> None:
        self.own_files = own_files  # stacks whose most recent frame is here are the harness's
        self.keys: List[Stack] = []  # in the order Snapshot.statistics first listed them (largest first)
        self.known: Set[Stack] = set()
        self.sizes: List["array.array[int]"] = []  # per snapshot: array of bytes, aligned with keys
        self.counts: List["array.array[int]"] = []  # per snapshot: array of blocks, aligned with keys
        self.rising: List[bool] = []  # per site: whether its bytes rose at every snapshot so far
        self.last_sizes: List[int] = []  # the last snapshot's bytes and blocks, as ints
        self.last_counts: List[int] = []
        self.first_counts: List[int] = []  # the first snapshot's blocks, as ints
        self._numbers: Optional[Dict[Stack, int]] = None

    def add(self, sizes: Dict[Stack, int], counts: Dict[Stack, int]) -> int:
        """Add a snapshot's bytes and blocks by stack (see site_totals); returns the bytes of
        the scenario's sites, the window's traced total."""
        position = len(self.sizes)
        own = self.own_files
        # New sites join in the order Snapshot.statistics lists them, as they always did: it
        # breaks ties between sites that grew alike.
        new = sorted(
            (key for key in sizes if key not in self.known and key[0][0] not in own),
            key=lambda key: (sizes[key], counts[key], key[::-1]),
            reverse=True,
        )
        known_before = len(self.keys)
        self.keys.extend(new)
        self.known.update(new)
        now_sizes = list(map(sizes.get, self.keys, itertools.repeat(0)))
        now_counts = list(map(counts.get, self.keys, itertools.repeat(0)))
        if position == 0:
            self.rising = [True] * len(new)  # one value has not fallen
            self.first_counts = now_counts
        else:
            self.rising = list(map(operator.and_, self.rising, map(operator.gt, now_sizes, self.last_sizes)))
            # A site first seen at the second snapshot rose from 0; one seen later had two zeros.
            self.rising += list(map(operator.gt, now_sizes[known_before:], itertools.repeat(0))) if position == 1 else [False] * len(new)
        self.last_sizes, self.last_counts = now_sizes, now_counts
        self.sizes.append(array.array("q", now_sizes))
        self.counts.append(array.array("q", now_counts))
        self._numbers = None
        return sum(now_sizes)

    def grew(self) -> Iterator[bool]:
        """The sites whose blocks grew since the first snapshot (bool per site, in order)."""
        return map(operator.gt, self.last_counts, itertools.chain(self.first_counts, itertools.repeat(0)))

    def rising_keys(self) -> Iterator[Stack]:
        """The sites whose blocks grew and whose bytes rose at every snapshot, in order."""
        return itertools.compress(self.keys, map(operator.and_, self.rising, self.grew()))

    def growth(self) -> Iterator[int]:
        """Bytes gained since the first snapshot, per site in order."""
        return map(operator.sub, self.last_sizes, itertools.chain(self.sizes[0], itertools.repeat(0)))

    def of(self, key: Stack) -> Tuple[List[int], List[int]]:
        """A site's (bytes at each snapshot, blocks at each snapshot), as lists."""
        if self._numbers is None:
            self._numbers = {site: number for number, site in enumerate(self.keys)}
        number = self._numbers[key]
        return [sizes[number] if number < len(sizes) else 0 for sizes in self.sizes], [counts[number] if number < len(counts) else 0 for counts in self.counts]


def grown_keys(series: SiteSeries, max_stacks: int) -> List[Stack]:
    """Keys of the sites whose live bytes and blocks grew over the window, largest growth first."""
    grown = [(growth, key) for key, growth, grew in zip(series.keys, series.growth(), series.grew()) if growth > 0 and grew]
    grown.sort(key=lambda item: item[0], reverse=True)
    return [key for _, key in grown[:max_stacks]]


def scenario_frames(key: Stack) -> List[Tuple[str, int]]:
    """The frames of a site's stack above the harness's own, most recent first."""
    frames: List[Tuple[str, int]] = []
    for filename, line in key:
        if is_harness_file(filename):
            break
        frames.append((filename, line))
    return frames


def render_sites(keys: List[Stack], series: SiteSeries, index: CodeIndex) -> List[Site]:
    """Sites as the report shows them: readable frames, and the window's series."""
    sites: List[Site] = []
    # The window's --frames (tracemalloc keeps it after stop()).
    limit = tracemalloc.get_traceback_limit()
    for key in keys:
        sizes, counts = series.of(key)
        frames = scenario_frames(key)
        # The harness's own frames close every complete stack of the main thread: cut them, and
        # say whether the stack was seen whole (a stack cut by --frames may hide the user's
        # frame). Another thread's stack starts in threading, not here: it is whole when it is
        # shorter than --frames.
        complete = len(frames) < len(key) or len(key) < limit
        sites.append({"frames": [index.frame(filename, line) for filename, line in frames], "complete": complete, "bytes": sizes, "counts": counts})
    return sites
