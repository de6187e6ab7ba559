from __future__ import annotations

import json
from typing import Iterator

import pytest

from _service import REQUEST


@pytest.fixture(scope="module")
def request_body() -> Iterator[str]:
    """The request document, built once per module: set up before leakgate's warm-up."""
    yield REQUEST


@pytest.fixture
def decoded(request_body: str) -> Iterator[dict]:
    """A function-scoped fixture, set up and torn down in every cycle."""
    doc = json.loads(request_body)
    yield doc
    doc.clear()
