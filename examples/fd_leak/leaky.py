"""File descriptor leak: each request reads a config file with os.open() and
os.read() but never calls os.close(). Only the integer descriptor is
dropped, so no Python object grows, yet the process's open-descriptor count
climbs by one per request until it hits the ulimit ("Too many open files").
The clean twin closes the descriptor in a finally block.
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
    config = json.loads(os.read(fd, 4096))
    reply = json.dumps({"status": "ok", "timeout": config["timeout"]})
    assert json.loads(reply)["timeout"] == 30  # ...and fd is never closed
