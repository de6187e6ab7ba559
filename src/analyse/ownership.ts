/**
 * The types table in the order a reviewer should read it (issue 15): the type that owns the
 * others in a leaked cluster first, its parts after it; and the objects the GC does not track
 * (bytes, str), which the type census cannot count, through the growing sites that leak them.
 * Pure: plain data in, plain data out.
 */
import type { SiteReport, TypeReport } from './types.js';

/**
 * Types that hold a leak without being what leaked: containers, and what a path passes through
 * on its way from a root (a module's namespace, a class, a frame). A growing list on a path
 * is most often the cache that holds the leaked objects, not their owner. (A growing function
 * is: a leaked closure owns its cells and what they hold.)
 */
const NOT_OWNERS = new Set([
  'dict',
  'list',
  'set',
  'frozenset',
  'tuple',
  'module',
  'type',
  'frame',
  'cell',
  'collections.deque',
  'collections.OrderedDict',
  'collections.defaultdict',
]);

/**
 * The growing type that owns a type's objects: the first growing type (not a container) along its
 * retention path, root first (`pathTypes`: type names from the root to the sample); null when
 * none is.
 */
export function ownerOnPath(type: string, pathTypes: readonly string[] | undefined, growing: ReadonlySet<string>): string | null {
  if (pathTypes === undefined) return null;
  for (const name of pathTypes.slice(0, -1)) if (name !== type && growing.has(name) && !NOT_OWNERS.has(name)) return name;
  return null;
}

/**
 * Types ranked by ownership: each owner (a type that no other growing type owns) followed by its
 * parts, with `partOf` naming the owner. A type's owner is the first growing type on its retention
 * path (`pathTypes`, ownerOnPath) or, for a weak reference type, the growing type its references
 * point at (`referents`): a weak reference keeps nothing alive, it is made for its object. Owners rank by their cluster's objects per cycle (theirs
 * and their parts'): a leaked asyncio Task (+1) with its coroutine, context and callbacks (+2
 * each) leads a weak reference (+1) that only points at it. Parts keep their order by rate.
 */
export function rankByOwnership(
  types: readonly TypeReport[],
  pathTypes: ReadonlyMap<string, readonly string[]>,
  referents: ReadonlyMap<string, string> = new Map(),
): TypeReport[] {
  const growing = new Set(types.map((t) => t.type));
  const pointedAt = (type: string): string | null => {
    const referent = referents.get(type);
    return referent !== undefined && referent !== type && growing.has(referent) && !NOT_OWNERS.has(referent) ? referent : null;
  };
  const direct = new Map<string, string | null>(types.map((t) => [t.type, ownerOnPath(t.type, pathTypes.get(t.type), growing) ?? pointedAt(t.type)]));
  // A part of a part belongs to the cluster's owner; a cycle of owners (A holds B holds A) has none.
  const topOf = (type: string): string => {
    const seen = new Set([type]);
    for (let current = type; ; ) {
      const owner = direct.get(current) ?? null;
      if (owner === null) return current;
      if (seen.has(owner)) return type; // a cycle of owners (A holds B holds A): each stands alone
      seen.add(owner);
      current = owner;
    }
  };
  const clusters = new Map<string, { owner: TypeReport | undefined; parts: TypeReport[]; perCycle: number; first: number }>();
  types.forEach((t, position) => {
    const top = topOf(t.type);
    const cluster = clusters.get(top) ?? { owner: undefined, parts: [], perCycle: 0, first: position };
    if (top === t.type) cluster.owner = t;
    else cluster.parts.push(t);
    cluster.perCycle += t.perCycle;
    cluster.first = Math.min(cluster.first, position);
    clusters.set(top, cluster);
  });
  return [...clusters.entries()]
    .sort(([, a], [, b]) => b.perCycle - a.perCycle || a.first - b.first)
    .flatMap(([top, cluster]) => [...(cluster.owner ? [{ ...cluster.owner, partOf: null }] : []), ...cluster.parts.map((part) => ({ ...part, partOf: top }))]);
}

/** A site's objects per cycle: its blocks per cycle, at most its bytes per cycle / the mean size of its objects. */
function objectsPerCycle(site: SiteReport): number {
  const size = site.objectBytes ?? 0;
  return size > 0 ? Math.min(site.countPerCycle, site.bytesPerCycle / size) : site.countPerCycle;
}

/**
 * Types the GC does not track, counted through the growing sites whose retention samples are of
 * that type (`objectTracked` false): their blocks per cycle, or fewer when their bytes per cycle
 * say so (a bytearray takes two blocks, its object and its buffer; a site may allocate a dict
 * with it): bytes per cycle / the samples' mean size. Held by the largest site's path.
 * `liveBlocks` gives each site's live blocks at the end of the traced window (by `file:line`).
 * Types the census already counts are left out.
 */
export function untrackedTypes(sites: readonly SiteReport[], counted: ReadonlySet<string>, liveBlocks: ReadonlyMap<string, number>): TypeReport[] {
  const byType = new Map<string, SiteReport[]>();
  for (const site of sites) {
    if (site.objectType == null || site.objectTracked !== false || counted.has(site.objectType)) continue;
    byType.set(site.objectType, [...(byType.get(site.objectType) ?? []), site]);
  }
  return [...byType.entries()]
    .map(([type, holders]) => {
      const largest = holders.reduce((a, b) => (b.countPerCycle > a.countPerCycle ? b : a));
      return {
        type,
        perCycle: holders.reduce((sum, s) => sum + objectsPerCycle(s), 0),
        perCycleMargin: null,
        count: holders.reduce((sum, s) => sum + (liveBlocks.get(`${s.file}:${s.line}`) ?? 0), 0),
        retainedBy: largest.retainedBy,
        retainedByRoot: largest.retainedByRoot,
        frames: largest.frames,
        partOf: null,
        untracked: true,
      };
    })
    .sort((a, b) => b.perCycle - a.perCycle);
}
