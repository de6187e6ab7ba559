/**
 * Words for what is wrong with untrusted data that failed its zod contract (a baseline, a report
 * read back, a harness record): the JSON path of the bad field, what it is, what it must be.
 * The contracts themselves live in each stage's types.ts; this file only turns their issues into
 * sentences a person can act on, and builds each contract on first use (`once`).
 */
import type { z } from 'zod';

type RawIssue = z.core.$ZodRawIssue;

/**
 * A contract built on its first use and kept. Building zod schemas costs CPU (tens of
 * milliseconds for all of leakgate's), and a plain `leakgate run` reads only harness records:
 * each types.ts exports its schemas as `once` builders, so a run builds only what it parses
 * (issue 12: same speed). The type of a schema is `z.infer<ReturnType<typeof builder>>`.
 */
export function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}

/** A path such as `scenarios[0].growth.rssBytesPerCycle`, or `types["app.Session"]` for a name used as a key. */
export function pathText(root: string, path: readonly PropertyKey[]): string {
  let text = root;
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) text += text === '' ? key : `.${key}`;
    else text += `[${JSON.stringify(clipped(String(key)))}]`;
  }
  return text;
}

const clipped = (text: string): string => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** A value as a baseline or report message shows it: `the string "8192"`, `an array`, `number 5`. */
export function described(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(clipped(value))}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** What a field must be, from its issue: the contract's own words when it gives some (e.g. a phase). */
function expected(issue: RawIssue, numberWords: string, arrayWords: string): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      const words: Record<string, string> = {
        number: numberWords,
        int: 'an integer',
        string: 'a string',
        boolean: 'true or false',
        array: arrayWords,
        object: 'an object',
        record: 'an object',
        null: 'null',
      };
      return Object.hasOwn(words, issue.expected) ? words[issue.expected] : `of type ${issue.expected}`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return undefined;
  }
}

/** Error maps for a parse: they word what each field must be; a schema's own `error` wins over them. */
export const DOCUMENT_WORDS = (issue: RawIssue): string | undefined => expected(issue, 'a number', 'an array');
export const RECORD_WORDS = (issue: RawIssue): string | undefined => expected(issue, 'a finite number', 'a list');

/**
 * The first issue of a document (baseline or report) as one sentence, e.g.
 * `baseline.scenarios[0].settings.cycles must be at least 1, got -5`.
 * `document` names what may hold arrays ("a baseline"), for the size messages.
 */
export function documentProblem(error: z.ZodError, root: string, document: string): string {
  const issue = error.issues[0];
  const where = pathText(root, issue.path);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'too_big':
      if (issue.origin === 'string' && typeof input === 'string')
        return `${where} is a string of ${input.length} characters, more than ${String(issue.maximum)}`;
      if (issue.origin === 'array' && Array.isArray(input))
        return `${where} has ${input.length} entries, more than the ${String(issue.maximum)} ${document} may hold`;
      return `${where} must be at most ${String(issue.maximum)}${issue.inclusive ? '' : ' (exclusive)'}, got ${String(input)}`;
    case 'too_small':
      return `${where} must be at least ${String(issue.minimum)}${issue.inclusive ? '' : ' (exclusive)'}, got ${String(input)}`;
    case 'unrecognized_keys':
      return (
        `${where} has ${issue.keys.length === 1 ? 'a field' : 'fields'} ${issue.keys.map((k) => JSON.stringify(clipped(k))).join(', ')} ` +
        `that ${document} does not define`
      );
    case 'custom':
      return `${where} ${issue.message}`;
    default:
      return `${where} must be ${issue.message}, got ${described(input)}`;
  }
}

/** What a record's field is, as today's record messages show it: `a string ("3")`, `missing`, `a list`. */
export function shown(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `a string (${JSON.stringify(clipped(value))})`;
  if (typeof value === 'number') return `a number (${value})`;
  return `${typeof value} (${String(value)})`;
}
