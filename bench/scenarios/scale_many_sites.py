"""Python leak, scale: 20,000 distinct allocation sites that all grow, and one bigger leak.

At import, a module of 20,000 one-line functions is written to a temporary folder and
imported (removed at exit): each function keeps a 64-byte bytearray a cycle in a list of its
own, so each is a site of its own that grows by two blocks a cycle. cycle() calls them all,
then keeps 64 KiB on the marked line, which must still come first. Measures what grouping
the traced window's allocations costs when there are many sites (issue 11: 128 s for 23
cycles before; a bare cycle takes ~10 ms)."""
import atexit
import importlib.util
import os
import shutil
import tempfile

SITES = 20_000

_folder = tempfile.mkdtemp(prefix="leakgate-many-sites-")
atexit.register(shutil.rmtree, _folder, True)
_path = os.path.join(_folder, "many_sites_generated.py")
with open(_path, "w") as _handle:
    _handle.write("KEPT = [[] for _ in range(%d)]\n" % SITES)
    _handle.writelines("def site_%d(): KEPT[%d].append(bytearray(64))\n" % (i, i) for i in range(SITES))
    _handle.write("SITES = [%s]\n" % ", ".join("site_%d" % i for i in range(SITES)))
_spec = importlib.util.spec_from_file_location("many_sites_generated", _path)
_generated = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_generated)

_sites = _generated.SITES
_leaked = []


def cycle():
    for site in _sites:
        site()
    _leaked.append(bytearray(65536))  # leakgate: leak-site
