"""Live objects counted by type: the census at each checkpoint of the measured phase."""
from __future__ import annotations

import collections
import gc

TYPE_CHECKING = False
if TYPE_CHECKING:  # for pyright only: no typing at run time (see __init__.py)
    from typing import Dict


def type_name(kind: type) -> str:
    """A type's qualified name, as the report shows it ("dict", "myapp.models.User")."""
    module = getattr(kind, "__module__", None)
    qualname = getattr(kind, "__qualname__", kind.__name__)
    if module in (None, "builtins"):
        return qualname
    return "%s.%s" % (module, qualname)


def census(max_types: int) -> Dict[str, int]:
    """Live gc-tracked objects counted by qualified type name, the `max_types` most numerous;
    call right after gc.collect()."""
    objects = gc.get_objects()
    by_type = collections.Counter(map(type, objects))
    del objects
    counts: Dict[str, int] = {}
    for kind, count in by_type.most_common(max_types):
        name = type_name(kind)
        counts[name] = counts.get(name, 0) + count
    return counts
