"""A known library leak (issue 14): a bounded cache served through Django's test Client (needs
python3-django 3.2, so bench/run.mjs runs it with /usr/bin/python3). The user code is clean;
the growth is inside Django 3.2: each request through django.test.Client reconnects signal
receivers, and each weak connect of an immortal receiver adds a weakref.finalize that is never
collected (FINDINGS 3.2 of issue 14). Expected: leakgate passes by default and reports the
known library leak with its workaround.
"""
# The known-leak entry (src/explain/known-leaks.ts) the report must list: bench/run.mjs checks it.
# leakgate: known-leak django-test-client-signal-finalizers
from collections import OrderedDict

import django
from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="x" * 50,
        ROOT_URLCONF=__name__,
        ALLOWED_HOSTS=["*"],
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        DATABASES={},
        USE_TZ=True,
    )
    django.setup()

from django.http import JsonResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import path  # noqa: E402

_cache = OrderedDict()
_counter = [0]


def item(request, n):
    # A bounded LRU cache: at most 64 of 100 keys, the oldest evicted.
    key = n % 100
    if key in _cache:
        _cache.move_to_end(key)
    else:
        _cache[key] = {"n": key, "payload": "x" * 200}
        if len(_cache) > 64:
            _cache.popitem(last=False)
    return JsonResponse(_cache[key])


urlpatterns = [path("item/<int:n>", item)]


def cycle():
    _counter[0] += 1
    response = Client().get("/item/%d" % _counter[0])
    assert response.status_code == 200, response.status_code
