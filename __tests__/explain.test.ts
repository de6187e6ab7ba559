/**
 * The explain stage (src/explain/): known library leaks, growth inside a library, suppressions
 * and the reasons that still stand, over analyses built by hand with the shapes the harness
 * reports (the Django test-client figures are those of /tmp/r14 FINDINGS §2).
 */
import type { GrowthAnalysis } from '../src/analyse/growth.js';
import type { SiteReport, TypeReport } from '../src/analyse/types.js';
import { explainGrowth, staleIgnores } from '../src/explain/explain.js';
import { frameMatches, holderMatches, moduleOfFile } from '../src/explain/match.js';
import { DEFAULT_THRESHOLDS } from '../src/settings/constants.js';
import type { IgnoreEntry } from '../src/settings/types.js';

const DJ = '/usr/lib/python3/dist-packages/django';
const frame = (file: string, line: number, fn: string, userCode = false) => ({ file, line, function: fn, code: '', userCode });
const USER_LINE = frame('django_client.py', 12, 'cycle', true);
const CONNECT_FRAMES = [
  frame(`${DJ}/dispatch/dispatcher.py`, 112, 'Signal.connect'),
  frame(`${DJ}/test/client.py`, 136, 'ClientHandler.__call__'),
  frame(`${DJ}/test/client.py`, 714, 'Client.request'),
  frame(`${DJ}/test/client.py`, 742, 'Client.get'),
  USER_LINE,
];
const WEAKREF_ROOT = { label: 'weakref.finalize._registry', module: 'weakref', userCode: false };

type Extra = { frames?: SiteReport['frames']; retainedByRoot?: { label: string; module: string | null; userCode: boolean } | null };
const type = (name: string, perCycle: number, retainedBy: string | null, extra: Extra = {}): TypeReport =>
  ({ type: name, perCycle, perCycleMargin: 0, count: 100, retainedBy, ...extra }) as TypeReport;
const site = (
  file: string,
  line: number,
  bytes: number,
  count: number,
  frames: SiteReport['frames'],
  retainedBy: string | null,
  userCode = true,
): SiteReport => ({
  file,
  line,
  function: 'f',
  code: '',
  userCode,
  stackComplete: true,
  bytesPerCycle: bytes,
  countPerCycle: count,
  retainedBy,
  retainedByRoot: null,
  frames,
  bytesPerCycleMargin: 0,
  countPerCycleMargin: 0,
});

const held = (what: string) => `weakref.finalize._registry (dict) → [a key] → ${what}`;
const djangoTypes = (frames = CONNECT_FRAMES, root: Extra['retainedByRoot'] = WEAKREF_ROOT) => [
  type('weakref.ReferenceType', 2, held('weakref.ReferenceType'), {
    frames: [frame('/usr/lib/python3.11/weakref.py', 580, 'finalize.__init__'), ...frames],
    retainedByRoot: root,
  }),
  type('method', 2, held('method'), { frames, retainedByRoot: root }),
  type('weakref.finalize', 2, held('weakref.finalize'), { frames, retainedByRoot: root }),
  type('weakref.finalize._Info', 2, held('weakref.finalize._Info'), { frames, retainedByRoot: root }),
];
/** The test client's site: allocated in django/test/client.py from the user's line, no path found. */
const clientSite = () =>
  site(
    'django_client.py',
    12,
    688,
    11,
    [frame(`${DJ}/test/client.py`, 702, 'Client.request'), frame(`${DJ}/test/client.py`, 742, 'Client.get'), USER_LINE],
    'no path found within limits',
  );
/** The bounded cache's artefact: a user-code site of 96 B and 2 blocks a cycle. */
const cacheSite = () =>
  site(
    'django_common.py',
    33,
    96,
    2,
    [frame('django_common.py', 33, 'item', true), frame(`${DJ}/core/handlers/base.py`, 181, 'BaseHandler._get_response')],
    null,
  );

function analysis(parts: Partial<GrowthAnalysis> & Pick<GrowthAnalysis, 'types' | 'sites'>): GrowthAnalysis {
  const types = parts.types;
  return {
    growth: {
      tracedBytesPerCycle: 826,
      tracedBytesPerCycleMargin: 80,
      rssBytesPerCycle: 1500,
      blocksPerCycle: 10.62,
      fdsPerCycle: 0,
      heapBytesPerCycle: 345,
      blocksPerCycleMargin: 0.56,
    },
    kind: 'python',
    reasons: [
      { code: 'traced-grows', bytesPerCycle: 826 },
      { code: 'blocks-grow', blocksPerCycle: 10.62 },
      ...types.slice(0, 3).map((t) => ({ code: 'type-grows' as const, type: t.type, objectsPerCycle: t.perCycle })),
    ],
    notes: [],
    fdTargets: [],
    fdOwners: [],
    confirmation: { cycles: 100, plannedCycles: 100, seconds: 0.2, limitedBy: 'cycles', outcome: 'confirmed', signals: [] },
    ...parts,
  };
}

const entry = (fields: Partial<IgnoreEntry>): IgnoreEntry => ({
  site: null,
  type: null,
  holder: null,
  reason: 'accepted',
  scenario: null,
  source: 'pyproject.toml [[tool.leakgate.ignore]] #1',
  ...fields,
});
const explain = (a: GrowthAnalysis, ignore: IgnoreEntry[] = [], scenario = 'django_client.py') =>
  explainGrowth(a, { scenario, ignore, thresholds: DEFAULT_THRESHOLDS });

describe('known library leaks', () => {
  it("Django's test client is recognised by its types, holder and allocation frames, and its bounded-cache artefact does not keep it standing", () => {
    const e = explain(analysis({ types: djangoTypes(), sites: [clientSite(), cacheSite()] }));
    expect(e.knownLeaks.map((k) => k.leak.id)).toEqual(['django-test-client-signal-finalizers']);
    expect(e.knownLeaks[0].calledFrom).toEqual({ file: 'django_client.py', line: 12, function: 'cycle' });
    expect(e.knownLeaks[0].sites).toEqual(['django_client.py:12']);
    expect(e.reasons).toEqual([]);
    expect(e.kind).toBeNull();
    expect(e.knownLibraryLeak).toBe(true);
    expect(e.explained.map((x) => x.reason.code)).toEqual(['traced-grows', 'blocks-grow', 'type-grows', 'type-grows', 'type-grows']);
    expect(e.library).toEqual({
      library: 'django',
      module: 'django.dispatch',
      holder: 'weakref.finalize._registry',
      calledFrom: { file: 'django_client.py', line: 12, function: 'cycle' },
    });
  });

  it.each([
    { what: 'frames without the dispatcher', frames: CONNECT_FRAMES.slice(1) },
    { what: 'frames without the test client', frames: [CONNECT_FRAMES[0], frame(`${DJ}/db/models/base.py`, 10, 'Model.__init__'), USER_LINE] },
    { what: 'no frames at all (a harness without allocation frames)', frames: [] },
  ])('not recognised with $what: the leak stands', ({ frames }) => {
    const e = explain(analysis({ types: djangoTypes(frames), sites: [clientSite()] }));
    expect(e.knownLeaks).toEqual([]);
    expect(e.kind).toBe('python');
    expect(e.reasons.map((r) => r.code)).toContain('traced-grows');
  });

  it('not recognised under another holder', () => {
    const types = djangoTypes().map((t) => ({
      ...t,
      retainedBy: `app._finalizers (list) → ${t.type}`,
      retainedByRoot: { label: 'app._finalizers', module: 'app', userCode: true },
    }));
    const e = explain(analysis({ types, sites: [clientSite()] }));
    expect(e.knownLeaks).toEqual([]);
    expect(e.knownLibraryLeak).toBe(false);
    expect(e.library).toBeNull();
  });

  it('a user leak beside the known one still stands: its type and its bytes', () => {
    const userLeak = site('django_client.py', 20, 4096, 3, [frame('django_client.py', 20, 'cycle', true)], 'django_client._kept (list) → [0] → dict');
    const types = [
      ...djangoTypes(),
      type('dict', 3, 'django_client._kept (list) → [0] → dict', {
        frames: [frame('django_client.py', 20, 'cycle', true)],
        retainedByRoot: { label: 'django_client._kept', module: 'django_client', userCode: true },
      }),
    ];
    const e = explain(
      analysis({
        types,
        sites: [userLeak, clientSite(), cacheSite()],
        reasons: [
          { code: 'traced-grows', bytesPerCycle: 4900 },
          { code: 'blocks-grow', blocksPerCycle: 14 },
        ],
      }),
    );
    expect(e.kind).toBe('python');
    expect(e.knownLibraryLeak).toBe(false);
    expect(e.reasons).toEqual(
      expect.arrayContaining([
        { code: 'traced-grows', bytesPerCycle: 4900 },
        { code: 'type-grows', type: 'dict', objectsPerCycle: 3 },
      ]),
    );
    expect(e.library).toBeNull();
  });

  it('descriptors that grow are never explained by types or sites', () => {
    const e = explain(
      analysis({
        types: djangoTypes(),
        sites: [clientSite()],
        kind: 'fd',
        reasons: [
          { code: 'fds-grow', fdsPerCycle: 1 },
          { code: 'traced-grows', bytesPerCycle: 700 },
        ],
      }),
    );
    expect(e.kind).toBe('fd');
    expect(e.reasons).toEqual([{ code: 'fds-grow', fdsPerCycle: 1 }]);
    expect(e.knownLibraryLeak).toBe(false);
  });
});

describe('growth inside a library', () => {
  it('is said when the library part explains the growth and what is left is below the thresholds', () => {
    const e = explain(analysis({ types: djangoTypes(), sites: [clientSite(), cacheSite()] }), [], 'x');
    const unknown = explainGrowth(analysis({ types: djangoTypes(), sites: [clientSite(), cacheSite()] }), {
      scenario: 'x',
      thresholds: DEFAULT_THRESHOLDS,
      knownLeaks: [],
    });
    expect(e.library?.library).toBe('django');
    // Without the known list it is still a leak, but one inside Django, reached from the user's line.
    expect(unknown.kind).toBe('python');
    expect(unknown.library).toEqual({
      library: 'django',
      module: 'django.dispatch',
      holder: 'weakref.finalize._registry',
      calledFrom: { file: 'django_client.py', line: 12, function: 'cycle' },
    });
  });

  it('is not said for a plain user leak allocated in the standard library but held by user code', () => {
    const frames = [
      frame('/usr/lib/python3.11/json/decoder.py', 353, 'JSONDecoder.raw_decode'),
      frame('leak_inside_library.py', 15, 'BodyLoggingMiddleware.__call__', true),
    ];
    const path = 'leak_inside_library._seen_bodies (list) → [3] → dict';
    const e = explainGrowth(
      analysis({
        types: [
          type('dict', 31, path, { frames, retainedByRoot: { label: 'leak_inside_library._seen_bodies', module: 'leak_inside_library', userCode: true } }),
        ],
        sites: [site('leak_inside_library.py', 15, 3000, 31, frames, path)],
      }),
      { scenario: 'leak_inside_library.py', thresholds: DEFAULT_THRESHOLDS },
    );
    expect(e.library).toBeNull();
    expect(e.kind).toBe('python');
  });
});

describe('suppressions', () => {
  const plainLeak = () =>
    analysis({
      types: [type('app.Session', 1, 'app._sessions (dict) → [key 1] → app.Session')],
      sites: [
        site(
          'app/cache.py',
          41,
          900,
          2,
          [frame('app/cache.py', 41, 'Cache.put', true), frame('scenario.py', 9, 'cycle', true)],
          'app._sessions (dict) → [key 1] → app.Session',
        ),
      ],
    });
  it.each([
    { what: 'site path:function', fields: { site: 'app/cache.py:Cache.put' } },
    { what: 'site path:function, by the last part of the name', fields: { site: 'cache.py:put' } },
    { what: 'site path:line of a caller frame', fields: { site: 'scenario.py:9' } },
    { what: 'holder prefix', fields: { holder: 'app._sessions' } },
  ])('by $what: the growth is listed as suppressed with its reason, and passes', ({ fields }) => {
    const e = explain(plainLeak(), [entry({ ...fields, type: null })], 'scenario.py');
    expect(e.suppressed.length).toBeGreaterThan(0);
    expect(e.suppressed.every((s) => s.entry.reason === 'accepted')).toBe(true);
    // A site entry explains the site; the type still grows unless its holder or type is suppressed too.
    if (fields.site) expect(e.reasons.map((r) => r.code)).toEqual(['type-grows']);
    else expect(e.kind).toBeNull();
    expect(e.knownLibraryLeak).toBe(false);
  });

  it('by type and site together: wholly suppressed, the scenario passes and is not a known library leak', () => {
    const e = explain(plainLeak(), [entry({ type: 'app.Session' }), entry({ site: 'app/cache.py:41', source: '#2' })], 'scenario.py');
    expect(e.kind).toBeNull();
    expect(e.suppressed.map((s) => `${s.what} ${s.name}`)).toEqual(['type app.Session', 'site app/cache.py:41']);
    expect(e.knownLibraryLeak).toBe(false);
  });

  it('a path is matched as a suffix at a slash only', () => {
    expect(frameMatches({ file: '/repo/app/cache.py', line: 1, function: 'f' }, 'app/cache.py:1')).toBe(true);
    expect(frameMatches({ file: '/repo/myapp/cache.py', line: 1, function: 'f' }, 'app/cache.py:1')).toBe(false);
    expect(holderMatches('app._cache2 (dict)', 'app._cache')).toBe(false);
    expect(holderMatches('app._cache (dict) → x', 'app._cache')).toBe(true);
    expect(moduleOfFile('/usr/lib/python3/dist-packages/django/dispatch/dispatcher.py')).toBe('django.dispatch.dispatcher');
    expect(moduleOfFile('/usr/lib/python3.11/weakref.py')).toBe('weakref');
  });

  it('an entry for another scenario does not apply, and is stale', () => {
    const other = entry({ type: 'app.Session', scenario: 'other.py' });
    const e = explain(plainLeak(), [other], 'scenario.py');
    expect(e.suppressed).toEqual([]);
    expect(e.kind).toBe('python');
    expect(staleIgnores([other], [e], new Set())).toEqual([other]);
    // …unless that scenario could not be measured: it had nothing to match.
    expect(staleIgnores([other], [e], new Set(['other.py']))).toEqual([]);
  });

  it('an entry that matched in one scenario is not stale; one that matched nowhere is', () => {
    const used = entry({ type: 'app.Session' });
    const unused = entry({ type: 'app.Gone', source: '#2' });
    const e = explain(plainLeak(), [used, unused], 'scenario.py');
    expect(staleIgnores([used, unused], [e], new Set())).toEqual([unused]);
  });

  it('a reason stands after partial suppression when what is left still meets its threshold', () => {
    const a = analysis({
      types: [],
      sites: [site('app/a.py', 1, 600, 2, [frame('app/a.py', 1, 'f', true)], null), site('app/b.py', 2, 500, 2, [frame('app/b.py', 2, 'g', true)], null)],
      reasons: [
        { code: 'traced-grows', bytesPerCycle: 1100 },
        { code: 'blocks-grow', blocksPerCycle: 4 },
      ],
      growth: { ...analysis({ types: [], sites: [] }).growth, tracedBytesPerCycleMargin: 0, blocksPerCycleMargin: 0 },
    });
    const e = explain(a, [entry({ site: 'app/a.py:1' })]);
    expect(e.reasons.map((r) => r.code)).toEqual(['traced-grows', 'blocks-grow']);
    expect(e.suppressed.map((s) => s.name)).toEqual(['app/a.py:1']);
    const both = explain(a, [entry({ site: 'app/a.py:1' }), entry({ site: 'app/b.py:g', source: '#2' })]);
    expect(both.kind).toBeNull();
  });
});
