/**
 * Retention paths: what keeps leaked objects alive, from a root people recognise, in words.
 * A real python3 walks real referrers; the examples are checked end to end through the CLI.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { childEnv, leakgate, ROOT } from './helpers/cli.js';

const HARNESS = join(ROOT, 'src', 'harness', 'python');

describe('each kind of root is named as people name it', () => {
  const { paths, roots } = JSON.parse(
    execFileSync('python3', [join(ROOT, '__tests__', 'fixtures', 'retention', 'roots.py'), HARNESS], { encoding: 'utf8', env: childEnv() }),
  ) as { paths: Record<string, string>; roots: Record<string, unknown> };
  // `root` is where the path starts, as data; the fixture's own file is the user's code, its made-up app.* modules have no file.
  it.each([
    {
      root: 'a module global',
      type: 'app.cache.User',
      path: 'app.cache._cache (dict) → [key 1041] → app.cache.User',
      data: { label: 'app.cache._cache', module: 'app.cache', userCode: false },
    },
    {
      root: "a logger's handlers",
      type: '__main__.Handler',
      path: "logging.getLogger('app.requests').handlers (list) → [0] → __main__.Handler",
      data: { label: "logging.getLogger('app.requests').handlers", module: 'logging', userCode: false },
    },
    {
      root: 'a class attribute',
      type: 'app.events.Listener',
      path: 'app.events.Registry.listeners (list) → [0] → app.events.Listener',
      data: { label: 'app.events.Registry.listeners', module: 'app.events', userCode: false },
    },
    {
      root: 'a functools cache',
      type: '__main__.Job',
      path: 'functools cache of __main__.price → [key 7] → __main__.Job',
      data: { label: 'functools cache of __main__.price', module: '__main__', userCode: true },
    },
    {
      root: 'a threading.local',
      type: '__main__.Local',
      path: "threading.local → [a thread's storage] (dict) → [key 'items'] (list) → [0] → __main__.Local",
      data: { label: 'threading.local', module: '__main__', userCode: true },
    },
    {
      root: 'an asyncio task',
      type: '__main__.Request',
      path: 'asyncio task main.<locals>.hang',
      data: { label: 'asyncio task main.<locals>.hang', module: '__main__', userCode: true },
    },
    { root: 'nothing within the depth limit', type: '__main__.Deep', path: 'no path found within limits', data: null },
  ])('$root', ({ type, path, data }) => {
    expect(paths[type]).toContain(path);
    expect(roots[type]).toEqual(data);
  });
});

describe('the examples say what holds their leak', () => {
  it.each([
    { example: 'unbounded_cache', where: 'site', path: "leaky._response_cache (dict) → [key 'req-" },
    { example: 'listeners', where: 'type', path: 'leaky.bus (leaky.EventBus)._subscribers (list)' },
    { example: 'closures', where: 'type', path: 'leaky._pending_retries (dict)' },
    // A one-cell closure tuple looks like gc.get_referrers' own argument tuple: it must not be skipped.
    { example: 'closures', where: 'site', path: '__closure__ (tuple) → [0] (cell) → closure cell → bytes' },
    { example: 'finalizer_resurrection', where: 'type', path: 'leaky._flush_later (list)' },
    { example: 'asyncio_tasks', where: 'type', path: 'asyncio task watch_for_cancel' },
    { example: 'thread_local', where: 'site', path: "threading.local → [a thread's storage] (dict) → [key 'audit'] (list)" },
  ])('$example: its $where is held by $path…', async ({ example, where, path }) => {
    const result = await leakgate(['run', `examples/${example}/leaky.py`]);
    const scenario = result.report!.scenarios[0];
    const found = where === 'site' ? scenario.sites[0].retainedBy : scenario.types.map((t) => t.retainedBy).find((p) => p?.includes(path));
    expect(found).toContain(path);
    expect(result.stdout).toContain('held by:');
  });
});

describe('what a cache keeps as keys is explained too', () => {
  it('unbounded_cache: the request ids kept as keys of a dict of strings and bytes (which the GC does not track) are held by the dict', async () => {
    const result = await leakgate(['run', 'examples/unbounded_cache/leaky.py']);
    const paths = result.report!.scenarios[0].sites.map((site) => site.retainedBy);
    expect(paths).toContain('leaky._response_cache (dict) → [a key] → str');
  });
});

describe('one search for every target (search.py): the targets share its passes over the heap', () => {
  /** The fixture's case, run by a real python3: its JSON. */
  const shared = (which: string) =>
    JSON.parse(
      execFileSync('python3', [join(ROOT, '__tests__', 'fixtures', 'retention', 'shared.py'), HARNESS, which], { encoding: 'utf8', env: childEnv() }),
    ) as Record<string, Record<string, string>>;

  it('targets whose samples share their holders get, walked together, the paths each gets walked alone', () => {
    const { together, alone } = shared('together');
    expect(together).toEqual({
      '__main__.Order': '__main__.book (list) → [0] (__main__.Line).order → __main__.Order',
      '__main__.Line': '__main__.book (list) → [0] → __main__.Line',
      '__main__.Payment': '__main__.book (list) → [3] → __main__.Payment',
      'shared.py:1': "__main__.receipts (dict) → [key 'r-0'] → bytes",
    });
    expect(alone).toEqual(together);
  });

  it("a target's path starts from its first sample that has one, as when its samples were walked one after the other", () => {
    const { paths } = shared('first');
    // Both samples reach a root at the same level: the first one's path.
    expect(paths.Tie).toBe('__main__.first_holder (list) → [0] → __main__.Tie');
    // The first sample is three lists deep, the second one list: the first one's path still.
    expect(paths.Deep).toBe('__main__.deep_holder (list) → [0] (list) → [0] (list) → [0] → __main__.Order');
    // The first sample reaches no root: the second one's path.
    expect(paths.Lone).toBe('__main__.book (list) → [3] → __main__.Payment');
  });

  it('a type whose referrers fan out to 60000 objects that reach no root, listed first, leaves the other types and the site their paths within 3 s', () => {
    // Walked one after the other, that type took the types' half of the time and left the
    // others none. Taking turns, the others need a few passes (well under a second, even on a
    // loaded machine), their first ones.
    const { paths } = shared('fair');
    expect(paths).toEqual({
      '__main__.Fanout': 'no path found within limits',
      '__main__.Order': '__main__.book (list) → [0] (__main__.Line).order → __main__.Order',
      '__main__.Line': '__main__.book (list) → [0] → __main__.Line',
      '__main__.Payment': '__main__.book (list) → [3] → __main__.Payment',
      '__main__.Tie': '__main__.first_holder (list) → [0] → __main__.Tie',
      'shared.py:1': "__main__.receipts (dict) → [key 'r-0'] → bytes",
    });
  });
});
