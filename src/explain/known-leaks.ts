/**
 * Known leaks in third-party libraries and CPython, as data (issue 14, item 3). Growth that one
 * of these recognises is reported as a "known library leak" with its workaround, and does not
 * fail the run unless failOnKnownLeaks is set.
 *
 * An entry is recognised only when all of these hold for at least one growing type:
 *  - the type is one of `types`;
 *  - what holds it starts with `holder` (its retention path, or the label of its root);
 *  - its allocation traceback (TypeReport.frames, innermost first) has, for every group of
 *    `frames`, a frame matching one of the group's `path-suffix:function` patterns.
 * It then explains every growing type of `types` held under `holder`, and the growing sites
 * whose frames match every group, that are held under `holder`, or that were allocated inside
 * the library (`package`) from the user's line the recognised types were allocated from.
 *
 * To propose an entry: a scenario that reproduces it (under `examples/` or `__tests__/fixtures/`),
 * the versions you checked it with, and a link to the upstream issue; a test in
 * __tests__/explain*.test.ts that runs it. Bump KNOWN_LEAKS_VERSION with every change.
 */

/** The list's version, bumped with every entry added, changed or removed; reports name it. */
export const KNOWN_LEAKS_VERSION = 1;

export interface KnownLeak {
  /** Stable, kebab-case: reports and suppressions name it. */
  id: string;
  /** The library as people call it: "Django". */
  library: string;
  /** Its top-level package as frames show it (`django` for `…/django/dispatch/dispatcher.py`). */
  package: string;
  /** What leaks, in a few words: "Django's test client". */
  title: string;
  versions: {
    /** The range it applies to, as far as it is known. */
    range: string;
    /** The versions it was checked with, by running its example. */
    checked: string[];
  };
  /** Growing types it explains (qualified names as reports write them). */
  types: string[];
  /** The start of the retention path of those types. */
  holder: string;
  /** Groups of `path-suffix:function` patterns; each group needs one matching allocation frame. */
  frames: string[][];
  explanation: string;
  workaround: string;
  /** The upstream issue, or, when none could be found, the upstream source lines at a release tag. */
  link: string;
  linkKind: 'issue' | 'source';
  /** The test scenario that reproduces it (a path in this repository). */
  example: string;
}

export const KNOWN_LEAKS: readonly KnownLeak[] = [
  {
    id: 'django-test-client-signal-finalizers',
    library: 'Django',
    package: 'django',
    title: "Django's test client",
    versions: {
      range:
        'Django versions whose Signal.connect(weak=True) registers a weakref.finalize on every call (3.2 does; ' +
        'the upstream fix is ticket #36939, its first release not checked offline)',
      checked: ['3.2.25 (Debian 12 python3-django)'],
    },
    types: ['weakref.finalize', 'weakref.finalize._Info', 'weakref.ReferenceType', 'method'],
    holder: 'weakref.finalize._registry',
    frames: [
      ['django/dispatch/dispatcher.py:Signal.connect'],
      [
        'django/test/client.py:ClientHandler.__call__',
        'django/test/client.py:AsyncClientHandler.__call__',
        'django/test/client.py:Client.request',
        'django/test/client.py:AsyncClient.request',
        'django/test/client.py:closing_iterator_wrapper',
      ],
    ],
    explanation:
      "Django's Signal.connect(weak=True) registers a weakref.finalize on the receiver on every call, even when it is already " +
      "connected, and disconnect() never removes it. The test client's handler disconnects and reconnects " +
      'django.db.close_old_connections (a module-level function that never dies) on every request, and Client.request connects ' +
      'its own store_exc_info: those finalizers can never fire, so weakref.finalize._registry grows by 2 per request with a fresh ' +
      'Client, 3 with a reused one. The growth is in the test client; a real WSGI server does not do this.',
    workaround:
      'call the application through its WSGI handler instead of django.test.Client: ' +
      'handler = django.core.handlers.wsgi.WSGIHandler() (or django.core.wsgi.get_wsgi_application()), then ' +
      'b"".join(handler(environ, start_response)); or build requests with RequestFactory and run them with ' +
      'WSGIHandler().get_response(request). Reusing one Client does not help.',
    link: 'https://code.djangoproject.com/ticket/36939',
    linkKind: 'issue',
    example: 'examples/django_test_client/leaky_client.py',
  },
];
