"""The records the harness writes, one JSON object a line (src/harness/records.ts reads them).

Each record has "t", its kind. TypedDicts, not classes: a record is written as it is built.
For pyright only: the other modules import this one under `if TYPE_CHECKING:`, never at run time."""
from __future__ import annotations

from typing import Dict, List, Literal, Optional, TypedDict


class Hello(TypedDict):
    t: Literal["hello"]
    python: str
    implementation: str
    platform: str
    notes: List[str]


class Loaded(TypedDict):
    """The scenario imported, and its cycle found."""

    t: Literal["loaded"]


class Reading(TypedDict):
    """The process-wide signals after gc.collect(); None where this platform cannot tell."""

    blocks: Optional[float]
    rssBytes: Optional[float]
    fds: Optional[float]
    heapBytes: Optional[float]


class Frame(TypedDict):
    file: str
    line: int
    function: str
    code: str
    userCode: bool


class _SiteBase(TypedDict):
    frames: List[Frame]
    complete: bool  # the stack was seen whole (a stack cut by --frames may hide the user's frame)
    bytes: List[int]  # live bytes at each snapshot of the window
    counts: List[int]  # live blocks at each snapshot


class _RootBase(TypedDict):
    """Where a retention path starts: its label, the module that owns it, and whether that
    module is the user's code."""

    label: str
    module: Optional[str]
    userCode: bool


class Root(_RootBase, total=False):
    insertedAt: Optional[Frame]  # the user line that writes into the root's container (insertion.py)


class Site(_SiteBase, total=False):
    retainedBy: str
    retainedByRoot: Optional[Root]
    objectType: Optional[str]  # the type most common among the site's retention samples
    objectTracked: Optional[bool]  # whether the GC tracks those objects (bytes and str it does not)
    objectBytes: Optional[int]  # their mean sys.getsizeof


class FdOwner(TypedDict):
    """A group of descriptors the traced window opened and left open: what they point at, the
    type of the objects that own them (None: no object does), where they were opened, what holds them."""

    kind: str  # socket, pipe, file, selector or other
    target: str
    count: int
    objectType: Optional[str]
    frames: List[Frame]
    retainedBy: Optional[str]
    retainedByRoot: Optional[Root]


class _TraceBase(TypedDict):
    t: Literal["trace"]
    frames: int
    cycles: int
    checkpointCycles: List[int]
    tracedBytes: List[int]
    sites: List[Site]
    typeRetention: Dict[str, str]
    typeRetainedByRoot: Dict[str, Optional[Root]]
    typeFrames: Dict[str, List[Frame]]  # where a sample of each growing type was allocated, most recent call first
    typePathTypes: Dict[str, List[str]]  # the type names along each type's retention path, root first
    typeReferents: Dict[str, str]  # for weak reference types, the type their samples point at
    retentionSeconds: float
    seconds: float


class Trace(_TraceBase, total=False):
    fdOwners: List[FdOwner]  # only when the window watched descriptors


class NativeCall(TypedDict):
    """A user line that called native code in the profiled cycles (native.py)."""

    callee: str  # "ctypes libc.malloc", "zlib.decompress"
    module: str  # "ctypes", "zlib"
    file: str
    line: int
    function: str
    code: str
    calls: int  # over the profiled cycles
    heapBytesPerCycle: Optional[float]  # how the malloc heap moved across these calls, per cycle; None when not read


class NativeProfile(TypedDict):
    t: Literal["native"]
    cycles: int
    method: str
    heapMeasured: bool
    sites: int  # sites found, before the cut to the reported ones
    droppedCalls: int  # calls not tallied: the table of sites was full
    calls: List[NativeCall]
    seconds: float


class CodePlace(TypedDict):
    file: str
    line: int
    function: str


class LeftThread(TypedDict):
    name: str
    startedAt: Optional[CodePlace]
    target: Optional[CodePlace]
    runningAt: Optional[CodePlace]


class ErrorRecord(TypedDict, total=False):
    """What failed in the scenario ("kind" and "message" always; the rest by kind)."""

    kind: str
    message: str
    path: str
    line: Optional[int]
    text: str
    module: str
    function: str
    candidates: List[str]
    exception: str
    code: object
    phase: str
    traceback: str
