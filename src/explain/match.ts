/**
 * How a pattern from a suppression or a known leak matches what the analysis reports: frames by
 * `path:function` / `path:line`, holders by the start of a retention path. Pure string rules.
 */
import type { SourceFrame } from '../harness/types.js';

/** A frame as patterns see it. */
export type FrameLike = Pick<SourceFrame, 'file' | 'line' | 'function'>;

/** `path` names `file` when it is the whole file or its end after a `/` (`app/cache.py` names `/repo/app/cache.py`, not `/repo/myapp/cache.py`). */
export function pathMatches(file: string, path: string): boolean {
  const normal = file.replace(/\\/g, '/');
  const wanted = path.replace(/\\/g, '/').replace(/^\.\//, '');
  return wanted !== '' && (normal === wanted || normal.endsWith(`/${wanted}`));
}

/** `name` names a function when it is its qualified name or that name's last parts (`connect`, `Signal.connect`). */
function functionMatches(qualname: string, name: string): boolean {
  return qualname === name || qualname.endsWith(`.${name}`);
}

/** A `path:function` or `path:line` pattern, split at its last colon; null when it has no colon or an empty side. */
export function parseFramePattern(pattern: string): { path: string; line: number | null; function: string | null } | null {
  const colon = pattern.lastIndexOf(':');
  if (colon <= 0 || colon === pattern.length - 1) return null;
  const path = pattern.slice(0, colon).trim();
  const what = pattern.slice(colon + 1).trim();
  if (/^\d+$/.test(what)) return { path, line: Number(what), function: null };
  return { path, line: null, function: what };
}

/** True when the frame is where the pattern points. */
export function frameMatches(frame: FrameLike, pattern: string): boolean {
  const parsed = parseFramePattern(pattern);
  if (!parsed || !pathMatches(frame.file, parsed.path)) return false;
  return parsed.line !== null ? frame.line === parsed.line : functionMatches(frame.function, parsed.function!);
}

/** True when some frame of the stack matches the pattern. */
export function stackMatches(frames: readonly FrameLike[], pattern: string): boolean {
  return frames.some((frame) => frameMatches(frame, pattern));
}

/** True when every group of patterns has a frame of the stack matching one of its patterns (and there is a group). */
export function stackMatchesGroups(frames: readonly FrameLike[], groups: readonly (readonly string[])[]): boolean {
  return groups.length > 0 && frames.length > 0 && groups.every((group) => group.some((pattern) => stackMatches(frames, pattern)));
}

/**
 * True when a retention path (or a root's label) starts with `holder`, ending there or before a
 * character that cannot continue a name: `app._cache` holds `app._cache (dict) → …` and
 * `app._cache.entries`, not `app._cache2`.
 */
export function holderMatches(path: string | null | undefined, holder: string): boolean {
  if (!path || holder === '' || !path.startsWith(holder)) return false;
  const next = path.charAt(holder.length);
  return next === '' || !/[\w]/.test(next);
}

/** The module of a file outside user code, from its path: `…/dist-packages/django/dispatch/dispatcher.py` → `django.dispatch.dispatcher`. */
export function moduleOfFile(file: string): string | null {
  const normal = file.replace(/\\/g, '/');
  const packages = normal.match(/\/(?:site|dist)-packages\/(.+)$/);
  const stdlib = normal.match(/\/(?:lib|Lib)\/python3(?:\.\d+)?\/(.+)$/);
  const rest = packages?.[1] ?? stdlib?.[1] ?? null;
  if (rest === null || !rest.endsWith('.py')) return null;
  const parts = rest.slice(0, -3).split('/');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  return parts.length > 0 && parts.every((p) => /^[A-Za-z_]\w*$/.test(p)) ? parts.join('.') : null;
}
