"""File descriptor leak, fixed: the descriptor returned by os.open() is
closed in a finally block, so the open-descriptor count stays constant.
(In application code, `with open(...)` does this for you.)
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile

_tmpdir = ""
_config_path = ""


def setup() -> None:
    global _tmpdir, _config_path
    _tmpdir = tempfile.mkdtemp(prefix="leakgate-fd-")
    _config_path = os.path.join(_tmpdir, "config.json")
    with open(_config_path, "w") as f:
        json.dump({"timeout": 30, "retries": 3, "region": "eu-west-1"}, f)


def teardown() -> None:
    shutil.rmtree(_tmpdir, ignore_errors=True)


def cycle() -> None:
    fd = os.open(_config_path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        config = json.loads(os.read(fd, 4096))
    finally:
        os.close(fd)
    reply = json.dumps({"status": "ok", "timeout": config["timeout"]})
    assert json.loads(reply)["timeout"] == 30
