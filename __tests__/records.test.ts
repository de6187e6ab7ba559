/** Records are untrusted (the scenario can write into their file): every field is checked, and a bad one is named. */
import { failureFromRecord } from '../src/harness/failures.js';
import { parseRecordLine } from '../src/harness/records.js';

describe('a record with a field of the wrong type is refused, naming the field, the record and what it is', () => {
  it.each([
    {
      what: 'a traceback that is a number',
      record: { t: 'error', kind: 'cycle-raised', message: 'm', cycle: 3, traceback: 12345 },
      problem: "field 'traceback' of record 'error' (line 7 of the records file) is a number (12345), not a string",
    },
    {
      what: 'candidates that are not names',
      record: { t: 'error', kind: 'no-cycle', message: 'm', candidates: ['a', 5] },
      problem: "field 'candidates[1]' of record 'error' (line 7 of the records file) is a number (5), not a string",
    },
    {
      what: 'a phase that is no phase',
      record: { t: 'checkpoint', cycle: 1, phase: 'lunch', blocks: 1, rssBytes: 1, fds: 1, heapBytes: 1, seconds: 0, types: {} },
      problem:
        "field 'phase' of record 'checkpoint' (line 7 of the records file) is a string (\"lunch\"), not a phase (warmup, measure, confirm, profile or trace)",
    },
    {
      what: 'a frame line that is a string',
      record: {
        t: 'trace',
        frames: 1,
        cycles: 1,
        checkpointCycles: [],
        tracedBytes: [],
        seconds: 0,
        sites: [{ frames: [{ file: 'a.py', line: '3', function: 'f', code: '', userCode: true }], complete: true, bytes: [], counts: [] }],
      },
      problem: "field 'sites[0].frames[0].line' of record 'trace' (line 7 of the records file) is a string (\"3\"), not a finite number",
    },
    {
      what: 'notes that are not a list',
      record: { t: 'hello', python: '3.11.7', implementation: 'cpython', platform: 'linux', notes: 'none' },
      problem: "field 'notes' of record 'hello' (line 7 of the records file) is a string (\"none\"), not a list",
    },
    {
      what: 'a hello without its platform',
      record: { t: 'hello', python: '3.11.7', implementation: 'cpython', notes: [] },
      problem: "field 'platform' of record 'hello' (line 7 of the records file) is missing, not a string",
    },
    {
      what: 'a thread without a name',
      record: { t: 'threads', threads: [{ name: null }] },
      problem: "field 'threads[0].name' of record 'threads' (line 7 of the records file) is null, not a string",
    },
  ])('$what', ({ record, problem }) => {
    expect(parseRecordLine(JSON.stringify(record), 7)).toEqual({ kind: 'malformed', problem: `the harness wrote a malformed record: ${problem}` });
  });

  it.each([
    { what: 'a line that is not JSON', line: '{"t": "done"' },
    { what: 'a record of no known type', line: '{"t": "hello-from-the-scenario"}' },
    { what: 'a type inherited from Object.prototype', line: '{"t": "constructor"}' },
    { what: 'JSON that is not an object', line: '[1, 2]' },
  ])('$what is counted as corrupt, not used', ({ line }) => {
    expect(parseRecordLine(line, 1)).toEqual({ kind: 'corrupt' });
  });

  it('fields a record has beyond its contract are dropped, not passed on (the harness may write more than leakgate reads)', () => {
    const hello = {
      t: 'hello',
      python: '3.11.7',
      implementation: 'cpython',
      platform: 'linux',
      notes: [],
      executable: '/usr/bin/python3',
      pid: 42,
      capabilities: { heap: true },
    };
    expect(parseRecordLine(JSON.stringify(hello), 1)).toEqual({
      kind: 'record',
      record: { t: 'hello', python: '3.11.7', implementation: 'cpython', platform: 'linux', notes: [] },
    });
    expect(parseRecordLine(JSON.stringify({ t: 'loaded', async: true, hasSetup: false, hasTeardown: true }), 2)).toEqual({
      kind: 'record',
      record: { t: 'loaded' },
    });
  });

  it('type names chosen by the scenario stay keys of the census, __proto__ and constructor included', () => {
    const line =
      '{"t": "checkpoint", "cycle": 1, "phase": "measure", "blocks": 1, "rssBytes": 1, "fds": 1, "heapBytes": 1, "seconds": 0, "types": {"__proto__": 3, "constructor": 2, "app.Session": 1}}';
    const parsed = parseRecordLine(line, 1);
    if (parsed.kind !== 'record' || parsed.record.t !== 'checkpoint') throw new Error(`not a checkpoint: ${JSON.stringify(parsed)}`);
    expect(Object.entries(parsed.record.types)).toEqual([
      ['__proto__', 3],
      ['constructor', 2],
      ['app.Session', 1],
    ]);
    const bad = parseRecordLine(line.replace('"constructor": 2', '"constructor": "2"'), 4);
    expect(bad).toEqual({
      kind: 'malformed',
      problem: `the harness wrote a malformed record: field 'types.constructor' of record 'checkpoint' (line 4 of the records file) is a string ("2"), not a finite number`,
    });
  });

  it("an error of kind 'constructor' gets no hint from Object.prototype", () => {
    const parsed = parseRecordLine(JSON.stringify({ t: 'error', kind: 'constructor', message: 'forged', cycle: null }), 1);
    expect(parsed.kind).toBe('record');
    if (parsed.kind !== 'record' || parsed.record.t !== 'error') throw new Error('not an error record');
    expect(failureFromRecord(parsed.record).hint).toBeNull();
  });
});
