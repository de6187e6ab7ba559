/** Seeded, reproducible noise for synthetic series (tests and their helpers only). */

/** Deterministic pseudo-random generator for tests and benchmarks (mulberry32). */
export function seededRandom(seed: number): () => number {
  if (!Number.isFinite(seed)) {
    throw new Error(`seededRandom: seed must be a finite number, got ${String(seed)}`);
  }
  let state = seed >>> 0;
  return (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Gaussian noise from a seeded generator (Box–Muller). */
export function seededGaussian(seed: number): () => number {
  const uniform = seededRandom(seed);
  // Box–Muller yields two independent normals per draw; keep the second for the next call.
  let spare: number | undefined;
  return (): number => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    // 1 - u lies in (0, 1], so the logarithm stays finite.
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}
