"""A tiny Django 3.2+ site shared by the two scenarios of this example: settings configured in
the module (no project, no database, no middleware), and one view that serves a bounded cache
(at most 64 entries): the application itself does not leak."""
import django
from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="example-only-" + "x" * 40,
        ROOT_URLCONF=__name__,
        ALLOWED_HOSTS=["*"],
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        DATABASES={},
        USE_TZ=True,
    )
    django.setup()

from collections import OrderedDict  # noqa: E402

from django.http import JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402

MAX_ENTRIES = 64
_cache = OrderedDict()
_requests = [0]


def item(request, n):
    key = n % 100
    if key in _cache:
        _cache.move_to_end(key)
    else:
        _cache[key] = {"n": key, "payload": "x" * 200}
        if len(_cache) > MAX_ENTRIES:
            _cache.popitem(last=False)
    return JsonResponse(_cache[key])


urlpatterns = [path("item/<int:n>", item)]


def next_path():
    """The path of the next request: /item/1, /item/2, … (the cache sees 100 keys)."""
    _requests[0] += 1
    return "/item/%d" % _requests[0]
