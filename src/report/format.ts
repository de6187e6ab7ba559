/** Numbers in the words people use: binary byte units, objects per cycle, two significant figures. */

/** "1 object per cycle", "2.5 objects per cycle", "1 object every 5 cycles". */
export function perCycleWords(perCycle: number, noun: string): string {
  if (perCycle >= 0.95) {
    const value = round(perCycle);
    return `${value} ${value === 1 ? noun : `${noun}s`} per cycle`;
  }
  if (perCycle <= 0) return `0 ${noun}s per cycle`;
  return `1 ${noun} every ${Math.round(1 / perCycle)} cycles`;
}

/** Bytes in binary units: "512 B", "10.3 KiB", "1.20 MiB". */
export function bytesWords(bytes: number): string {
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 ? 0 : value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${sign}${value.toFixed(digits)} ${units[unit]}`;
}

/** Bytes in binary units with two significant figures, as people say them: "91 B", "8.2 KiB", "32 KiB", "1.2 MiB". */
export function bytesShortWords(bytes: number): string {
  const [value, unit] = scaled(bytes);
  return `${value} ${unit}`;
}

function scaled(bytes: number): [string, string] {
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let unit = 0;
  while (value >= 1023.5 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return [`${sign}${value.toFixed(unit === 0 || value >= 9.95 ? 0 : 1)}`, units[unit]];
}

/** A rate of bytes: "8.2 KiB/cycle"; beside a baseline's, "8.1 → 32 KiB/cycle" (the unit once when both share it). */
export function bytesPerCycleWords(bytes: number, baselineBytes: number | null = null): string {
  const [now, unit] = scaled(bytes);
  if (baselineBytes === null) return `${now} ${unit}/cycle`;
  const [before, baseUnit] = scaled(baselineBytes);
  return baseUnit === unit ? `${before} → ${now} ${unit}/cycle` : `${before} ${baseUnit} → ${now} ${unit}/cycle`;
}

/** Whole things per cycle, never a fraction: "2 blocks", "1 block every 13 cycles" below one; "" for none. */
export function wholePerCycleWords(perCycle: number, noun: string): string {
  if (!(perCycle > 0)) return '';
  if (perCycle >= 0.95) {
    const value = Math.round(perCycle);
    return `${value} ${value === 1 ? noun : `${noun}s`}`;
  }
  return `1 ${noun} every ${Math.round(1 / perCycle)} cycles`;
}

/** Two significant figures, for counts per cycle. */
export function round(value: number): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const digits = Math.max(0, 1 - Math.floor(Math.log10(Math.abs(value))));
  return Number(value.toFixed(Math.min(digits, 6)));
}

/** Seconds as "850 ms", "12.3 s", "4 min 05 s". */
export function secondsWords(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 120) return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${String(Math.round(seconds - minutes * 60)).padStart(2, '0')} s`;
}

/** A signed per-cycle figure: "+10.3 KiB", "-2 B", "0". */
export function signedBytes(bytes: number | null): string {
  if (bytes === null) return 'n/a';
  if (Math.abs(bytes) < 0.5) return '0';
  return `${bytes > 0 ? '+' : ''}${bytesWords(bytes)}`;
}

/** A signed count per cycle with two significant figures. */
export function signedCount(count: number | null): string {
  if (count === null) return 'n/a';
  const value = round(count);
  if (value === 0) return '0';
  return `${value > 0 ? '+' : ''}${value}`;
}

const SPARKS = '▁▂▃▄▅▆▇█';

/** The smallest span a sparkline of bytes stretches to full height: less is noise, drawn flat. */
export const SPARK_MIN_SPAN_BYTES = 64 * 1024;
/** The smallest span of a sparkline of counts of blocks: a clean run moves them by a few. */
export const SPARK_MIN_SPAN_BLOCKS = 64;
/** The smallest span of a sparkline of open file descriptors. */
export const SPARK_MIN_SPAN_FDS = 4;

/** A series downsampled by averaging into at most `width` columns (its finite values only). */
function sparkColumns(values: readonly (number | null)[], width: number): number[] {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const columns = Math.min(width, finite.length);
  const buckets: number[] = [];
  for (let c = 0; c < columns; c++) {
    const from = Math.floor((c * finite.length) / columns);
    const to = Math.max(from + 1, Math.floor(((c + 1) * finite.length) / columns));
    const slice = finite.slice(from, to);
    buckets.push(slice.reduce((a, b) => a + b, 0) / slice.length);
  }
  return buckets;
}

/**
 * One-line charts of series on ONE scale (a baseline and the current run compare by height),
 * each downsampled by averaging into `width` columns. The scale spans at least `minSpan`, so
 * noise smaller than that stays near the bottom instead of filling the height.
 */
export function sparklines(series: readonly (readonly (number | null)[])[], width = 40, minSpan = 0): string[] {
  const columns = series.map((values) => sparkColumns(values, width));
  const all = columns.flat();
  if (all.length === 0) return columns.map(() => '');
  const low = Math.min(...all);
  const high = Math.max(Math.max(...all), low + minSpan);
  return columns.map((buckets) =>
    high - low <= 0
      ? SPARKS[0].repeat(buckets.length)
      : buckets.map((v) => SPARKS[Math.min(SPARKS.length - 1, Math.floor(((v - low) / (high - low)) * SPARKS.length))]).join(''),
  );
}

/** A one-line chart of a series, downsampled by averaging into `width` columns; spans at least `minSpan` (see sparklines). */
export function sparkline(values: readonly (number | null)[], width = 40, minSpan = 0): string {
  return sparklines([values], width, minSpan)[0];
}
