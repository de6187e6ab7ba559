import { readFile, open as open$1, mkdir, writeFile, rm, rename } from 'node:fs/promises';
import { interruptSignalName, interruptExitCode } from './cli-interrupt.js';
import { randomUUID, randomBytes } from 'node:crypto';
import { resolve, join, dirname, basename } from 'node:path';
import { parseArgs } from 'node:util';

/** How many points a memory series keeps by default: as many as a baseline may hold. */
const MEMORY_SERIES_POINTS = 64;
/**
 * The memory series charts compare: the malloc heap (RSS where there is none) over the measured
 * cycles and the extension that confirmed their growth (issue 14), cycles counted after the warm-up, bytes relative to the first point, at most `points`.
 */
function memorySeries(s, points = MEMORY_SERIES_POINTS) {
    const c = s.series.cycles;
    const useHeap = c.heapBytes.some((v) => v !== null);
    const values = useHeap ? c.heapBytes : c.rssBytes;
    const rows = [];
    c.phase.forEach((phase, i) => {
        const value = values[i];
        if ((phase === 'measure' || phase === 'confirm') && value !== null)
            rows.push({ cycle: c.cycle[i] - s.warmup, bytes: value });
    });
    if (rows.length === 0)
        return { cycle: [], bytes: [] };
    const step = Math.max(1, Math.ceil(rows.length / points));
    const kept = rows.filter((_, i) => i % step === 0 || i === rows.length - 1).slice(-points);
    const first = kept[0].bytes;
    return { cycle: kept.map((r) => r.cycle), bytes: kept.map((r) => r.bytes - first) };
}

/**
 * One map of settings: their names as CLI flags and action inputs, their defaults and bounds.
 * The CLI parser and the action read this table, so the two cannot drift apart.
 */
const LEAKGATE_VERSION = '0.1.0';
const REPORT_SCHEMA = 'leakgate/report@1';
/** Exit codes of `leakgate run`: each means one thing. */
const EXIT = { pass: 0, fail: 1, error: 2 };
/** Numeric settings shared by the command line and the action. */
const NUMERIC_SETTINGS = {
    cycles: { flag: 'cycles', input: 'cycles', description: 'measured cycles after the warm-up', default: 100, min: 10, max: 1_000_000, integer: true },
    warmup: { flag: 'warmup', input: 'warmup', description: 'warm-up cycles, not measured', default: 20, min: 0, max: 1_000_000, integer: true },
    frames: { flag: 'frames', input: 'frames', description: 'traceback depth kept per allocation site', default: 10, min: 1, max: 100, integer: true },
    timeoutSeconds: {
        flag: 'timeout',
        input: 'timeout',
        description: 'seconds one scenario may run before it is stopped',
        default: 600,
        min: 1,
        max: 86_400,
        integer: false,
    },
    // Issue 14: growth in the measured phase is called a leak only when it continues through these cycles.
    confirmCycles: {
        flag: 'confirm-cycles',
        input: 'confirm-cycles',
        description: 'untraced cycles run after the measured phase when it grew, to confirm the growth before a leak verdict ' +
            '(-1: as many as --cycles; 0: no confirmation)',
        default: -1,
        min: -1,
        max: 1_000_000,
        integer: true,
    },
    confirmSeconds: {
        flag: 'confirm-seconds',
        input: 'confirm-seconds',
        description: 'seconds the confirming cycles may take at most (never more than half of what is left of --timeout)',
        default: 120,
        min: 0,
        max: 86_400,
        integer: false,
    },
    alpha: { flag: 'alpha', input: 'alpha', description: 'significance level of the trend test', default: 0.01, min: 1e-9, max: 0.2, integer: false },
    minObjectsPerCycle: {
        flag: 'min-objects-per-cycle',
        input: 'min-objects-per-cycle',
        description: 'smallest growth of blocks or objects per cycle called a leak',
        default: 0.05,
        min: 0,
        max: 1e9,
        integer: false,
    },
    minBytesPerCycle: {
        flag: 'min-bytes-per-cycle',
        input: 'min-bytes-per-cycle',
        description: 'smallest growth of traced bytes per cycle called a leak',
        default: 256,
        min: 0,
        max: 1e12,
        integer: false,
    },
    minRssBytesPerCycle: {
        flag: 'min-rss-bytes-per-cycle',
        input: 'min-rss-bytes-per-cycle',
        description: 'smallest growth of RSS per cycle called a native leak',
        default: 16_384,
        min: 0,
        max: 1e12,
        integer: false,
    },
    minFdsPerCycle: {
        flag: 'min-fds-per-cycle',
        input: 'min-fds-per-cycle',
        description: 'smallest growth of open descriptors per cycle called a leak',
        default: 0.02,
        min: 0,
        max: 1e6,
        integer: false,
    },
    tolerancePercent: {
        flag: 'tolerance',
        input: 'tolerance',
        description: 'relative part of the tolerance of "worse" than the baseline, in percent',
        default: 50,
        min: 0,
        max: 10_000,
        integer: false,
    },
    // The floor of "worse" is each signal's detection threshold (--min-…-per-cycle); these raise it (issue 13).
    toleranceBytesPerCycle: {
        flag: 'tolerance-bytes-per-cycle',
        input: 'tolerance-bytes-per-cycle',
        description: 'smallest change in bytes per cycle called worse or improved, when above the detection thresholds (0: the thresholds alone)',
        default: 0,
        min: 0,
        max: 1e12,
        integer: false,
    },
    toleranceObjectsPerCycle: {
        flag: 'tolerance-objects-per-cycle',
        input: 'tolerance-objects-per-cycle',
        description: 'smallest change in objects, blocks or descriptors per cycle called worse or improved, when above the detection thresholds (0: the thresholds alone)',
        default: 0,
        min: 0,
        max: 1e9,
        integer: false,
    },
};
/** The extension's length for a run of `cycles` measured cycles: --confirm-cycles, where -1 means as many as --cycles. */
function confirmCyclesFor(confirmCycles, cycles) {
    return confirmCycles < 0 ? cycles : confirmCycles;
}
const DEFAULT_THRESHOLDS = {
    alpha: NUMERIC_SETTINGS.alpha.default,
    minObjectsPerCycle: NUMERIC_SETTINGS.minObjectsPerCycle.default,
    minBytesPerCycle: NUMERIC_SETTINGS.minBytesPerCycle.default,
    minRssBytesPerCycle: NUMERIC_SETTINGS.minRssBytesPerCycle.default,
    minFdsPerCycle: NUMERIC_SETTINGS.minFdsPerCycle.default,
};
const FAIL_ON_VALUES = ['regression', 'leak', 'never'];
/**
 * Switches (true or false) shared by the command line (`--flag`), the configuration file
 * (`flag = true`) and the action (input `flag: 'true'`): one name each (issue 14).
 */
const SWITCHES = {
    failOnKnownLeaks: {
        flag: 'fail-on-known-leaks',
        description: 'fail on a known library leak too (default: reported, does not fail)',
        default: false,
    },
};
/** The suppressions: `[[tool.leakgate.ignore]]` (`[[ignore]]` in leakgate.toml) and the action's input of that name, and each entry's keys. */
const IGNORE_TABLE = 'ignore';
const IGNORE_KEYS = ['site', 'type', 'holder', 'reason', 'scenario'];
/** The default interpreter: `python3` where it exists by that name, `python` on Windows. */
const DEFAULT_PYTHON = process.platform === 'win32' ? 'python' : 'python3';
/** How much of the scenario's stdout and stderr is kept, each, for error reports. */
const OUTPUT_TAIL_BYTES = 16 * 1024;
/**
 * Environment variables a scenario may see. The scenario is pull-request code: tokens and
 * runner secrets (ACTIONS_RUNTIME_TOKEN, GITHUB_TOKEN, INPUT_*) must never reach it.
 */
const ENV_ALLOW_LIST = [
    'PATH',
    'HOME',
    'USER',
    'LOGNAME',
    'SHELL',
    'LANG',
    'LANGUAGE',
    'TZ',
    'TERM',
    'TMPDIR',
    'TMP',
    'TEMP',
    'PYTHONPATH',
    'PYTHONHASHSEED',
    'PYTHONUTF8',
    'PYTHONIOENCODING',
    'PYTHONWARNINGS',
    'PYTHONDONTWRITEBYTECODE',
    'VIRTUAL_ENV',
    'CONDA_PREFIX',
    'PYENV_VERSION',
    'PYENV_ROOT',
    'LD_LIBRARY_PATH',
    'DYLD_LIBRARY_PATH',
    'CI',
    'SYSTEMROOT',
    'SYSTEMDRIVE',
    'WINDIR',
    'COMSPEC',
    'PATHEXT',
    'APPDATA',
    'LOCALAPPDATA',
    'USERPROFILE',
    'PROGRAMDATA',
];
/** Prefixes of allowed variables (locale settings). */
const ENV_ALLOW_PREFIXES = ['LC_'];

/**
 * A contract built on its first use and kept. Building zod schemas costs CPU (tens of
 * milliseconds for all of leakgate's), and a plain `leakgate run` reads only harness records:
 * each types.ts exports its schemas as `once` builders, so a run builds only what it parses
 * (issue 12: same speed). The type of a schema is `z.infer<ReturnType<typeof builder>>`.
 */
function once(build) {
    let built;
    return () => {
        built ??= { value: build() };
        return built.value;
    };
}
/** A path such as `scenarios[0].growth.rssBytesPerCycle`, or `types["app.Session"]` for a name used as a key. */
function pathText(root, path) {
    let text = root;
    for (const key of path) {
        if (typeof key === 'number')
            text += `[${key}]`;
        else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key))
            text += text === '' ? key : `.${key}`;
        else
            text += `[${JSON.stringify(clipped(String(key)))}]`;
    }
    return text;
}
const clipped = (text) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
/** A value as a baseline or report message shows it: `the string "8192"`, `an array`, `number 5`. */
function described(value) {
    if (value === undefined)
        return 'nothing (the field is missing)';
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'an array';
    if (typeof value === 'string')
        return `the string ${JSON.stringify(clipped(value))}`;
    if (typeof value === 'object')
        return 'an object';
    return `${typeof value} ${String(value)}`;
}
/** What a field must be, from its issue: the contract's own words when it gives some (e.g. a phase). */
function expected(issue, numberWords, arrayWords) {
    switch (issue.code) {
        case 'invalid_type': {
            const words = {
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
const DOCUMENT_WORDS = (issue) => expected(issue, 'a number', 'an array');
const RECORD_WORDS = (issue) => expected(issue, 'a finite number', 'a list');
/**
 * The first issue of a document (baseline or report) as one sentence, e.g.
 * `baseline.scenarios[0].settings.cycles must be at least 1, got -5`.
 * `document` names what may hold arrays ("a baseline"), for the size messages.
 */
function documentProblem(error, root, document) {
    const issue = error.issues[0];
    const where = pathText(root, issue.path);
    const input = issue.input;
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
            return (`${where} has ${issue.keys.length === 1 ? 'a field' : 'fields'} ${issue.keys.map((k) => JSON.stringify(clipped(k))).join(', ')} ` +
                `that ${document} does not define`);
        case 'custom':
            return `${where} ${issue.message}`;
        default:
            return `${where} must be ${issue.message}, got ${described(input)}`;
    }
}
/** What a record's field is, as today's record messages show it: `a string ("3")`, `missing`, `a list`. */
function shown(value) {
    if (value === undefined)
        return 'missing';
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'a list';
    if (typeof value === 'object')
        return 'an object';
    if (typeof value === 'string')
        return `a string (${JSON.stringify(clipped(value))})`;
    if (typeof value === 'number')
        return `a number (${value})`;
    return `${typeof value} (${String(value)})`;
}

function getEnumValues(entries) {
    const numericValues = Object.values(entries).filter((v) => typeof v === "number");
    const values = Object.entries(entries)
        .filter(([k, _]) => numericValues.indexOf(+k) === -1)
        .map(([_, v]) => v);
    return values;
}
function joinValues(array, separator = "|") {
    return array.map((val) => stringifyPrimitive(val)).join(separator);
}
function jsonStringifyReplacer(_, value) {
    if (typeof value === "bigint")
        return value.toString();
    return value;
}
// the accessor lives on a shared prototype: an own accessor makes every box a dictionary-mode object (~360 B and a slow load per read against ~100 B and an inlined getter here)
class Cached {
    constructor(getter) {
        this._getter = getter;
        this._value = undefined;
    }
    get value() {
        const getter = this._getter;
        if (getter !== undefined) {
            this._value = getter();
            this._getter = undefined;
        }
        return this._value;
    }
}
function cached(getter) {
    return new Cached(getter);
}
function nullish(input) {
    return input === null || input === undefined;
}
function cleanRegex(source) {
    const start = source.startsWith("^") ? 1 : 0;
    const end = source.endsWith("$") ? source.length - 1 : source.length;
    return source.slice(start, end);
}
function floatSafeRemainder(val, step) {
    const ratio = val / step;
    const roundedRatio = Math.round(ratio);
    // `val` and `step` each round to a double before the division rounds again, so a true decimal multiple's quotient can sit up to 1.5 of these scaled epsilons from the integer. A 1x tolerance therefore rejected 2.03 as a multiple of 0.07; 4x covers the worst case with margin.
    const tolerance = 4 * Number.EPSILON * Math.max(Math.abs(ratio), 1);
    if (Math.abs(ratio - roundedRatio) < tolerance)
        return 0;
    return ratio - roundedRatio;
}
function assignProp(target, prop, value) {
    Object.defineProperty(target, prop, {
        value,
        writable: true,
        enumerable: true,
        configurable: true,
    });
}
/**
 * Whichever object a def's `shape` currently answers from: the one the caller passed until the first read, the frozen copy after it.
 *
 * Its keys and descriptors read without invoking anything, which is what lets a discriminated union check its discriminator, and the cycle walk read a shape, without resolving a getter that references the schema being constructed. A def that answers `shape` from an accessor of its own has none.
 */
function rawShape(def) {
    const desc = Object.getOwnPropertyDescriptor(def, "shape");
    return desc?.get ? desc.get.raw : desc?.value;
}
// where a builder reads its source's keys and descriptors, resolving only a shape a def answers for itself. A shape resolves by object spread, so only its enumerable keys are ever part of it.
function sourceShape(schema) {
    return rawShape(schema._zod.def) ?? schema._zod.def.shape;
}
// a key whose value is not settled yet, self-caching so every read after the first gets the same one
function deferProp(target, key, getter) {
    Object.defineProperty(target, key, {
        get() {
            const value = getter();
            assignProp(this, key, value);
            return value;
        },
        enumerable: true,
        configurable: true,
    });
}
// Writes a settled key. A plain assignment is much cheaper than `defineProperty` and produces the same descriptor, but it runs whatever setter already answers to the key — an accessor this shape deferred, or an inherited one, which `__proto__` has on every object and prototype pollution can add for any name.
function putProp(target, key, value) {
    if (key in target)
        assignProp(target, key, value);
    else
        target[key] = value;
}
/**
 * Copies `keys` of `source`'s shape onto `target`, each value passed through `wrap`.
 *
 * A key the source has resolved is copied through now, so the derived shape states it outright and nothing has to resolve it to learn what it holds. A key the source still defers stays deferred, and reads back through the source's own `shape`, so it resolves once and both shapes get that one schema.
 */
function mirrorShape(target, source, keys, wrap) {
    const raw = sourceShape(source);
    for (const key of keys) {
        const desc = Object.getOwnPropertyDescriptor(raw, key);
        if (!desc.enumerable)
            continue;
        if (desc.get) {
            deferProp(target, key, () => {
                const value = source._zod.def.shape[key];
                return wrap ? wrap(value, key) : value;
            });
        }
        else
            putProp(target, key, wrap ? wrap(desc.value, key) : desc.value);
    }
}
// same, for a plain shape a caller passed rather than a schema's
function mirrorProps(target, source) {
    for (const key of Reflect.ownKeys(source)) {
        const desc = Object.getOwnPropertyDescriptor(source, key);
        if (!desc.enumerable)
            continue;
        if (desc.get)
            deferProp(target, key, () => source[key]);
        else
            putProp(target, key, desc.value);
    }
}
function mergeDefs(...defs) {
    const mergedDescriptors = {};
    for (const def of defs) {
        const descriptors = Object.getOwnPropertyDescriptors(def);
        Object.assign(mergedDescriptors, descriptors);
    }
    return Object.defineProperties({}, mergedDescriptors);
}
function esc(str) {
    return JSON.stringify(str);
}
function slugify(input) {
    return input
        .toLowerCase()
        .trim()
        .replace(/[^\w\s-]/g, "")
        .replace(/[\s_-]+/g, "-")
        .replace(/^-+|-+$/g, "");
}
const captureStackTrace = ("captureStackTrace" in Error ? Error.captureStackTrace : (..._args) => { });
function isObject(data) {
    return typeof data === "object" && data !== null && !Array.isArray(data);
}
const allowsEval = /* @__PURE__*/ cached(() => {
    // Skip the probe under `jitless`: strict CSPs report the caught `new Function` as a `securitypolicyviolation` even though the throw is swallowed.
    if (globalConfig.jitless) {
        return false;
    }
    // @ts-ignore
    if (typeof navigator !== "undefined" && navigator?.userAgent?.includes("Cloudflare")) {
        return false;
    }
    try {
        const F = Function;
        new F("");
        return true;
    }
    catch (_) {
        return false;
    }
});
function isPlainObject$1(o) {
    if (isObject(o) === false)
        return false;
    // modified constructor
    const ctor = o.constructor;
    if (ctor === undefined)
        return true;
    if (typeof ctor !== "function")
        return true;
    // modified prototype
    const prot = ctor.prototype;
    if (isObject(prot) === false)
        return false;
    // ctor doesn't have static `isPrototypeOf`
    if (Object.prototype.hasOwnProperty.call(prot, "isPrototypeOf") === false) {
        return false;
    }
    return true;
}
function shallowClone(o) {
    if (isPlainObject$1(o))
        return { ...o };
    if (Array.isArray(o))
        return [...o];
    if (o instanceof Map)
        return new Map(o);
    if (o instanceof Set)
        return new Set(o);
    return o;
}
const propertyKeyTypes = /* @__PURE__*/ new Set(["string", "number", "symbol"]);
function escapeRegex(str) {
    return str.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
// zod-specific utils
function clone(inst, def, params) {
    const cl = new inst._zod.constr(def ?? inst._zod.def);
    if (!def || params?.parent)
        cl._zod.parent = inst;
    return cl;
}
function normalizeParams(_params) {
    const params = _params;
    if (!params)
        return {};
    if (typeof params === "string")
        return { error: () => params };
    if (params?.message !== undefined) {
        if (params?.error !== undefined)
            throw new Error("Cannot specify both `message` and `error` params");
        params.error = params.message;
    }
    delete params.message;
    if (typeof params.error === "string")
        return { ...params, error: () => params.error };
    return params;
}
function stringifyPrimitive(value) {
    if (typeof value === "bigint")
        return value.toString() + "n";
    if (typeof value === "string")
        return `"${value}"`;
    return `${value}`;
}
function optionalKeys(shape) {
    return Object.keys(shape).filter((k) => {
        return shape[k]._zod.optin !== undefined && shape[k]._zod.optout === "optional";
    });
}

const NUMBER_FORMAT_RANGES = /*@__PURE__*/ (() => ({
    safeint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
    int32: [-2147483648, 2147483647],
    uint32: [0, 4294967295],
    float32: [-34028234663852886e22, 3.4028234663852886e38],
    float64: [-Number.MAX_VALUE, Number.MAX_VALUE],
}))();
const BIGINT_FORMAT_RANGES = {
    int64: [/* @__PURE__*/ BigInt("-9223372036854775808"), /* @__PURE__*/ BigInt("9223372036854775807")],
    uint64: [/* @__PURE__*/ BigInt(0), /* @__PURE__*/ BigInt("18446744073709551615")],
};
function pick(schema, mask) {
    const currDef = schema._zod.def;
    const checks = currDef.checks;
    const hasChecks = checks && checks.length > 0;
    if (hasChecks) {
        throw new Error(".pick() cannot be used on object schemas containing refinements");
    }
    const newShape = {};
    mirrorShape(newShape, schema, maskedKeys(schema, mask));
    return clone(schema, mergeDefs(currDef, { shape: newShape, checks: [] }));
}
// the mask keys that select something, checked against the source's shape without resolving it
function maskedKeys(schema, mask) {
    const raw = sourceShape(schema);
    const keys = [];
    // `for...in` skips symbols, so a symbol in the mask would select nothing
    for (const key of Reflect.ownKeys(mask)) {
        if (!Object.getOwnPropertyDescriptor(raw, key)?.enumerable) {
            throw new Error(`Unrecognized key: "${String(key)}"`);
        }
        if (mask[key])
            keys.push(key);
    }
    return keys;
}
function omit(schema, mask) {
    const currDef = schema._zod.def;
    const checks = currDef.checks;
    const hasChecks = checks && checks.length > 0;
    if (hasChecks) {
        throw new Error(".omit() cannot be used on object schemas containing refinements");
    }
    const omitted = new Set(maskedKeys(schema, mask));
    const newShape = {};
    mirrorShape(newShape, schema, Reflect.ownKeys(sourceShape(schema)).filter((key) => !omitted.has(key)));
    return clone(schema, mergeDefs(currDef, { shape: newShape, checks: [] }));
}
function extend(schema, shape) {
    if (!isPlainObject$1(shape)) {
        throw new Error("Invalid input to extend: expected a plain object");
    }
    const checks = schema._zod.def.checks;
    const hasChecks = checks && checks.length > 0;
    if (hasChecks) {
        // Only throw if new shape overlaps with existing shape. Use getOwnPropertyDescriptor to check key existence without accessing values
        const existingShape = sourceShape(schema);
        for (const key of Reflect.ownKeys(shape)) {
            if (Object.getOwnPropertyDescriptor(existingShape, key) !== undefined) {
                throw new Error("Cannot overwrite keys on object schemas containing refinements. Use `.safeExtend()` instead.");
            }
        }
    }
    return clone(schema, mergeDefs(schema._zod.def, { shape: extended(schema, shape) }));
}
// the source's keys, then the caller's overlaid on top
function extended(schema, shape) {
    const newShape = {};
    mirrorShape(newShape, schema, Reflect.ownKeys(sourceShape(schema)));
    mirrorProps(newShape, shape);
    return newShape;
}
function safeExtend(schema, shape) {
    if (!isPlainObject$1(shape)) {
        throw new Error("Invalid input to safeExtend: expected a plain object");
    }
    return clone(schema, mergeDefs(schema._zod.def, { shape: extended(schema, shape) }));
}
function merge(a, b) {
    if (!b?._zod?.def) {
        throw new Error("Invalid input to merge: expected an object schema. To merge a plain shape, use `.extend()`.");
    }
    if (a._zod.def.checks?.length) {
        throw new Error(".merge() cannot be used on object schemas containing refinements. Use .safeExtend() instead.");
    }
    const newShape = {};
    mirrorShape(newShape, a, Reflect.ownKeys(sourceShape(a)));
    mirrorShape(newShape, b, Reflect.ownKeys(sourceShape(b)));
    const def = mergeDefs(a._zod.def, {
        shape: newShape,
        get catchall() {
            return b._zod.def.catchall;
        },
        checks: b._zod.def.checks ?? [],
    });
    return clone(a, def);
}
function partial(Class, schema, mask, name = "partial") {
    const currDef = schema._zod.def;
    const checks = currDef.checks;
    const hasChecks = checks && checks.length > 0;
    if (hasChecks) {
        throw new Error(`.${name}() cannot be used on object schemas containing refinements`);
    }
    const selected = mask ? new Set(maskedKeys(schema, mask)) : undefined;
    const newShape = {};
    mirrorShape(newShape, schema, Reflect.ownKeys(sourceShape(schema)), Class &&
        ((value, key) => (selected && !selected.has(key) ? value : new Class({ type: "optional", innerType: value }))));
    return clone(schema, mergeDefs(schema._zod.def, { shape: newShape, checks: [] }));
}
function required(Class, schema, mask) {
    const selected = mask ? new Set(maskedKeys(schema, mask)) : undefined;
    const newShape = {};
    mirrorShape(newShape, schema, Reflect.ownKeys(sourceShape(schema)), (value, key) => 
    // overwrite with non-optional
    selected && !selected.has(key) ? value : new Class({ type: "nonoptional", innerType: value }));
    return clone(schema, mergeDefs(schema._zod.def, { shape: newShape }));
}
// invalid_type | too_big | too_small | invalid_format | not_multiple_of | unrecognized_keys | invalid_union | invalid_key | invalid_element | invalid_value | custom
function aborted(x, startIndex = 0) {
    if (x.aborted === true)
        return true;
    for (let i = startIndex; i < x.issues.length; i++) {
        if (x.issues[i]?.continue !== true) {
            return true;
        }
    }
    return false;
}
// Checks for explicit abort (continue === false), as opposed to implicit abort (continue === undefined). Used to respect `abort: true` in .refine() even for checks that have a `when` function.
function explicitlyAborted(x, startIndex = 0) {
    if (x.aborted === true)
        return true;
    for (let i = startIndex; i < x.issues.length; i++) {
        if (x.issues[i]?.continue === false) {
            return true;
        }
    }
    return false;
}
function prefixIssues(path, issues) {
    return issues.map((iss) => {
        var _a;
        (_a = iss).path ?? (_a.path = []);
        iss.path.unshift(path);
        return iss;
    });
}
function unwrapMessage(message) {
    return typeof message === "string" ? message : message?.message;
}
/* A check holds no link back to the schema it is attached to — the same check instance is shared by every clone of that schema — so the owner is stamped onto the issues a check just raised, at the only point where both are in scope. Runs on the failure path only; `start` is the issue count from before the check ran. */
/** The leading size checks of `defChecks` that set an upper bound, each paired with it. */
function sizeCaps(defChecks) {
    const caps = [];
    for (const ch of defChecks ?? []) {
        const d = ch._zod.def;
        // a later check may rewrite the value
        if (!/_(length|size)$|_equals$/.test(d.check))
            break;
        const max = d.maximum ?? d.length ?? d.size;
        if (max >= 0)
            caps.push([max, ch]);
    }
    return caps;
}
function attachSchema(issues, start, inst) {
    var _a;
    for (let i = start; i < issues.length; i++) {
        (_a = issues[i]).schema ?? (_a.schema = inst);
    }
}
function finalizeIssue(iss, ctx, config) {
    var _a;
    // A schema that raised an issue itself owns it outright, and outranks any stamp an enclosing check left in `attachSchema`. String formats and z.custom() are schema and check at once, so when they act as a check they defer to that stamp instead.
    const traits = iss.inst?._zod?.traits;
    if (traits?.has("$ZodType")) {
        if (traits.has("$ZodCheck"))
            (_a = iss).schema ?? (_a.schema = iss.inst);
        else
            iss.schema = iss.inst;
    }
    // Decreasing specificity, first map to return a message wins. `inst` is whatever raised the issue, so a check's own map outranks the owning schema's.
    const schemaError = iss.schema !== iss.inst ? iss.schema?._zod.def?.error : undefined;
    const message = iss.message
        ? iss.message
        : (unwrapMessage(iss.inst?._zod.def?.error?.(iss)) ??
            unwrapMessage(schemaError?.(iss)) ??
            unwrapMessage(ctx?.error?.(iss)) ??
            unwrapMessage(config.customError?.(iss)) ??
            unwrapMessage(config.localeError?.(iss)) ??
            "Invalid input");
    // an explicit own-key copy beats object rest with excluded keys, which v8 routes through a generic runtime call; Object.keys rather than for-in so an issue pushed with a prototype does not leak inherited keys, and an own __proto__ key is dropped rather than assigned through the setter
    const full = {};
    for (const k of Object.keys(iss)) {
        if (k === "inst" || k === "schema" || k === "continue" || k === "input" || k === "__proto__")
            continue;
        full[k] = iss[k];
    }
    full.path ?? (full.path = []);
    full.message = message;
    if (ctx?.reportInput) {
        full.input = iss.input;
    }
    return full;
}
const highSurrogate = /[\uD800-\uDBFF]/;
// Code points in `str`: a surrogate pair counts once, a lone surrogate as itself. Hand-rolled because the string iterator allocates and runs ~250x slower on this path; the regex probe exits ~50x quicker for a string with no astral characters.
function codePointLength(str) {
    const units = str.length;
    if (!highSurrogate.test(str))
        return units;
    let count = units;
    for (let i = 0; i < units - 1; i++) {
        if ((str.charCodeAt(i) & 0xfc00) === 0xd800 && (str.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
            count--;
            i++;
        }
    }
    return count;
}
function getLengthableOrigin(input) {
    if (Array.isArray(input))
        return "array";
    if (typeof input === "string")
        return "string";
    return "unknown";
}
function parsedType(data) {
    const t = typeof data;
    switch (t) {
        case "number": {
            return Number.isNaN(data) ? "nan" : "number";
        }
        case "object": {
            if (data === null) {
                return "null";
            }
            if (Array.isArray(data)) {
                return "array";
            }
            const obj = data;
            if (obj && Object.getPrototypeOf(obj) !== Object.prototype && "constructor" in obj && obj.constructor) {
                return obj.constructor.name;
            }
        }
    }
    return t;
}
function issue(...args) {
    const [iss, input, inst] = args;
    if (typeof iss === "string") {
        return {
            message: iss,
            code: "custom",
            input,
            inst,
        };
    }
    return { ...iss };
}
//////////    PROTOTYPE INSTALLERS     //////////
//
// Members live on the prototype and materialize per instance on first read, which keeps own-property count under the step where V8 stops using inline slots. Changing anything here means re-measuring runtime, memory and bundle size together — see "The three axes" in AGENTS.md.
/**
 * Installs a trait's members on its prototype. Each value builds that member for the instance on first read; the built value shadows the accessor as an own property, so a detached `const { parse } = schema` keeps working.
 *
 * Call this from a `proto` initializer, which runs once per prototype — never per instance.
 */
function members(proto, table) {
    for (const key in table) {
        const desc = Object.getOwnPropertyDescriptor(table, key);
        // a getter installs as written, so it stays live: `description` reads through to the registry on every access. not enumerable: an object literal's is, and a prototype member never was
        if (desc.get)
            Object.defineProperty(proto, key, { ...desc, enumerable: false });
        // a method materializes bound on first read, which is what keeps a detached member working: `const opt = schema.optional; opt()`
        else
            defineBound(proto, key, desc.value);
    }
}
/** Shadows a prototype member with an own value, so a getter that builds from the instance runs once. */
function own(inst, key, value, enumerable = true) {
    Object.defineProperty(inst, key, { configurable: true, writable: true, enumerable, value });
    return value;
}
/** Like {@link own}, for a member that was never an own data property and has to stay out of `Object.keys`. */
function hide(inst, key, value) {
    return own(inst, key, value, false);
}
/** Adds members a table derives from the instance: each builds on first read and shadows as own data, and assignment shadows the same way, as when these were own properties. */
function derived(computes, table) {
    for (const key in computes) {
        const compute = computes[key];
        // an object literal's accessor is configurable and enumerable, and `members` copies the descriptor as written
        Object.defineProperty(table, key, {
            configurable: true,
            enumerable: true,
            get() {
                return own(this, key, compute(this));
            },
            set(value) {
                own(this, key, value);
            },
        });
    }
    return table;
}
function defineBound(proto, key, fn) {
    Object.defineProperty(proto, key, {
        configurable: true,
        get() {
            // vitest's spyOn calls a prototype getter bare to find the function it wraps, so a nullish receiver answers the raw method
            return this == null ? fn : own(this, key, fn.bind(this));
        },
        set(value) {
            own(this, key, value);
        },
    });
}
/** Returns the prototype to install on, or `undefined` if this group is already installed on it. */
function claim(inst, sentinel) {
    const proto = Object.getPrototypeOf(inst);
    // Runs on every construction, so `in` rather than the costlier `hasOwnProperty.call`. Sentinels are keys the group itself defines.
    return sentinel in proto ? undefined : proto;
}
// The internals whose init chain is installing. A second call for the same one is a derived constructor overriding its base, so it must not construct another schema in between or the override is dropped.
let installing;
// Set while a getter is running, so a value that resolved through a recursion break is not memoized. One shared descriptor shadows the key for the duration, which costs no per-key allocation.
let broke = false;
const breaker = {
    configurable: true,
    get() {
        broke = true;
        return undefined;
    },
};
/**
 * Installs a lazily-derived internal on the `_zod` prototype of `inst`'s
 * constructor, computed from the internals object itself and cached there on
 * first read. One accessor per constructor rather than one per instance.
 */
function defineLazyInternal(inst, key, compute) {
    const proto = Object.getPrototypeOf(inst._zod);
    if (key in proto && installing !== inst._zod) {
        // A repeat construction: everything is installed already. Cleared here so the reference is not held past the first construction of every type.
        installing = undefined;
        return;
    }
    installing = inst._zod;
    Object.defineProperty(proto, key, {
        configurable: true,
        get() {
            // Shadowed before computing so a re-entrant read from a recursive schema resolves to undefined instead of running the getter again.
            Object.defineProperty(this, key, breaker);
            const outer = broke;
            broke = false;
            try {
                const value = compute(this);
                // A result that resolved through a recursion break is recomputed once the graph is complete; everything else memoizes, undefined included.
                if (broke)
                    delete this[key];
                else
                    Object.defineProperty(this, key, { configurable: true, writable: true, value });
                broke = broke || outer;
                return value;
            }
            catch (err) {
                // A compute that threw memoizes nothing, so a later read runs it again and fails the same way. The shadow goes with it, since leaving it installed would answer undefined for every later read.
                delete this[key];
                broke = broke || outer;
                throw err;
            }
        },
        set(value) {
            Object.defineProperty(this, key, { configurable: true, writable: true, value });
        },
    });
}
/**
 * Installs `key` on `inst`'s prototype, computed by `make` on first read and cached there as an own
 * data property. One accessor per constructor rather than one per instance, because an own accessor
 * puts every instance after the first into v8 dictionary mode. The key doubles as the sentinel.
 */
function installLazyProp(inst, key, make, enumerable) {
    const proto = claim(inst, key);
    if (!proto)
        return;
    Object.defineProperty(proto, key, {
        configurable: true,
        get() {
            // Shadowed before computing, so a re-entrant read from a self-referential shape resolves to undefined instead of running the getter again. A data property rather than an accessor: an own accessor is the dictionary-mode transition this exists to avoid.
            const desc = { configurable: true, writable: true, enumerable, value: undefined };
            Object.defineProperty(this, key, desc);
            // a compute that throws leaves the shadow behind, so later reads answer undefined instead of re-throwing; `defineLazy` did the same, and `defineLazyInternal`'s delete-on-catch would cost bytes in every bundle for a case only a throwing user getter reaches
            desc.value = make(this);
            Object.defineProperty(this, key, desc);
            return desc.value;
        },
        set(value) {
            Object.defineProperty(this, key, { configurable: true, writable: true, enumerable, value });
        },
    });
}
/** Marks the thunk `_catch` synthesises for a constant catch value. `Function.length` cannot tell that thunk from a user callback — rest and defaulted parameters both report arity 0 — and a user callback reads `ctx.error`, whose issues only finalize correctly against the caller's per-parse error map. Provenance can say what arity cannot. A plain string key rather than `Symbol.for`, whose call at module scope no bundler can prove pure — the same shape that anchored `urlCanParse` into every build. */
const CONSTANT_CATCH = "~constantCatch";
/** Wraps a constant catch value in a thunk tagged with {@link CONSTANT_CATCH}. */
function constantCatch(value) {
    const fn = () => value;
    fn[CONSTANT_CATCH] = true;
    return fn;
}

var _a$1;
/* Shared descriptor for installing `_zod`; defineProperty reads it
 * synchronously, so reusing one object avoids a per-instance allocation. */
const _zodDesc = { value: undefined, enumerable: false };
// null where suppressing the capture would be unrecoverable: `parse()` puts the frames back with `captureStackTrace`, so without it the throw would lose its stack. also latched to null once `stackTraceLimit` proves unassignable, which a realm can do at any point by hardening Error
let _E = "captureStackTrace" in Error ? Error : null;
// v8 captures a stack trace inside the Error constructor, which dominates a failed parse; costs only the frames, and parse() restores those. the constructor must RUN: Object.create is cheaper and passes instanceof, but Error.isError and util.types.isNativeError check an internal slot
function newError(Definition) {
    const E = _E;
    if (E) {
        const saved = E.stackTraceLimit;
        if (typeof saved === "number") {
            try {
                E.stackTraceLimit = 0;
            }
            catch {
                _E = null;
                return new Definition();
            }
            try {
                return new Definition();
            }
            finally {
                E.stackTraceLimit = saved;
            }
        }
    }
    return new Definition();
}
function $constructor(name, initializer, 
/** This trait's members, installed once on every prototype that composes it. They cannot be declared in the initializer above: that runs per instance, and the prototype is shared. */
proto, params) {
    // Prototype for this constructor's `_zod` internals. Lazily-derived fields (`values`, `pattern`, `optin`, …) install here once rather than as an accessor on every instance.
    const zodProto = {};
    // Assigning the fields in the constructor body is what gives instances in-object slots; building the object literally and reparenting it costs a second allocation and a generic property copy.
    function Internals(def) {
        this.def = def;
        this.constr = _;
        this.traits = new Set();
    }
    Internals.prototype = zodProto;
    const protoMembers = proto;
    // One trait's members land on every prototype whose chain composes it, so the answer is per prototype rather than per trait.
    const initialized = protoMembers && new WeakSet();
    function init(inst, def) {
        if (!inst._zod) {
            _zodDesc.value = new Internals(def);
            try {
                Object.defineProperty(inst, "_zod", _zodDesc);
            }
            finally {
                // Cleared even on throw, so the shared descriptor never leaks one instance's internals into the next.
                _zodDesc.value = undefined;
            }
        }
        else if (inst._zod.traits.has(name)) {
            return;
        }
        inst._zod.traits.add(name);
        initializer(inst, def);
        if (initialized) {
            // `super(def)` from a user subclass gives `this` a prototype the subclass owns, and installing there would overwrite whatever the subclass declared. `constr` built the instance, so its prototype is the one below the subclass's that should carry the members. A receiver whose chain never reaches that prototype installs on its own, which for a plain object handed straight to `init` means `Object.prototype` — unchanged from before.
            const own = Object.getPrototypeOf(inst);
            const ctorProto = inst._zod.constr.prototype;
            let up = own;
            while (up && up !== ctorProto)
                up = Object.getPrototypeOf(up);
            const target = up ?? own;
            if (!initialized.has(target)) {
                initialized.add(target);
                members(target, protoMembers);
            }
        }
        // support prototype modifications; for-in avoids the array allocation of Object.keys on the (usually empty) prototype
        const proto = _.prototype;
        for (const k in proto) {
            if (!Object.prototype.hasOwnProperty.call(proto, k))
                continue;
            if (!(k in inst)) {
                inst[k] = proto[k].bind(inst);
            }
        }
    }
    // doesn't work if Parent has a constructor with arguments
    const Parent = params?.Parent ?? Object;
    class Definition extends Parent {
    }
    Object.defineProperty(Definition, "name", { value: name });
    function _(def) {
        const inst = params?.Parent ? newError(Definition) : this;
        init(inst, def);
        const deferred = inst._zod.deferred;
        if (deferred) {
            for (const fn of deferred) {
                fn();
            }
            // Released: initializers run once, and the list would otherwise be retained for the schema's lifetime.
            inst._zod.deferred = undefined;
        }
        // Global post-processor hook. Internal: installed by `import "zod/compile"` to enable AOT compilation for every constructed schema. Runs last, once the instance is fully built, because it hands the instance to compile(). The post-processor is expected to be reentrancy-guarded by its own implementation.
        const pp = globalThis.__zod_globalConfig?.postProcessor;
        if (pp)
            pp(inst);
        return inst;
    }
    Object.defineProperty(_, "init", { value: init });
    Object.defineProperty(_, Symbol.hasInstance, {
        value: (inst) => {
            if (params?.Parent && inst instanceof params.Parent)
                return true;
            return inst?._zod?.traits?.has(name);
        },
    });
    Object.defineProperty(_, "name", { value: name });
    return _;
}
class $ZodAsyncError extends Error {
    constructor() {
        super(`Encountered Promise during synchronous parse. Use .parseAsync() instead.`);
    }
}
class $ZodEncodeError extends Error {
    constructor(name) {
        super(`Encountered unidirectional transform during encode: ${name}`);
        this.name = "ZodEncodeError";
    }
}
(_a$1 = globalThis).__zod_globalConfig ?? (_a$1.__zod_globalConfig = {});
const globalConfig = globalThis.__zod_globalConfig;
function config(newConfig) {
    if (newConfig)
        Object.assign(globalConfig, newConfig);
    return globalConfig;
}

/* Computing the message eagerly is expensive (pretty-printed JSON of all
 * issues), so defer it until first read. The accessor functions and
 * descriptors are shared across instances to keep error construction
 * cheap; the computed message is cached on the internals object. The
 * setter preserves plain assignment semantics for consumers that
 * overwrite `message`. */
function _getMessage() {
    const internals = this._zod;
    internals.message ?? (internals.message = JSON.stringify(internals.def, jsonStringifyReplacer, 2));
    return internals.message;
}
function _setMessage(value) {
    this._zod.message = value;
}
const _messageDesc = {
    get: _getMessage,
    set: _setMessage,
    enumerable: true,
    configurable: true,
};
const _issuesDesc = { value: undefined, enumerable: false };
/* Prototypes that already carry the lazy `toString`. Seeded with the
 * intrinsics so that `init` on a foreign object — it accepts any object —
 * can never install an accessor onto a prototype we do not own. */
const _installedToString = /* @__PURE__ */ new WeakSet([Object.prototype, Error.prototype]);
const initializer$1 = (inst, def) => {
    inst.name = "$ZodError";
    // `_zod` is already non-enumerable: $constructor's init defined it with this same descriptor
    _issuesDesc.value = def;
    Object.defineProperty(inst, "issues", _issuesDesc);
    // Clear the shared slot; a retained `value` pins the last error's issues.
    _issuesDesc.value = undefined;
    Object.defineProperty(inst, "message", _messageDesc);
    /* `toString` lives as a non-enumerable lazy getter on the shared
     * prototype; on first access it caches a per-instance closure so
     * detached usage still works. */
    const proto = Object.getPrototypeOf(inst);
    if (!_installedToString.has(proto)) {
        _installedToString.add(proto);
        Object.defineProperty(proto, "toString", {
            configurable: true,
            enumerable: false,
            get() {
                const value = () => this.message;
                Object.defineProperty(this, "toString", { value, configurable: true, writable: true });
                return value;
            },
            set(value) {
                Object.defineProperty(this, "toString", { value, configurable: true, writable: true });
            },
        });
    }
};
const $ZodError = $constructor("$ZodError", initializer$1);
/** Get-or-create `obj[key]` as an own data property. A path segment naming an inherited member
 * ("toString", "constructor") would otherwise read through to the prototype, and assigning
 * "__proto__" would hit the setter instead of creating a key. */
function node(obj, key, make) {
    if (!Object.prototype.hasOwnProperty.call(obj, key)) {
        if (key === "__proto__") {
            Object.defineProperty(obj, key, { value: make(), writable: true, enumerable: true, configurable: true });
        }
        else {
            obj[key] = make();
        }
    }
    return obj[key];
}
function flattenError(error, mapper = (issue) => issue.message) {
    const fieldErrors = {};
    const formErrors = [];
    for (const sub of error.issues) {
        if (sub.path.length > 0) {
            node(fieldErrors, sub.path[0], () => []).push(mapper(sub));
        }
        else {
            formErrors.push(mapper(sub));
        }
    }
    return { formErrors, fieldErrors };
}
function formatError(error, mapper = (issue) => issue.message) {
    const fieldErrors = { _errors: [] };
    const processError = (error, path = []) => {
        for (const issue of error.issues) {
            if (issue.code === "invalid_union" && issue.errors.length) {
                issue.errors.map((issues) => processError({ issues }, [...path, ...issue.path]));
            }
            else if (issue.code === "invalid_key") {
                processError({ issues: issue.issues }, [...path, ...issue.path]);
            }
            else if (issue.code === "invalid_element") {
                processError({ issues: issue.issues }, [...path, ...issue.path]);
            }
            else {
                const fullpath = [...path, ...issue.path];
                if (fullpath.length === 0) {
                    fieldErrors._errors.push(mapper(issue));
                }
                else {
                    let curr = fieldErrors;
                    let i = 0;
                    while (i < fullpath.length) {
                        const el = fullpath[i];
                        const terminal = i === fullpath.length - 1;
                        // `_errors` is reserved by this legacy format, so merge a matching path segment into the current node instead of treating its array as a child.
                        if (el === "_errors") {
                            if (terminal)
                                curr._errors.push(mapper(issue));
                            i++;
                            continue;
                        }
                        // A path element may collide with an inherited property name such as
                        // "__proto__" or "constructor". Truthiness checks read the prototype
                        // (so no node is created, then ._errors.push throws), and bracket
                        // assignment of "__proto__" hits the setter instead of creating an
                        // own key. Guard the read with hasOwnProperty and create the node
                        // with defineProperty so any path element becomes a real own key.
                        if (!Object.prototype.hasOwnProperty.call(curr, el)) {
                            Object.defineProperty(curr, el, {
                                value: { _errors: [] },
                                enumerable: true,
                                writable: true,
                                configurable: true,
                            });
                        }
                        const node = curr[el];
                        if (terminal) {
                            node._errors.push(mapper(issue));
                        }
                        curr = node;
                        i++;
                    }
                }
            }
        }
    };
    processError(error);
    return fieldErrors;
}

// Always both keys, so the `_params` read site in `_parse` sees one object shape rather than two.
function finalizeParams(callee, params) {
    return { callee: params?.callee ?? callee, Err: params?.Err };
}
const _parse = (_Err) => {
    const fn = (schema, value, _ctx, _params) => {
        const ctx = _ctx ? { ..._ctx, async: false } : { async: false };
        const result = schema._zod.run({ value, issues: [] }, ctx);
        if (result instanceof Promise) {
            throw new $ZodAsyncError();
        }
        if (result.issues.length) {
            const e = new (_params?.Err ?? _Err)(result.issues.map((iss) => finalizeIssue(iss, ctx, config())));
            captureStackTrace(e, _params?.callee ?? fn);
            throw e;
        }
        return result.value;
    };
    return fn;
};
const _parseAsync = (_Err) => {
    const fn = async (schema, value, _ctx, params) => {
        const ctx = _ctx ? { ..._ctx, async: true } : { async: true };
        let result = schema._zod.run({ value, issues: [] }, ctx);
        if (result instanceof Promise)
            result = await result;
        if (result.issues.length) {
            const e = new (params?.Err ?? _Err)(result.issues.map((iss) => finalizeIssue(iss, ctx, config())));
            captureStackTrace(e, params?.callee ?? fn);
            throw e;
        }
        return result.value;
    };
    return fn;
};
const _safeParse = (_Err) => (schema, value, _ctx) => {
    const ctx = _ctx ? { ..._ctx, async: false } : { async: false };
    const result = schema._zod.run({ value, issues: [] }, ctx);
    if (result instanceof Promise) {
        throw new $ZodAsyncError();
    }
    return result.issues.length ? failure(_Err, result.issues, ctx) : { success: true, data: result.value };
};
// the error is built on the first read of `error`: finalizing the issues and constructing the instance is most of a failing parse, and a caller that only branches on `success` never pays it. a getter in the literal keeps this small; the alternative, one shared accessor descriptor plus a hidden state slot, reads ~15% faster but costs ~75 B gzipped in every bundle
function failure(Err, issues, ctx) {
    let error;
    return {
        success: false,
        get error() {
            if (!error) {
                error = new Err(issues.map((iss) => finalizeIssue(iss, ctx, config())));
                // finalizeIssue drops `input`, so the built error holds nothing; keeping the raw issues past this point pins the parsed value for the life of the result
                issues = undefined;
                ctx = undefined;
            }
            return error;
        },
        set error(e) {
            error = e;
            // a replacement makes the getter's branch unreachable, so the captures have to go here too
            issues = undefined;
            ctx = undefined;
        },
    };
}
const _safeParseAsync = (_Err) => async (schema, value, _ctx) => {
    const ctx = _ctx ? { ..._ctx, async: true } : { async: true };
    let result = schema._zod.run({ value, issues: [] }, ctx);
    if (result instanceof Promise)
        result = await result;
    return result.issues.length ? failure(_Err, result.issues, ctx) : { success: true, data: result.value };
};
// registry mirrors of the compiler's sentinels, so this module never imports the compiler
const COMPILE_INVALID = /* @__PURE__ */ Symbol.for("zod.compile.invalid");
const COMPILE_FALLBACK = /* @__PURE__ */ Symbol.for("zod.compile.fallback");
// Deliberately tiny, because v8 will not inline a body carrying the fallback's object literals and throw. Everything that is not the compiled happy path lives in validateFallback, and that split is worth ~35% on a compiled schema.
const validate = ((schema, value, _ctx) => {
    const validator = schema._zod.bag.validator;
    if (validator !== undefined) {
        if (validator(value) !== COMPILE_INVALID)
            return true;
        // a definite sentinel means the runtime would reject, so skip the re-parse; a ctx can still change the answer
        if (validator.definite === true && _ctx === undefined)
            return false;
    }
    return validateFallback(schema, value, _ctx);
});
function validateFallback(schema, value, _ctx) {
    const ctx = _ctx
        ? { ..._ctx, async: false, abortEarly: true }
        : { async: false, abortEarly: true };
    const fallbackRun = schema._zod.bag.fallbackRun;
    let result;
    if (fallbackRun) {
        // skip nested fast paths on the fallback, so user callbacks keep the at-most-twice bound
        ctx[COMPILE_FALLBACK] = true;
        result = fallbackRun({ value, issues: [] }, ctx);
    }
    else {
        result = schema._zod.run({ value, issues: [] }, ctx);
    }
    if (result instanceof Promise) {
        throw new $ZodAsyncError();
    }
    return result.issues.length === 0;
}
// no fast path: the compiler keeps async parses on the runtime, because a promise-returning callback that is not declared async compiles to a throw
const validateAsync$1 = async (schema, value, _ctx) => {
    const ctx = _ctx
        ? { ..._ctx, async: true, abortEarly: true }
        : { async: true, abortEarly: true };
    let result = schema._zod.run({ value, issues: [] }, ctx);
    if (result instanceof Promise)
        result = await result;
    return result.issues.length === 0;
};
const _encode = (_Err) => {
    const parse = _parse(_Err);
    const fn = (schema, value, _ctx, _params) => {
        const ctx = _ctx ? { ..._ctx, direction: "backward" } : { direction: "backward" };
        return parse(schema, value, ctx, finalizeParams(fn, _params));
    };
    return fn;
};
const _decode = (_Err) => {
    const parse = _parse(_Err);
    const fn = (schema, value, _ctx, _params) => {
        return parse(schema, value, _ctx, finalizeParams(fn, _params));
    };
    return fn;
};
const _encodeAsync = (_Err) => {
    const parseAsync = _parseAsync(_Err);
    const fn = async (schema, value, _ctx, _params) => {
        const ctx = _ctx ? { ..._ctx, direction: "backward" } : { direction: "backward" };
        return (await parseAsync(schema, value, ctx, finalizeParams(fn, _params)));
    };
    return fn;
};
const _decodeAsync = (_Err) => {
    const parseAsync = _parseAsync(_Err);
    const fn = async (schema, value, _ctx, _params) => {
        return await parseAsync(schema, value, _ctx, finalizeParams(fn, _params));
    };
    return fn;
};
const _safeEncode = (_Err) => (schema, value, _ctx) => {
    const ctx = _ctx ? { ..._ctx, direction: "backward" } : { direction: "backward" };
    return _safeParse(_Err)(schema, value, ctx);
};
const _safeDecode = (_Err) => (schema, value, _ctx) => {
    return _safeParse(_Err)(schema, value, _ctx);
};
const _safeEncodeAsync = (_Err) => async (schema, value, _ctx) => {
    const ctx = _ctx ? { ..._ctx, direction: "backward" } : { direction: "backward" };
    return _safeParseAsync(_Err)(schema, value, ctx);
};
const _safeDecodeAsync = (_Err) => async (schema, value, _ctx) => {
    return _safeParseAsync(_Err)(schema, value, _ctx);
};

/**
 * @deprecated CUID v1 is deprecated by its authors due to information leakage
 * (timestamps embedded in the id). Use {@link cuid2} instead.
 * See https://github.com/paralleldrive/cuid.
 */
const cuid = /^[cC][0-9a-z]{6,}$/;
const cuid2 = /^[0-9a-z]+$/;
const ulid = /^[0-7][0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{25}$/;
const xid = /^[0-9a-vA-V]{20}$/;
const ksuid = /^[A-Za-z0-9]{27}$/;
const nanoid = /^[a-zA-Z0-9_-]{21}$/;
function nanoidOfLength(length) {
    return new RegExp(`^[a-zA-Z0-9_-]{${length}}$`);
}
/** ISO 8601-1 duration regex. Does not support the 8601-2 extensions like negative durations or fractional/negative components. */
const duration = /^P(?:(\d+W)|(?!.*W)(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+([.,]\d+)?S)?)?)$/;
/** A regex for any UUID-like identifier: 8-4-4-4-12 hex pattern */
const guid = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;
/** Returns a regex for validating an RFC 9562/4122 UUID.
 *
 * @param version Optionally specify a version 1-8. If no version is specified, all versions are supported. */
const uuid = (version) => {
    if (!version)
        return /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/;
    return new RegExp(`^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-${version}[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12})$`);
};
/** Practical email validation */
const email = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;
// from https://thekevinscott.com/emojis-in-javascript/#writing-a-regular-expression
// Single character class, not an alternation: the two properties overlap (U+1F9B0-U+1F9B3), so `(A|B)+` backtracks exponentially on a failed match. The leading lookahead then demands one anchor — a pictograph, a regional indicator, or the enclosing keycap — because `\p{Emoji_Component}` on its own covers ASCII digits, `#`, `*`, ZWJ, variation selectors and skin tone modifiers, none of which is an emoji without a base.
const _emoji$1 = `^(?=[\\s\\S]*[\\p{Extended_Pictographic}\\p{Regional_Indicator}\\u20E3])[\\p{Extended_Pictographic}\\p{Emoji_Component}]+$`;
function emoji() {
    return new RegExp(_emoji$1, "u");
}
const ipv4 = /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])$/;
const ipv6 = /^(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:((:[0-9a-fA-F]{1,4}){1,6})|:((:[0-9a-fA-F]{1,4}){1,7}|:))$/;
const cidrv4 = /^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\/([0-9]|[1-2][0-9]|3[0-2])$/;
const cidrv6 = /^(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:((:[0-9a-fA-F]{1,4}){1,6})|:((:[0-9a-fA-F]{1,4}){1,7}|:))\/(12[0-8]|1[01][0-9]|[1-9]?[0-9])$/;
// https://stackoverflow.com/questions/7860392/determine-if-string-is-in-base64-using-javascript
const base64 = /^$|^(?:[0-9a-zA-Z+/]{4})*(?:(?:[0-9a-zA-Z+/]{2}==)|(?:[0-9a-zA-Z+/]{3}=))?$/;
const base64url = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2,3})?$/;
const httpProtocol = /^https?$/;
// https://blog.stevenlevithan.com/archives/validate-phone-number#r4-3 (regex sans spaces) E.164: leading digit must be 1-9; total digits (excluding '+') between 7-15
const e164 = /^\+[1-9]\d{6,14}$/;
const dateSource = `(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))`;

function anchor(source) {
    return new RegExp(`^${source}$`);
}
const date = /*@__PURE__*/ anchor(dateSource);
function timeSource(args) {
    const hhmm = `(?:[01]\\d|2[0-3]):[0-5]\\d`;
    const regex = typeof args.precision === "number"
        ? args.precision === -1
            ? `${hhmm}`
            : args.precision === 0
                ? `${hhmm}:[0-5]\\d`
                : `${hhmm}:[0-5]\\d\\.\\d{${args.precision}}`
        : args.seconds
            ? `${hhmm}:[0-5]\\d(?:\\.\\d+)?`
            : `${hhmm}(?::[0-5]\\d(?:\\.\\d+)?)?`;
    return regex;
}
function time(args) {
    return new RegExp(`^${timeSource(args)}$`);
}
// Adapted from https://stackoverflow.com/a/3143231
function datetime(args) {
    const opts = ["Z"];
    // if (args.offset) opts.push(`([+-]\\d{2}:\\d{2})`);
    if (args.offset)
        opts.push(`([+-](?:[01]\\d|2[0-3]):[0-5]\\d)`);
    // RFC 3339 mandates seconds wherever the time carries a `Z` or an offset, so only the unqualified form `local` adds may omit them
    const qualified = `${timeSource({ precision: args.precision, seconds: true })}(?:${opts.join("|")})`;
    const timeRegex = args.local ? `${qualified}|${timeSource({ precision: args.precision })}` : qualified;
    return new RegExp(`^${dateSource}T(?:${timeRegex})$`);
}
// the unbounded form of `string()` as a literal, so every plain string shares one instance instead of building its own
const anyString = /^[\s\S]{0,}$/;
const number$1 = /^-?\d+(?:\.\d+)?$/;
const boolean$1 = /^(?:true|false)$/i;
// regex for string with no uppercase letters
const lowercase = /^[^A-Z]*$/;
// regex for string with no lowercase letters
const uppercase = /^[^a-z]*$/;

// import { $ZodType } from "./schemas.js";
const $ZodCheck = /*@__PURE__*/ $constructor("$ZodCheck", (inst, def) => {
    var _a;
    inst._zod ?? (inst._zod = {});
    inst._zod.def = def;
    (_a = inst._zod).onattach ?? (_a.onattach = []);
});
/** Default `when` for length-based checks: run only on non-nullish values with a `length`. */
const _whenHasLength = (payload) => {
    const val = payload.value;
    return !nullish(val) && val.length !== undefined;
};
const numericOriginMap = {
    number: "number",
    bigint: "bigint",
    object: "date",
};
const $ZodCheckLessThan = /*@__PURE__*/ $constructor("$ZodCheckLessThan", (inst, def) => {
    $ZodCheck.init(inst, def);
    const origin = numericOriginMap[typeof def.value];
    inst._zod.check = (payload) => {
        if (def.inclusive ? payload.value <= def.value : payload.value < def.value) {
            return;
        }
        payload.issues.push({
            origin: numericOriginMap[typeof payload.value] ?? origin,
            code: "too_big",
            maximum: typeof def.value === "object" ? def.value.getTime() : def.value,
            input: payload.value,
            inclusive: def.inclusive,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckGreaterThan = /*@__PURE__*/ $constructor("$ZodCheckGreaterThan", (inst, def) => {
    $ZodCheck.init(inst, def);
    const origin = numericOriginMap[typeof def.value];
    inst._zod.check = (payload) => {
        if (def.inclusive ? payload.value >= def.value : payload.value > def.value) {
            return;
        }
        payload.issues.push({
            origin: numericOriginMap[typeof payload.value] ?? origin,
            code: "too_small",
            minimum: typeof def.value === "object" ? def.value.getTime() : def.value,
            input: payload.value,
            inclusive: def.inclusive,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckMultipleOf = 
/*@__PURE__*/ $constructor("$ZodCheckMultipleOf", (inst, def) => {
    $ZodCheck.init(inst, def);
    inst._zod.check = (payload) => {
        if (typeof payload.value !== typeof def.value)
            throw new Error("Cannot mix number and bigint in multiple_of check.");
        const isMultiple = typeof payload.value === "bigint"
            ? // `value % 0n` throws, and nothing is a multiple of zero — the number branch already fails this way via NaN
                def.value !== BigInt(0) && payload.value % def.value === BigInt(0)
            : floatSafeRemainder(payload.value, def.value) === 0;
        if (isMultiple)
            return;
        payload.issues.push({
            origin: typeof payload.value,
            code: "not_multiple_of",
            divisor: def.value,
            input: payload.value,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckNumberFormat = /*@__PURE__*/ $constructor("$ZodCheckNumberFormat", (inst, def) => {
    $ZodCheck.init(inst, def); // no format checks
    def.format = def.format || "float64";
    const isInt = def.format?.includes("int");
    const origin = isInt ? "int" : "number";
    const [minimum, maximum] = NUMBER_FORMAT_RANGES[def.format];
    inst._zod.check = (payload) => {
        const input = payload.value;
        if (isInt) {
            if (!Number.isInteger(input)) {
                // invalid_format issue
                // payload.issues.push({
                //   expected: def.format,
                //   format: def.format,
                //   code: "invalid_format",
                //   input,
                //   inst,
                // });
                // invalid_type issue
                payload.issues.push({
                    expected: origin,
                    format: def.format,
                    code: "invalid_type",
                    continue: false,
                    input,
                    inst,
                });
                return;
                // not_multiple_of issue
                // payload.issues.push({
                //   code: "not_multiple_of",
                //   origin: "number",
                //   input,
                //   inst,
                //   divisor: 1,
                // });
            }
            if (!Number.isSafeInteger(input)) {
                if (input > 0) {
                    // too_big
                    payload.issues.push({
                        input,
                        code: "too_big",
                        maximum: Number.MAX_SAFE_INTEGER,
                        note: "Integers must be within the safe integer range.",
                        inst,
                        origin,
                        inclusive: true,
                        continue: !def.abort,
                    });
                }
                else {
                    // too_small
                    payload.issues.push({
                        input,
                        code: "too_small",
                        minimum: Number.MIN_SAFE_INTEGER,
                        note: "Integers must be within the safe integer range.",
                        inst,
                        origin,
                        inclusive: true,
                        continue: !def.abort,
                    });
                }
                return;
            }
        }
        if (input < minimum) {
            payload.issues.push({
                origin: "number",
                input,
                code: "too_small",
                minimum,
                inclusive: true,
                inst,
                continue: !def.abort,
            });
        }
        if (input > maximum) {
            payload.issues.push({
                origin: "number",
                input,
                code: "too_big",
                maximum,
                inclusive: true,
                inst,
                continue: !def.abort,
            });
        }
    };
});
const $ZodCheckMaxLength = /*@__PURE__*/ $constructor("$ZodCheckMaxLength", (inst, def) => {
    var _a;
    $ZodCheck.init(inst, def);
    (_a = inst._zod.def).when ?? (_a.when = _whenHasLength);
    inst._zod.check = (payload) => {
        const input = payload.value;
        const units = input.length;
        // Strings are measured in Unicode code points, not UTF-16 units. A code point is at most two units, so a string that already fits in units fits in code points; only an overflow has to be counted.
        const length = typeof input === "string" && units > def.maximum ? codePointLength(input) : units;
        if (length <= def.maximum)
            return;
        const origin = getLengthableOrigin(input);
        payload.issues.push({
            origin,
            code: "too_big",
            maximum: def.maximum,
            inclusive: true,
            input,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckMinLength = /*@__PURE__*/ $constructor("$ZodCheckMinLength", (inst, def) => {
    var _a;
    $ZodCheck.init(inst, def);
    (_a = inst._zod.def).when ?? (_a.when = _whenHasLength);
    inst._zod.check = (payload) => {
        const input = payload.value;
        const units = input.length;
        // A code point is one or two UTF-16 units, so fewer units than the floor can never reach it and twice the floor always clears it. Only in between is the exact count in doubt.
        const length = typeof input === "string" && units >= def.minimum && units < def.minimum * 2
            ? codePointLength(input)
            : units;
        if (length >= def.minimum)
            return;
        const origin = getLengthableOrigin(input);
        payload.issues.push({
            origin,
            code: "too_small",
            minimum: def.minimum,
            inclusive: true,
            input,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckLengthEquals = /*@__PURE__*/ $constructor("$ZodCheckLengthEquals", (inst, def) => {
    var _a;
    $ZodCheck.init(inst, def);
    (_a = inst._zod.def).when ?? (_a.when = _whenHasLength);
    inst._zod.check = (payload) => {
        const input = payload.value;
        const units = input.length;
        // A code point is one or two UTF-16 units, so outside `[length, length * 2]` units the target is missed either way — and missed in the same direction in both measures.
        const length = typeof input === "string" && units >= def.length && units <= def.length * 2
            ? codePointLength(input)
            : units;
        if (length === def.length)
            return;
        const origin = getLengthableOrigin(input);
        const tooBig = length > def.length;
        payload.issues.push({
            origin,
            ...(tooBig ? { code: "too_big", maximum: def.length } : { code: "too_small", minimum: def.length }),
            inclusive: true,
            exact: true,
            input: payload.value,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckStringFormat = /*@__PURE__*/ $constructor("$ZodCheckStringFormat", (inst, def) => {
    var _a, _b;
    $ZodCheck.init(inst, def);
    if (def.pattern)
        (_a = inst._zod).check ?? (_a.check = (payload) => {
            def.pattern.lastIndex = 0;
            if (def.pattern.test(payload.value))
                return;
            payload.issues.push({
                origin: "string",
                code: "invalid_format",
                format: def.format,
                input: payload.value,
                ...(def.pattern ? { pattern: def.pattern.toString() } : {}),
                inst,
                continue: !def.abort,
            });
        });
    else
        (_b = inst._zod).check ?? (_b.check = () => { });
});
const $ZodCheckRegex = /*@__PURE__*/ $constructor("$ZodCheckRegex", (inst, def) => {
    $ZodCheckStringFormat.init(inst, def);
    inst._zod.check = (payload) => {
        def.pattern.lastIndex = 0;
        if (def.pattern.test(payload.value))
            return;
        payload.issues.push({
            origin: "string",
            code: "invalid_format",
            format: "regex",
            input: payload.value,
            pattern: def.pattern.toString(),
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckLowerCase = /*@__PURE__*/ $constructor("$ZodCheckLowerCase", (inst, def) => {
    def.pattern ?? (def.pattern = lowercase);
    $ZodCheckStringFormat.init(inst, def);
});
const $ZodCheckUpperCase = /*@__PURE__*/ $constructor("$ZodCheckUpperCase", (inst, def) => {
    def.pattern ?? (def.pattern = uppercase);
    $ZodCheckStringFormat.init(inst, def);
});
const $ZodCheckIncludes = /*@__PURE__*/ $constructor("$ZodCheckIncludes", (inst, def) => {
    $ZodCheck.init(inst, def);
    const escapedRegex = escapeRegex(def.includes);
    // `String.prototype.includes(sub, position)` matches `sub` at `position`
    // OR LATER, so the pattern must allow at least `position` leading chars
    // (`{N,}`), not exactly `position` chars (`{N}`).
    const pattern = new RegExp(typeof def.position === "number" ? `^.{${def.position},}${escapedRegex}` : escapedRegex);
    def.pattern = pattern;
    inst._zod.check = (payload) => {
        if (payload.value.includes(def.includes, def.position))
            return;
        payload.issues.push({
            origin: "string",
            code: "invalid_format",
            format: "includes",
            includes: def.includes,
            input: payload.value,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckStartsWith = /*@__PURE__*/ $constructor("$ZodCheckStartsWith", (inst, def) => {
    $ZodCheck.init(inst, def);
    const pattern = new RegExp(`^${escapeRegex(def.prefix)}.*`);
    def.pattern ?? (def.pattern = pattern);
    inst._zod.check = (payload) => {
        if (payload.value.startsWith(def.prefix))
            return;
        payload.issues.push({
            origin: "string",
            code: "invalid_format",
            format: "starts_with",
            prefix: def.prefix,
            input: payload.value,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckEndsWith = /*@__PURE__*/ $constructor("$ZodCheckEndsWith", (inst, def) => {
    $ZodCheck.init(inst, def);
    const pattern = new RegExp(`.*${escapeRegex(def.suffix)}$`);
    def.pattern ?? (def.pattern = pattern);
    inst._zod.check = (payload) => {
        if (payload.value.endsWith(def.suffix))
            return;
        payload.issues.push({
            origin: "string",
            code: "invalid_format",
            format: "ends_with",
            suffix: def.suffix,
            input: payload.value,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckOverwrite = /*@__PURE__*/ $constructor("$ZodCheckOverwrite", (inst, def) => {
    $ZodCheck.init(inst, def);
    inst._zod.check = (payload) => {
        payload.value = def.tx(payload.value);
    };
});

class Doc {
    constructor(args = [], closed = {}) {
        this.content = [];
        this.indent = 0;
        this.args = args;
        this.closed = closed;
    }
    // the compiler catches a child's throw and keeps writing into this doc, so the indent has to unwind with it
    indented(fn) {
        this.indent += 1;
        try {
            fn(this);
        }
        finally {
            this.indent -= 1;
        }
    }
    write(arg) {
        if (typeof arg === "function") {
            arg(this, { execution: "sync" });
            arg(this, { execution: "async" });
            return;
        }
        const content = arg;
        const lines = content.split("\n").filter((x) => x);
        const minIndent = Math.min(...lines.map((x) => x.length - x.trimStart().length));
        const dedented = lines.map((x) => x.slice(minIndent)).map((x) => " ".repeat(this.indent * 2) + x);
        for (const line of dedented) {
            this.content.push(line);
        }
    }
    compile() {
        const F = Function;
        const content = this?.content ?? [``];
        const factory = new F(...Object.keys(this.closed), `return function (${this.args.join(", ")}) {\n${content.join("\n")}\n};`);
        return factory(...Object.values(this.closed));
    }
}

const version = {
    major: 4,
    minor: 6,
    patch: 7,
};

const $ZodType = /*@__PURE__*/ $constructor("$ZodType", (inst, def) => {
    var _a;
    inst ?? (inst = {});
    inst._zod.def = def; // set _def property
    inst._zod.bag = inst._zod.bag || {}; // initialize _bag object
    inst._zod.version = version;
    const defChecks = inst._zod.def.checks;
    // if inst is itself a checks.$ZodCheck, run it as a check
    const checks = inst._zod.traits.has("$ZodCheck")
        ? [inst, ...(defChecks ?? [])]
        : defChecks?.length
            ? [...defChecks]
            : [];
    for (const ch of checks) {
        for (const fn of ch._zod.onattach) {
            fn(inst);
        }
    }
    if (checks.length === 0) {
        // deferred initializer inst._zod.parse is not yet defined
        (_a = inst._zod).deferred ?? (_a.deferred = []);
        inst._zod.deferred?.push(() => {
            inst._zod.run = inst._zod.parse;
        });
    }
    else {
        const runChecks = (payload, checks, ctx) => {
            if (payload.memo)
                return payload;
            let isAborted = aborted(payload);
            let asyncResult;
            for (const ch of checks) {
                if (ch._zod.def.when) {
                    if (explicitlyAborted(payload))
                        continue;
                    const shouldRun = ch._zod.def.when(payload);
                    if (!shouldRun)
                        continue;
                }
                else if (isAborted) {
                    continue;
                }
                const currLen = payload.issues.length;
                const _ = ch._zod.check(payload);
                if (_ instanceof Promise && ctx?.async === false) {
                    throw new $ZodAsyncError();
                }
                if (asyncResult || _ instanceof Promise) {
                    asyncResult = (asyncResult ?? Promise.resolve()).then(async () => {
                        await _;
                        const nextLen = payload.issues.length;
                        if (nextLen === currLen)
                            return;
                        attachSchema(payload.issues, currLen, inst);
                        if (!isAborted)
                            isAborted = aborted(payload, currLen);
                    });
                }
                else {
                    const nextLen = payload.issues.length;
                    if (nextLen === currLen)
                        continue;
                    attachSchema(payload.issues, currLen, inst);
                    if (!isAborted)
                        isAborted = aborted(payload, currLen);
                }
            }
            if (asyncResult) {
                return asyncResult.then(() => {
                    return payload;
                });
            }
            return payload;
        };
        const handleCanaryResult = (canary, payload, ctx) => {
            // abort if the canary is aborted
            if (aborted(canary)) {
                canary.aborted = true;
                return canary;
            }
            // run checks first, then
            const checkResult = runChecks(payload, checks, ctx);
            if (checkResult instanceof Promise) {
                if (ctx.async === false)
                    throw new $ZodAsyncError();
                return checkResult.then((checkResult) => inst._zod.parse(checkResult, ctx));
            }
            return inst._zod.parse(checkResult, ctx);
        };
        inst._zod.run = (payload, ctx) => {
            if (ctx.skipChecks) {
                return inst._zod.parse(payload, ctx);
            }
            if (ctx.direction === "backward") {
                // run canary initial pass (no checks)
                const canary = inst._zod.parse({ value: payload.value, issues: [] }, { ...ctx, skipChecks: true });
                if (canary instanceof Promise) {
                    return canary.then((canary) => {
                        return handleCanaryResult(canary, payload, ctx);
                    });
                }
                return handleCanaryResult(canary, payload, ctx);
            }
            // forward
            const result = inst._zod.parse(payload, ctx);
            if (result instanceof Promise) {
                if (ctx.async === false)
                    throw new $ZodAsyncError();
                return result.then((result) => runChecks(result, checks, ctx));
            }
            return runChecks(result, checks, ctx);
        };
    }
}, {
    // Wrappers extend this by installing a richer factory over it; reading it eagerly would defeat the laziness.
    get "~standard"() {
        return hide(this, "~standard", standardProps(this));
    },
    set "~standard"(value) {
        own(this, "~standard", value);
    },
});
/** The Standard Schema surface for `inst`. Shared so wrappers can extend it without forcing it. */
// a Standard Schema result only reports issues, so a failure finalizes them straight off the raw payload: no ZodError, and no lazy result to read through
const toStandardResult = (r, ctx) => r.issues.length ? { issues: r.issues.map((iss) => finalizeIssue(iss, ctx, config())) } : { value: r.value };
async function validateAsync(inst, value) {
    const ctx = { async: true };
    return toStandardResult((await inst._zod.run({ value, issues: [] }, ctx)), ctx);
}
function standardProps(inst) {
    return {
        validate: (value) => {
            const ctx = { async: false };
            try {
                const r = inst._zod.run({ value, issues: [] }, ctx);
                if (!(r instanceof Promise))
                    return toStandardResult(r, ctx);
            }
            catch (_) { }
            // async function so a synchronously throwing check rejects instead of escaping validate
            return validateAsync(inst, value);
        },
        vendor: "zod",
        version: 1,
    };
}
const $ZodString = /*@__PURE__*/ $constructor("$ZodString", (inst, def) => {
    $ZodType.init(inst, def);
    // a format's own pattern, else unbounded; a template literal derives the check-aware form itself
    inst._zod.pattern = def.pattern ?? anyString;
    inst._zod.parse = (payload, _) => {
        if (def.coerce)
            try {
                payload.value = String(payload.value);
            }
            catch (_) { }
        if (typeof payload.value === "string")
            return payload;
        payload.issues.push({
            expected: "string",
            code: "invalid_type",
            input: payload.value,
            inst,
        });
        return payload;
    };
});
const $ZodStringFormat = /*@__PURE__*/ $constructor("$ZodStringFormat", (inst, def) => {
    // check initialization must come first
    $ZodCheckStringFormat.init(inst, def);
    $ZodString.init(inst, def);
});
const $ZodGUID = /*@__PURE__*/ $constructor("$ZodGUID", (inst, def) => {
    def.pattern ?? (def.pattern = guid);
    $ZodStringFormat.init(inst, def);
});
const $ZodUUID = /*@__PURE__*/ $constructor("$ZodUUID", (inst, def) => {
    if (def.version) {
        const versionMap = {
            v1: 1,
            v2: 2,
            v3: 3,
            v4: 4,
            v5: 5,
            v6: 6,
            v7: 7,
            v8: 8,
        };
        const v = versionMap[def.version];
        if (v === undefined)
            throw new Error(`Invalid UUID version: "${def.version}"`);
        def.pattern ?? (def.pattern = uuid(v));
    }
    else
        def.pattern ?? (def.pattern = uuid());
    $ZodStringFormat.init(inst, def);
});
const $ZodEmail = /*@__PURE__*/ $constructor("$ZodEmail", (inst, def) => {
    def.pattern ?? (def.pattern = email);
    $ZodStringFormat.init(inst, def);
});
/** The `://` guard rejected the input before the URL constructor saw it. */
const URL_BAD_FORMAT = 1;
/** The URL parser rejected the input. */
const URL_UNPARSEABLE = 2;
function canParseURL(input) {
    try {
        if (typeof URL !== "undefined" && typeof URL.canParse === "function")
            return URL.canParse(input);
        new URL(input);
        return true;
    }
    catch {
        return false;
    }
}
function validateURL(trimmed, def) {
    if (!("normalize" in def) && !("hostname" in def) && !("protocol" in def)) {
        return canParseURL(trimmed) || URL_UNPARSEABLE;
    }
    return parseURLObject(trimmed, def);
}
/** Parses a URL while preserving the non-normalizing HTTP guard. */
function parseURLObject(trimmed, def) {
    // When normalize is off, require :// for http/https URLs. This prevents strings like "http:example.com" or "https:/path" from being silently accepted
    if (!def.normalize && def.protocol?.source === httpProtocol.source && !/^https?:\/\//i.test(trimmed)) {
        return URL_BAD_FORMAT;
    }
    try {
        if (typeof URL !== "undefined") {
            const URLStatic = URL;
            if (typeof URLStatic.parse === "function")
                return URLStatic.parse(trimmed) ?? URL_UNPARSEABLE;
        }
        // @ts-ignore
        return new URL(trimmed);
    }
    catch {
        return URL_UNPARSEABLE;
    }
}
const asciiTabOrNewline = /[\t\n\r]/g;
/** The URL parser deletes every ASCII tab, LF and CR from its input before it parses, so `new URL("https://exa\nmple.com")` reports on `example.com`. Applying the same deletion to the returned value closes the half of that divergence which can move the host; the parser's other rewrite, stripping C0 controls at the edges, cannot. */
function stripTabAndNewline(value) {
    return value.replace(asciiTabOrNewline, "");
}
function urlHostnameOk(url, hostname) {
    hostname.lastIndex = 0;
    return hostname.test(url.hostname);
}
function urlProtocolOk(url, protocol) {
    protocol.lastIndex = 0;
    return protocol.test(url.protocol.endsWith(":") ? url.protocol.slice(0, -1) : url.protocol);
}
const $ZodURL = /*@__PURE__*/ $constructor("$ZodURL", (inst, def) => {
    $ZodStringFormat.init(inst, def);
    inst._zod.check = (payload) => {
        try {
            // Trim whitespace from input
            const trimmed = payload.value.trim();
            const url = validateURL(trimmed, def);
            if (url === URL_BAD_FORMAT) {
                payload.issues.push({
                    code: "invalid_format",
                    format: "url",
                    note: "Invalid URL format",
                    input: payload.value,
                    inst,
                    continue: !def.abort,
                });
                return;
            }
            if (url === URL_UNPARSEABLE) {
                payload.issues.push({
                    code: "invalid_format",
                    format: "url",
                    input: payload.value,
                    inst,
                    continue: !def.abort,
                });
                return;
            }
            if (url === true) {
                payload.value = stripTabAndNewline(trimmed);
                return;
            }
            if (def.hostname && !urlHostnameOk(url, def.hostname)) {
                payload.issues.push({
                    code: "invalid_format",
                    format: "url",
                    note: "Invalid hostname",
                    pattern: def.hostname.source,
                    input: payload.value,
                    inst,
                    continue: !def.abort,
                });
            }
            if (def.protocol && !urlProtocolOk(url, def.protocol)) {
                payload.issues.push({
                    code: "invalid_format",
                    format: "url",
                    note: "Invalid protocol",
                    pattern: def.protocol.source,
                    input: payload.value,
                    inst,
                    continue: !def.abort,
                });
            }
            // Set the output value based on normalize flag
            payload.value = def.normalize ? url.href : stripTabAndNewline(trimmed);
            return;
        }
        catch (_) {
            payload.issues.push({
                code: "invalid_format",
                format: "url",
                input: payload.value,
                inst,
                continue: !def.abort,
            });
        }
    };
});
const $ZodEmoji = /*@__PURE__*/ $constructor("$ZodEmoji", (inst, def) => {
    def.pattern ?? (def.pattern = emoji());
    $ZodStringFormat.init(inst, def);
});
const $ZodNanoID = /*@__PURE__*/ $constructor("$ZodNanoID", (inst, def) => {
    if (def.length !== undefined && (!Number.isInteger(def.length) || def.length < 1))
        throw new Error(`Invalid nanoid length: ${def.length}`);
    def.pattern ?? (def.pattern = def.length === undefined ? nanoid : nanoidOfLength(def.length));
    $ZodStringFormat.init(inst, def);
});
/**
 * @deprecated CUID v1 is deprecated by its authors due to information leakage
 * (timestamps embedded in the id). Use {@link $ZodCUID2} instead.
 * See https://github.com/paralleldrive/cuid.
 */
const $ZodCUID = /*@__PURE__*/ $constructor("$ZodCUID", (inst, def) => {
    def.pattern ?? (def.pattern = cuid);
    $ZodStringFormat.init(inst, def);
});
const $ZodCUID2 = /*@__PURE__*/ $constructor("$ZodCUID2", (inst, def) => {
    def.pattern ?? (def.pattern = cuid2);
    $ZodStringFormat.init(inst, def);
});
const $ZodULID = /*@__PURE__*/ $constructor("$ZodULID", (inst, def) => {
    def.pattern ?? (def.pattern = ulid);
    $ZodStringFormat.init(inst, def);
});
const $ZodXID = /*@__PURE__*/ $constructor("$ZodXID", (inst, def) => {
    def.pattern ?? (def.pattern = xid);
    $ZodStringFormat.init(inst, def);
});
const $ZodKSUID = /*@__PURE__*/ $constructor("$ZodKSUID", (inst, def) => {
    def.pattern ?? (def.pattern = ksuid);
    $ZodStringFormat.init(inst, def);
});
const $ZodISODateTime = /*@__PURE__*/ $constructor("$ZodISODateTime", (inst, def) => {
    def.pattern ?? (def.pattern = datetime(def));
    $ZodStringFormat.init(inst, def);
});
const $ZodISODate = /*@__PURE__*/ $constructor("$ZodISODate", (inst, def) => {
    def.pattern ?? (def.pattern = date);
    $ZodStringFormat.init(inst, def);
});
const $ZodISOTime = /*@__PURE__*/ $constructor("$ZodISOTime", (inst, def) => {
    def.pattern ?? (def.pattern = time(def));
    $ZodStringFormat.init(inst, def);
});
const $ZodISODuration = /*@__PURE__*/ $constructor("$ZodISODuration", (inst, def) => {
    def.pattern ?? (def.pattern = duration);
    $ZodStringFormat.init(inst, def);
});
const $ZodIPv4 = /*@__PURE__*/ $constructor("$ZodIPv4", (inst, def) => {
    def.pattern ?? (def.pattern = ipv4);
    $ZodStringFormat.init(inst, def);
});
/** An IPv6 address is written with hex digits, colons and dots, and nothing else. The guard is what makes the check below an IPv6 check: `new URL("http://[...]")` parses an authority, not an address, so `@` and `\` re-delimit it and `"::@1\\"` validates against the host `0.0.0.1`. The URL parser also deletes ASCII tab, LF and CR rather than failing, which is how `"::1\n"` validated as `::1`. */
const ipv6Alphabet = /^[0-9a-fA-F:.]+$/;
function isValidIPv6(value) {
    if (!ipv6Alphabet.test(value))
        return false;
    return canParseURL(`http://[${value}]`);
}
const $ZodIPv6 = /*@__PURE__*/ $constructor("$ZodIPv6", (inst, def) => {
    def.pattern ?? (def.pattern = ipv6);
    $ZodStringFormat.init(inst, def);
    inst._zod.check = (payload) => {
        if (!isValidIPv6(payload.value)) {
            payload.issues.push({
                code: "invalid_format",
                format: "ipv6",
                input: payload.value,
                inst,
                continue: !def.abort,
            });
        }
    };
});
const $ZodCIDRv4 = /*@__PURE__*/ $constructor("$ZodCIDRv4", (inst, def) => {
    def.pattern ?? (def.pattern = cidrv4);
    $ZodStringFormat.init(inst, def);
});
function isValidCIDRv6(value) {
    const parts = value.split("/");
    if (parts.length !== 2)
        return false;
    const [address, prefix] = parts;
    if (!prefix)
        return false;
    const prefixNum = Number(prefix);
    if (`${prefixNum}` !== prefix)
        return false;
    if (prefixNum < 0 || prefixNum > 128)
        return false;
    return isValidIPv6(address);
}
const $ZodCIDRv6 = /*@__PURE__*/ $constructor("$ZodCIDRv6", (inst, def) => {
    def.pattern ?? (def.pattern = cidrv6); // not used for validation
    $ZodStringFormat.init(inst, def);
    inst._zod.check = (payload) => {
        if (!isValidCIDRv6(payload.value)) {
            payload.issues.push({
                code: "invalid_format",
                format: "cidrv6",
                input: payload.value,
                inst,
                continue: !def.abort,
            });
        }
    };
});
//////////////////////////////   ZodBase64   //////////////////////////////
function isValidBase64(data) {
    if (data === "")
        return true;
    // atob ignores whitespace, so reject it up front.
    if (/\s/.test(data))
        return false;
    if (data.length % 4 !== 0)
        return false;
    try {
        // @ts-ignore
        atob(data);
        return true;
    }
    catch {
        return false;
    }
}
// lax on purpose: the quantified regexes.base64 overflows the regex stack on multi-MB input and its leading ^$| alternation leaks through template-literal composition; isValidBase64 enforces length and padding
const base64Charset = /^[0-9a-zA-Z+/]*={0,2}$/;
const $ZodBase64 = /*@__PURE__*/ $constructor("$ZodBase64", (inst, def) => {
    def.pattern ?? (def.pattern = base64Charset);
    $ZodStringFormat.init(inst, def);
    inst._zod.check = (payload) => {
        if (isValidBase64(payload.value))
            return;
        payload.issues.push({
            code: "invalid_format",
            format: "base64",
            input: payload.value,
            inst,
            continue: !def.abort,
        });
    };
});
//////////////////////////////   ZodBase64URL   //////////////////////////////
// lax on purpose: the quantified regexes.base64url overflows the regex stack on multi-MB input; isValidBase64 enforces length on the padded string
const base64urlCharset = /^[A-Za-z0-9_-]*$/;
function isValidBase64URL(data) {
    if (!base64urlCharset.test(data))
        return false;
    const base64 = data.replace(/[-_]/g, (c) => (c === "-" ? "+" : "/"));
    const padded = base64.padEnd(Math.ceil(base64.length / 4) * 4, "=");
    return isValidBase64(padded);
}
const $ZodBase64URL = /*@__PURE__*/ $constructor("$ZodBase64URL", (inst, def) => {
    def.pattern ?? (def.pattern = base64urlCharset);
    $ZodStringFormat.init(inst, def);
    inst._zod.check = (payload) => {
        if (isValidBase64URL(payload.value))
            return;
        payload.issues.push({
            code: "invalid_format",
            format: "base64url",
            input: payload.value,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodE164 = /*@__PURE__*/ $constructor("$ZodE164", (inst, def) => {
    def.pattern ?? (def.pattern = e164);
    $ZodStringFormat.init(inst, def);
});
//////////////////////////////   ZodJWT   //////////////////////////////
function isValidJWT(token, algorithm = null) {
    try {
        const tokensParts = token.split(".");
        if (tokensParts.length !== 3)
            return false;
        const [header] = tokensParts;
        if (!header)
            return false;
        // @ts-ignore
        const parsedHeader = JSON.parse(atob(header));
        if ("typ" in parsedHeader && parsedHeader?.typ !== "JWT")
            return false;
        if (!parsedHeader.alg)
            return false;
        if (algorithm && (!("alg" in parsedHeader) || parsedHeader.alg !== algorithm))
            return false;
        return true;
    }
    catch {
        return false;
    }
}
const $ZodJWT = /*@__PURE__*/ $constructor("$ZodJWT", (inst, def) => {
    $ZodStringFormat.init(inst, def);
    inst._zod.check = (payload) => {
        if (isValidJWT(payload.value, def.alg))
            return;
        payload.issues.push({
            code: "invalid_format",
            format: "jwt",
            input: payload.value,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodNumber = /*@__PURE__*/ $constructor("$ZodNumber", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.pattern = number$1;
    inst._zod.parse = (payload, _ctx) => {
        if (def.coerce)
            try {
                payload.value = Number(payload.value);
            }
            catch (_) { }
        const input = payload.value;
        if (typeof input === "number" && !Number.isNaN(input) && Number.isFinite(input)) {
            return payload;
        }
        const received = typeof input === "number"
            ? Number.isNaN(input)
                ? "NaN"
                : !Number.isFinite(input)
                    ? String(input)
                    : undefined
            : undefined;
        payload.issues.push({
            expected: "number",
            code: "invalid_type",
            input,
            inst,
            ...(received ? { received } : {}),
        });
        return payload;
    };
});
const $ZodNumberFormat = /*@__PURE__*/ $constructor("$ZodNumberFormat", (inst, def) => {
    $ZodCheckNumberFormat.init(inst, def);
    $ZodNumber.init(inst, def); // no format checks
});
const $ZodBoolean = /*@__PURE__*/ $constructor("$ZodBoolean", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.pattern = boolean$1;
    inst._zod.parse = (payload, _ctx) => {
        if (def.coerce)
            try {
                payload.value = Boolean(payload.value);
            }
            catch (_) { }
        const input = payload.value;
        if (typeof input === "boolean")
            return payload;
        payload.issues.push({
            expected: "boolean",
            code: "invalid_type",
            input,
            inst,
        });
        return payload;
    };
});
const $ZodUnknown = /*@__PURE__*/ $constructor("$ZodUnknown", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.parse = (payload) => payload;
});
const $ZodNever = /*@__PURE__*/ $constructor("$ZodNever", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.parse = (payload, _ctx) => {
        payload.issues.push({
            expected: "never",
            code: "invalid_type",
            input: payload.value,
            inst,
        });
        return payload;
    };
});
// an oversized container fails its leading size checks before any element is parsed
function capSize(inst, size) {
    const caps = sizeCaps(inst._zod.def.checks);
    if (!caps.length)
        return;
    const cap = Math.min(...caps.map((c) => c[0]));
    const parse = inst._zod.parse;
    inst._zod.parse = (payload, ctx) => {
        const n = size(payload.value);
        if (n > cap && !ctx?.skipChecks && ctx?.direction !== "backward") {
            for (const [max, ch] of sizeCaps(inst._zod.def.checks)) {
                if (n > max && ch._zod.def.when(payload)) {
                    const start = payload.issues.length;
                    ch._zod.check(payload);
                    // the value is still the raw input, so no later check may read it
                    payload.issues[start].continue = false;
                    attachSchema(payload.issues, start, inst);
                    return payload;
                }
            }
        }
        return parse(payload, ctx);
    };
}
const arraySize = (input) => (Array.isArray(input) ? input.length : -1);
function handleArrayResult(result, final, index) {
    if (result.issues.length) {
        final.issues.push(...prefixIssues(index, result.issues));
    }
    final.value[index] = result.value;
}
const $ZodArray = /*@__PURE__*/ $constructor("$ZodArray", (inst, def) => {
    $ZodType.init(inst, def);
    const memo = globalConfig.memoizer;
    memo?.attach(inst);
    inst._zod.parse = (payload, ctx) => {
        const input = payload.value;
        if (!Array.isArray(input)) {
            payload.issues.push({
                expected: "array",
                code: "invalid_type",
                input,
                inst,
            });
            return payload;
        }
        payload.value = memo ? memo.alloc(inst, payload, Array(input.length), ctx) : Array(input.length);
        const proms = [];
        const abortEarly = ctx?.abortEarly;
        for (let i = 0; i < input.length; i++) {
            const item = input[i];
            const result = def.element._zod.run({
                value: item,
                issues: [],
            }, ctx);
            if (result instanceof Promise) {
                proms.push(result.then((result) => handleArrayResult(result, payload, i)));
            }
            else {
                handleArrayResult(result, payload, i);
                // the element's payload is authoritative here, since handleArrayResult forwards every issue; an object's is not, because it drops a failed absent optional
                if (abortEarly && result.issues.length !== 0 && aborted(result))
                    break;
            }
        }
        if (proms.length) {
            return Promise.all(proms).then(() => payload);
        }
        return payload; //handleArrayResultsAsync(parseResults, final);
    };
    capSize(inst, arraySize);
});
function handlePropertyResult(result, final, key, input, optin, optout) {
    const isPresent = key in input;
    const isOptionalOut = optout === "optional";
    // The middle rung means "absence permitted, nothing supplied in its place", so an absent key contributes nothing — whatever the schema made of `undefined` is invented, not substituted. Only `optional` reaches this with a value: `defaulted` substitutes, and a schema that isn't optional-out has to keep the key.
    if (!isPresent && isOptionalOut && optin === "optional") {
        return;
    }
    if (result.issues.length) {
        // For optional-in/out schemas, ignore errors on absent keys.
        if (optin !== undefined && isOptionalOut && !isPresent) {
            return;
        }
        final.issues.push(...prefixIssues(key, result.issues));
    }
    if (!isPresent && optin === undefined) {
        if (!result.issues.length) {
            final.issues.push({
                code: "invalid_type",
                expected: "nonoptional",
                input: undefined,
                path: [key],
            });
        }
        return;
    }
    if (result.value === undefined) {
        if (isPresent || (optin === "defaulted" && !isOptionalOut)) {
            final.value[key] = undefined;
        }
    }
    else {
        final.value[key] = result.value;
    }
}
// one shared instance; a fresh [] per schema cost 56 bytes retained
const NO_SYMBOL_KEYS = [];
function normalizeDef(def) {
    const keys = Object.keys(def.shape);
    const ownSymbols = Object.getOwnPropertySymbols(def.shape);
    const symbolKeys = ownSymbols.length ? ownSymbols : NO_SYMBOL_KEYS;
    // aliases `keys` when there are no symbols, so a string-only shape keeps one array
    const allKeys = symbolKeys.length ? [...keys, ...symbolKeys] : keys;
    for (const k of allKeys) {
        if (!def.shape?.[k]?._zod?.traits?.has("$ZodType")) {
            throw new Error(`Invalid element at key "${String(k)}": expected a Zod schema`);
        }
    }
    const okeys = optionalKeys(def.shape);
    return {
        ...def,
        allKeys,
        symbolKeys,
        // string-only: handleCatchall matches it against `for...in`, which never yields a symbol
        keySet: new Set(keys),
        numKeys: keys.length,
        optionalKeys: new Set(okeys),
    };
}
function handleCatchall(proms, input, payload, ctx, def, inst, abortEarly) {
    const unrecognized = [];
    const keySet = def.keySet;
    const _catchall = def.catchall._zod;
    const t = _catchall.def.type;
    const optin = _catchall.optin;
    const optout = _catchall.optout;
    // starts at 0, not the current length: the shape phase already ran and may have aborted
    let seen = 0;
    for (const key in input) {
        if (abortEarly && payload.issues.length !== seen) {
            if (aborted(payload, seen))
                break;
            seen = payload.issues.length;
        }
        // Must precede the __proto__ branch: a declared key is not unrecognized, even though the shape loop deliberately strips __proto__ from the parsed output.
        if (keySet.has(key))
            continue;
        // Don't copy an undeclared __proto__ into the result; assignment to a plain {} would replace the result prototype. But in strict mode it is still an unknown key, so report it before skipping.
        if (key === "__proto__") {
            if (t === "never")
                unrecognized.push(key);
            continue;
        }
        if (t === "never") {
            unrecognized.push(key);
            continue;
        }
        const r = _catchall.run({ value: input[key], issues: [] }, ctx);
        if (r instanceof Promise) {
            proms.push(r.then((r) => handlePropertyResult(r, payload, key, input, optin, optout)));
        }
        else {
            handlePropertyResult(r, payload, key, input, optin, optout);
        }
    }
    if (unrecognized.length) {
        payload.issues.push({
            code: "unrecognized_keys",
            keys: unrecognized,
            input,
            inst,
            // Describes the shape of the input, not the validity of the parsed value, so it never aborts. The parse still fails; the schema's own checks just get to run first, and an enclosing intersection can reconcile the key against a sibling operand.
            continue: true,
        });
    }
    if (!proms.length)
        return payload;
    return Promise.all(proms).then(() => {
        return payload;
    });
}
const $ZodObject = /*@__PURE__*/ $constructor("$ZodObject", (inst, def) => {
    // requires cast because technically $ZodObject doesn't extend
    $ZodType.init(inst, def);
    const desc = Object.getOwnPropertyDescriptor(def, "shape");
    // a cloned def carries its source's accessor, which knows the shape it answers from; adopting that keeps the clone's keys readable without running it
    const sh = desc?.get ? desc.get.raw : (def.shape ?? {});
    if (sh) {
        // Freezes the shape on first read, so its getters resolve once and every later read sees the same schemas.
        const get = () => {
            const newSh = { ...sh };
            Object.defineProperty(def, "shape", { value: newSh });
            get.raw = newSh;
            return newSh;
        };
        get.raw = sh;
        Object.defineProperty(def, "shape", { get });
    }
    const _normalized = cached(() => normalizeDef(def));
    defineLazyInternal(inst, "propValues", (zod) => {
        const shape = zod.def.shape;
        const propValues = {};
        for (const key in shape) {
            const field = shape[key]._zod;
            if (field.values) {
                if (!Object.prototype.hasOwnProperty.call(propValues, key)) {
                    assignProp(propValues, key, new Set());
                }
                for (const v of field.values)
                    propValues[key].add(v);
                // An omittable slot reads back as undefined at a discriminator lookup, so it has to claim undefined: two options that can both omit the key are not discriminable on it.
                if (field.optin !== undefined)
                    propValues[key].add(undefined);
            }
        }
        return propValues;
    });
    const isObject$1 = isObject;
    const catchall = def.catchall;
    let value;
    const memo = globalConfig.memoizer;
    memo?.attach(inst);
    inst._zod.parse = (payload, ctx) => {
        value ?? (value = _normalized.value);
        const input = payload.value;
        if (!isObject$1(input)) {
            payload.issues.push({
                expected: "object",
                code: "invalid_type",
                input,
                inst,
            });
            return payload;
        }
        payload.value = memo ? memo.alloc(inst, payload, {}, ctx) : {};
        const proms = [];
        const shape = value.shape;
        const abortEarly = ctx?.abortEarly;
        let seen = payload.issues.length;
        for (const key of value.allKeys) {
            if (abortEarly && payload.issues.length !== seen) {
                if (aborted(payload, seen))
                    break;
                seen = payload.issues.length;
            }
            if (key === "__proto__")
                continue;
            const el = shape[key];
            const optin = el._zod.optin;
            const optout = el._zod.optout;
            const r = el._zod.run({ value: input[key], issues: [] }, ctx);
            if (r instanceof Promise) {
                proms.push(r.then((r) => handlePropertyResult(r, payload, key, input, optin, optout)));
            }
            else {
                handlePropertyResult(r, payload, key, input, optin, optout);
            }
        }
        if (!catchall) {
            return proms.length ? Promise.all(proms).then(() => payload) : payload;
        }
        return handleCatchall(proms, input, payload, ctx, _normalized.value, inst, abortEarly === true);
    };
});
const $ZodObjectJIT = /*@__PURE__*/ $constructor("$ZodObjectJIT", (inst, def) => {
    // requires cast because technically $ZodObject doesn't extend
    $ZodObject.init(inst, def);
    const superParse = inst._zod.parse;
    const _normalized = cached(() => normalizeDef(def));
    const memo = globalConfig.memoizer;
    const generateFastpass = (shape) => {
        const normalized = _normalized.value;
        const syms = normalized.symbolKeys;
        // a symbol has no source literal, so it is read as `syms[i]` off the closed-over scope
        const doc = new Doc(["payload", "ctx"], { shape, inst, memo, syms });
        const parseStr = (k) => `shape[${k}]._zod.run({ value: input[${k}], issues: [] }, ctx)`;
        // prefixes in place, like util.prefixIssues. newResult must land before the early return: a catchall runs after this and would otherwise write onto the caller's input
        const prefixStr = (id, k) => `
          let ${id}_ab = false;
          for (let i = 0; i < ${id}.issues.length; i++) {
            const iss = ${id}.issues[i];
            iss.path = iss.path ? [${k}, ...iss.path] : [${k}];
            payload.issues.push(iss);
            if (iss.continue !== true) ${id}_ab = true;
          }
          if (${id}_ab && ctx && ctx.abortEarly) {
            payload.value = newResult;
            return payload;
          }`;
        doc.write(`const input = payload.value;`);
        const ids = Object.create(null);
        let counter = 0;
        for (const key of normalized.allKeys) {
            ids[key] = `key_${counter++}`;
        }
        // A: preserve key order {
        doc.write(memo ? `const newResult = memo.alloc(inst, payload, {}, ctx);` : `const newResult = {};`);
        for (const key of normalized.allKeys) {
            if (key === "__proto__")
                continue;
            const id = ids[key];
            const k = typeof key === "symbol" ? `syms[${syms.indexOf(key)}]` : esc(key);
            const isPresent = `${k} in input`;
            const schema = shape[key];
            const optin = schema?._zod?.optin;
            const isOptionalIn = optin !== undefined;
            const isOptionalOut = schema?._zod?.optout === "optional";
            doc.write(`const ${id} = ${parseStr(k)};`);
            if (isOptionalIn && isOptionalOut) {
                // For optional-in/out schemas, ignore errors on absent keys — and, like the interpreted path, drop the value produced alongside them. The middle rung goes further: it permits absence without supplying anything in its place, so an absent key contributes nothing at all.
                const assign = optin === "optional" ? `${id}_present` : `${id}.value !== undefined || ${id}_present`;
                doc.write(`
        const ${id}_present = ${isPresent};
        if (!${id}.issues.length || ${id}_present) {
          if (${id}.issues.length) {${prefixStr(id, k)}
          }

          if (${assign}) {
            newResult[${k}] = ${id}.value;
          }
        }

      `);
            }
            else if (!isOptionalIn) {
                doc.write(`
        const ${id}_present = ${isPresent};
        if (${id}.issues.length) {${prefixStr(id, k)}
        }
        if (!${id}_present && !${id}.issues.length) {
          payload.issues.push({
            code: "invalid_type",
            expected: "nonoptional",
            input: undefined,
            path: [${k}]
          });
          if (ctx && ctx.abortEarly) {
            payload.value = newResult;
            return payload;
          }
        }

        if (${id}_present) {
          newResult[${k}] = ${id}.value;
        }

      `);
            }
            else {
                doc.write(`
        if (${id}.issues.length) {${prefixStr(id, k)}
        }
      `);
                if (optin === "defaulted") {
                    doc.write(`newResult[${k}] = ${id}.value;`);
                }
                else {
                    doc.write(`
        if (${id}.value !== undefined || ${isPresent}) {
          newResult[${k}] = ${id}.value;
        }
      `);
                }
            }
        }
        doc.write(`payload.value = newResult;`);
        doc.write(`return payload;`);
        // closing `shape` in is what pays: turbofan specializes the parser against that one shape object, so every `shape[k]._zod.run` folds to a known callee. as a parameter it stays a generic load and measures 13% slower even with the forwarding frame gone
        return doc.compile();
    };
    let fastpass;
    const isObject$1 = isObject;
    const jit = !globalConfig.jitless;
    const allowsEval$1 = allowsEval;
    const fastEnabled = jit && allowsEval$1.value; // && !def.catchall;
    const catchall = def.catchall;
    let value;
    inst._zod.parse = (payload, ctx) => {
        value ?? (value = _normalized.value);
        const input = payload.value;
        if (!isObject$1(input)) {
            payload.issues.push({
                expected: "object",
                code: "invalid_type",
                input,
                inst,
            });
            return payload;
        }
        if (jit && fastEnabled && ctx?.async === false && ctx.jitless !== true) {
            // always synchronous
            if (!fastpass)
                fastpass = generateFastpass(def.shape);
            payload = fastpass(payload, ctx);
            if (!catchall)
                return payload;
            return handleCatchall([], input, payload, ctx, value, inst, ctx?.abortEarly === true);
        }
        return superParse(payload, ctx);
    };
});
function handleUnionResults(results, final, inst, ctx) {
    for (const result of results) {
        if (result.issues.length === 0) {
            final.value = result.value;
            return final;
        }
    }
    const nonaborted = results.filter((r) => !aborted(r));
    if (nonaborted.length === 1) {
        final.value = nonaborted[0].value;
        return nonaborted[0];
    }
    final.issues.push({
        code: "invalid_union",
        input: final.value,
        inst,
        errors: results.map((result) => result.issues.map((iss) => finalizeIssue(iss, ctx, config()))),
    });
    return final;
}
const $ZodUnion = /*@__PURE__*/ $constructor("$ZodUnion", (inst, def) => {
    $ZodType.init(inst, def);
    defineLazyInternal(inst, "optin", (zod) => zod.def.options.some((o) => o._zod.optin === "defaulted")
        ? "defaulted"
        : zod.def.options.some((o) => o._zod.optin !== undefined)
            ? "optional"
            : undefined);
    defineLazyInternal(inst, "optout", (zod) => zod.def.options.some((o) => o._zod.optout === "optional") ? "optional" : undefined);
    defineLazyInternal(inst, "values", (zod) => {
        if (zod.def.options.every((o) => o._zod.values)) {
            return new Set(zod.def.options.flatMap((option) => Array.from(option._zod.values)));
        }
        return undefined;
    });
    defineLazyInternal(inst, "pattern", (zod) => {
        if (zod.def.options.every((o) => o._zod.pattern)) {
            const patterns = zod.def.options.map((o) => o._zod.pattern);
            return new RegExp(`^(${patterns.map((p) => cleanRegex(p.source)).join("|")})$`);
        }
        return undefined;
    });
    const first = def.options.length === 1 ? def.options[0]._zod.run : null;
    inst._zod.parse = (payload, ctx) => {
        if (first) {
            return first(payload, ctx);
        }
        let async = false;
        const results = [];
        for (const option of def.options) {
            const result = option._zod.run({
                value: payload.value,
                issues: [],
            }, ctx);
            if (result instanceof Promise) {
                results.push(result);
                async = true;
            }
            else {
                if (result.issues.length === 0)
                    return result;
                results.push(result);
            }
        }
        if (!async)
            return handleUnionResults(results, payload, inst, ctx);
        return Promise.all(results).then((results) => {
            return handleUnionResults(results, payload, inst, ctx);
        });
    };
});
const $ZodIntersection = /*@__PURE__*/ $constructor("$ZodIntersection", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.parse = (payload, ctx) => {
        const input = payload.value;
        const left = def.left._zod.run({ value: input, issues: [] }, ctx);
        const right = def.right._zod.run({ value: input, issues: [] }, ctx);
        const async = left instanceof Promise || right instanceof Promise;
        if (async) {
            return Promise.all([left, right]).then(([left, right]) => {
                return handleIntersectionResults(payload, left, right);
            });
        }
        return handleIntersectionResults(payload, left, right);
    };
});
function mergeValues(a, b) {
    // const aType = parse.t(a);
    // const bType = parse.t(b);
    if (a === b) {
        return { valid: true, data: a };
    }
    if (a instanceof Date && b instanceof Date && +a === +b) {
        return { valid: true, data: a };
    }
    if (isPlainObject$1(a) && isPlainObject$1(b)) {
        const bKeys = Object.keys(b);
        const sharedKeys = Object.keys(a).filter((key) => bKeys.indexOf(key) !== -1);
        const newObj = { ...a, ...b };
        if (Object.prototype.hasOwnProperty.call(newObj, "__proto__"))
            delete newObj.__proto__;
        for (const key of sharedKeys) {
            if (key === "__proto__")
                continue;
            const sharedValue = mergeValues(a[key], b[key]);
            if (!sharedValue.valid) {
                return {
                    valid: false,
                    mergeErrorPath: [key, ...sharedValue.mergeErrorPath],
                };
            }
            newObj[key] = sharedValue.data;
        }
        return { valid: true, data: newObj };
    }
    if (Array.isArray(a) && Array.isArray(b)) {
        if (a.length !== b.length) {
            return { valid: false, mergeErrorPath: [] };
        }
        const newArray = [];
        for (let index = 0; index < a.length; index++) {
            const itemA = a[index];
            const itemB = b[index];
            const sharedValue = mergeValues(itemA, itemB);
            if (!sharedValue.valid) {
                return {
                    valid: false,
                    mergeErrorPath: [index, ...sharedValue.mergeErrorPath],
                };
            }
            newArray.push(sharedValue.data);
        }
        return { valid: true, data: newArray };
    }
    return { valid: false, mergeErrorPath: [] };
}
function handleIntersectionResults(result, left, right) {
    // Track which side(s) reject each key. A key rejection is reported only when BOTH sides reject it, so a key owned by one branch survives the other's key schema. strictObject reports these as unrecognized_keys; a record with an open key schema reports one invalid_key per key.
    const unrecKeys = new Map();
    let unrecIssue;
    const keyIssues = new Map();
    const collect = (iss, side) => {
        let keys;
        if (iss.code === "unrecognized_keys" && !iss.path?.length) {
            unrecIssue ?? (unrecIssue = iss);
            keys = iss.keys;
        }
        else if (iss.code === "invalid_key" && iss.origin === "record" && iss.path?.length === 1) {
            const k = String(iss.path[0]);
            if (!keyIssues.has(k))
                keyIssues.set(k, iss);
            keys = [k];
        }
        else {
            return false;
        }
        for (const k of keys) {
            if (!unrecKeys.has(k))
                unrecKeys.set(k, {});
            unrecKeys.get(k)[side] = true;
        }
        return true;
    };
    for (const iss of left.issues) {
        if (!collect(iss, "l"))
            result.issues.push(iss);
    }
    for (const iss of right.issues) {
        if (!collect(iss, "r"))
            result.issues.push(iss);
    }
    // Report only keys rejected by BOTH sides
    const bothKeys = [...unrecKeys].filter(([, f]) => f.l && f.r).map(([k]) => k);
    if (bothKeys.length) {
        const aggregated = unrecIssue ? bothKeys.filter((k) => unrecIssue.keys.includes(k)) : [];
        if (aggregated.length)
            result.issues.push({ ...unrecIssue, keys: aggregated });
        for (const k of bothKeys) {
            if (!aggregated.includes(k) && keyIssues.has(k))
                result.issues.push(keyIssues.get(k));
        }
    }
    const merged = mergeValues(left.value, right.value);
    if (!merged.valid) {
        if (aborted(result))
            return result;
        throw new Error(`Unmergable intersection. Error path: ` + `${JSON.stringify(merged.mergeErrorPath)}`);
    }
    result.value = merged.data;
    return result;
}
const $ZodEnum = /*@__PURE__*/ $constructor("$ZodEnum", (inst, def) => {
    $ZodType.init(inst, def);
    const values = getEnumValues(def.entries);
    const valuesSet = new Set(values);
    inst._zod.values = valuesSet;
    defineLazyInternal(inst, "pattern", (zod) => {
        const patternValues = getEnumValues(zod.def.entries).filter((k) => propertyKeyTypes.has(typeof k));
        // unmatchable fallback, RE2-safe: an empty alternation would compile to /^()$/, which matches ""
        return new RegExp(patternValues.length ? `^(${patternValues.map((o) => escapeRegex(o.toString())).join("|")})$` : "^[^\\s\\S]$");
    });
    inst._zod.parse = (payload, _ctx) => {
        const input = payload.value;
        if (valuesSet.has(input)) {
            return payload;
        }
        payload.issues.push({
            code: "invalid_value",
            values,
            input,
            inst,
        });
        return payload;
    };
});
const $ZodLiteral = /*@__PURE__*/ $constructor("$ZodLiteral", (inst, def) => {
    $ZodType.init(inst, def);
    const values = new Set(def.values);
    inst._zod.values = values;
    defineLazyInternal(inst, "pattern", (zod) => {
        const vals = zod.def.values;
        // unmatchable fallback, RE2-safe: an empty alternation would compile to /^()$/, which matches ""
        return new RegExp(vals.length
            ? `^(${vals
                .map((o) => typeof o === "string" ? escapeRegex(o) : o ? escapeRegex(o.toString()) : String(o))
                .join("|")})$`
            : "^[^\\s\\S]$");
    });
    inst._zod.parse = (payload, _ctx) => {
        const input = payload.value;
        if (values.has(input)) {
            return payload;
        }
        payload.issues.push({
            code: "invalid_value",
            values: def.values,
            input,
            inst,
        });
        return payload;
    };
});
const $ZodTransform = /*@__PURE__*/ $constructor("$ZodTransform", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.optin = "optional";
    globalConfig.memoizer?.guard(inst);
    inst._zod.parse = (payload, ctx) => {
        if (ctx.direction === "backward") {
            throw new $ZodEncodeError(inst.constructor.name);
        }
        const _out = def.transform(payload.value, payload);
        if (ctx.async) {
            const output = _out instanceof Promise ? _out : Promise.resolve(_out);
            return output.then((output) => {
                payload.value = output;
                return payload;
            });
        }
        if (_out instanceof Promise) {
            throw new $ZodAsyncError();
        }
        payload.value = _out;
        return payload;
    };
});
function handleOptionalResult(payload, result) {
    // A substituting schema that still failed has no usable answer; yield undefined. Its issues are simply dropped: it ran on a payload of its own, so there is no shared array to truncate and nothing of the caller's to lose with it.
    payload.value = result.issues.length ? undefined : result.value;
    return payload;
}
const $ZodOptional = /*@__PURE__*/ $constructor("$ZodOptional", (inst, def) => {
    $ZodType.init(inst, def);
    // .optional() propagates absence rather than substituting for it, so a defaulted inner keeps its rung.
    defineLazyInternal(inst, "optin", (zod) => zod.def.innerType._zod.optin === "defaulted" ? "defaulted" : "optional");
    inst._zod.optout = "optional";
    defineLazyInternal(inst, "values", (zod) => {
        const values = zod.def.innerType._zod.values;
        return values ? new Set([...values, undefined]) : undefined;
    });
    defineLazyInternal(inst, "pattern", (zod) => {
        const pattern = zod.def.innerType._zod.pattern;
        return pattern ? new RegExp(`^(${cleanRegex(pattern.source)})?$`) : undefined;
    });
    inst._zod.parse = (payload, ctx) => {
        if (payload.value === undefined) {
            // Only the top rung substitutes a value for absence; everything else leaves it intact, which is what .optional() means.
            if (def.innerType._zod.optin !== "defaulted")
                return payload;
            // Its own payload, for the same reason $ZodCatch gets one: a pipe forwards an unrecognized key through the caller's issues array, and this must not read that as the substituting schema failing and drop it.
            const result = def.innerType._zod.run({ value: payload.value, issues: [] }, ctx);
            if (result instanceof Promise)
                return result.then((result) => handleOptionalResult(payload, result));
            return handleOptionalResult(payload, result);
        }
        return def.innerType._zod.run(payload, ctx);
    };
});
const $ZodExactOptional = /*@__PURE__*/ $constructor("$ZodExactOptional", (inst, def) => {
    // Call parent init - inherits optin/optout = "optional"
    $ZodOptional.init(inst, def);
    // Override values/pattern to NOT add undefined
    defineLazyInternal(inst, "values", (zod) => zod.def.innerType._zod.values);
    defineLazyInternal(inst, "pattern", (zod) => zod.def.innerType._zod.pattern);
    // Override parse to just delegate (no undefined handling)
    inst._zod.parse = (payload, ctx) => {
        return def.innerType._zod.run(payload, ctx);
    };
});
const $ZodNullable = /*@__PURE__*/ $constructor("$ZodNullable", (inst, def) => {
    $ZodType.init(inst, def);
    defineLazyInternal(inst, "optin", (zod) => zod.def.innerType._zod.optin);
    defineLazyInternal(inst, "optout", (zod) => zod.def.innerType._zod.optout);
    defineLazyInternal(inst, "pattern", (zod) => {
        const pattern = zod.def.innerType._zod.pattern;
        return pattern ? new RegExp(`^(${cleanRegex(pattern.source)}|null)$`) : undefined;
    });
    defineLazyInternal(inst, "values", (zod) => {
        return zod.def.innerType._zod.values ? new Set([...zod.def.innerType._zod.values, null]) : undefined;
    });
    inst._zod.parse = (payload, ctx) => {
        // Forward direction (decode): allow null to pass through
        if (payload.value === null)
            return payload;
        return def.innerType._zod.run(payload, ctx);
    };
});
const $ZodDefault = /*@__PURE__*/ $constructor("$ZodDefault", (inst, def) => {
    $ZodType.init(inst, def);
    // inst._zod.qin = "true";
    inst._zod.optin = "defaulted";
    defineLazyInternal(inst, "values", (zod) => zod.def.innerType._zod.values);
    inst._zod.parse = (payload, ctx) => {
        if (ctx.direction === "backward") {
            return def.innerType._zod.run(payload, ctx);
        }
        // Forward direction (decode): apply defaults for undefined input
        if (payload.value === undefined) {
            payload.value = def.defaultValue;
            /**
             * $ZodDefault returns the default value immediately in forward direction.
             * It doesn't pass the default value into the validator ("prefault"). There's no reason to pass the default value through validation. The validity of the default is enforced by TypeScript statically. Otherwise, it's the responsibility of the user to ensure the default is valid. In the case of pipes with divergent in/out types, you can specify the default on the `in` schema of your ZodPipe to set a "prefault" for the pipe.   */
            return payload;
        }
        // Forward direction: continue with default handling
        const result = def.innerType._zod.run(payload, ctx);
        if (result instanceof Promise) {
            return result.then((result) => handleDefaultResult(result, def));
        }
        return handleDefaultResult(result, def);
    };
});
function handleDefaultResult(payload, def) {
    if (payload.value === undefined) {
        payload.value = def.defaultValue;
    }
    return payload;
}
const $ZodPrefault = /*@__PURE__*/ $constructor("$ZodPrefault", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.optin = "defaulted";
    defineLazyInternal(inst, "values", (zod) => zod.def.innerType._zod.values);
    inst._zod.parse = (payload, ctx) => {
        if (ctx.direction === "backward") {
            return def.innerType._zod.run(payload, ctx);
        }
        // Forward direction (decode): apply prefault for undefined input
        if (payload.value === undefined) {
            payload.value = def.defaultValue;
        }
        return def.innerType._zod.run(payload, ctx);
    };
});
const $ZodNonOptional = /*@__PURE__*/ $constructor("$ZodNonOptional", (inst, def) => {
    $ZodType.init(inst, def);
    defineLazyInternal(inst, "values", (zod) => {
        const v = zod.def.innerType._zod.values;
        return v ? new Set([...v].filter((x) => x !== undefined)) : undefined;
    });
    inst._zod.parse = (payload, ctx) => {
        const result = def.innerType._zod.run(payload, ctx);
        if (result instanceof Promise) {
            return result.then((result) => handleNonOptionalResult(result, inst));
        }
        return handleNonOptionalResult(result, inst);
    };
});
function handleNonOptionalResult(payload, inst) {
    if (!payload.issues.length && payload.value === undefined) {
        payload.issues.push({
            code: "invalid_type",
            expected: "nonoptional",
            input: payload.value,
            inst,
        });
    }
    return payload;
}
function handleCatchResult(payload, result, def, ctx) {
    if (!result.issues.length) {
        payload.value = result.value;
        // The value carries up, so the flag describing it has to carry with it: a back-edge into a node still being parsed must not be frozen by an enclosing readonly, and its checks belong to the node itself. Guarded so the ordinary case adds no own property.
        if (result.memo)
            payload.memo = true;
        return payload;
    }
    // Spread the inner's own payload, not ours: `value` has to stay the input the catch was handed, and the inner ran on a payload of its own so its issues are already private to this call.
    payload.value = def.catchValue({
        ...result,
        value: payload.value,
        error: {
            issues: result.issues.map((iss) => finalizeIssue(iss, ctx, config())),
        },
        input: payload.value,
    });
    return payload;
}
const $ZodCatch = /*@__PURE__*/ $constructor("$ZodCatch", (inst, def) => {
    $ZodType.init(inst, def);
    defineLazyInternal(inst, "optin", (zod) => zod.def.innerType._zod.optin === "defaulted" ? "defaulted" : "optional");
    defineLazyInternal(inst, "optout", (zod) => zod.def.innerType._zod.optout);
    defineLazyInternal(inst, "values", (zod) => zod.def.innerType._zod.values);
    inst._zod.parse = (payload, ctx) => {
        if (ctx.direction === "backward") {
            return def.innerType._zod.run(payload, ctx);
        }
        // Forward direction (decode): apply catch logic
        const result = def.innerType._zod.run({ value: payload.value, issues: [] }, ctx);
        if (result instanceof Promise) {
            return result.then((result) => handleCatchResult(payload, result, def, ctx));
        }
        return handleCatchResult(payload, result, def, ctx);
    };
});
const $ZodPipe = /*@__PURE__*/ $constructor("$ZodPipe", (inst, def) => {
    $ZodType.init(inst, def);
    defineLazyInternal(inst, "values", (zod) => zod.def.in._zod.values);
    defineLazyInternal(inst, "optin", (zod) => zod.def.in._zod.optin);
    defineLazyInternal(inst, "optout", (zod) => zod.def.out._zod.optout);
    defineLazyInternal(inst, "propValues", (zod) => zod.def.in._zod.propValues);
    inst._zod.parse = (payload, ctx) => {
        if (ctx.direction === "backward") {
            const right = def.out._zod.run(payload, ctx);
            if (right instanceof Promise) {
                return right.then((right) => handlePipeResult(right, def.in, ctx));
            }
            return handlePipeResult(right, def.in, ctx);
        }
        const left = def.in._zod.run(payload, ctx);
        if (left instanceof Promise) {
            return left.then((left) => handlePipeResult(left, def.out, ctx));
        }
        return handlePipeResult(left, def.out, ctx);
    };
});
function handlePipeResult(left, next, ctx) {
    // Any issue stops the pipe, so a failing refinement never feeds its transform. An unrecognized key is the exception: it describes the input's extra properties, not the value being piped, and an enclosing intersection may yet reconcile it.
    if (left.issues.some((iss) => iss.code !== "unrecognized_keys")) {
        // prevent further checks
        left.aborted = true;
        return left;
    }
    return next._zod.run({ value: left.value, issues: left.issues }, ctx);
}
const $ZodReadonly = /*@__PURE__*/ $constructor("$ZodReadonly", (inst, def) => {
    $ZodType.init(inst, def);
    defineLazyInternal(inst, "propValues", (zod) => zod.def.innerType._zod.propValues);
    defineLazyInternal(inst, "values", (zod) => zod.def.innerType._zod.values);
    defineLazyInternal(inst, "optin", (zod) => zod.def.innerType?._zod?.optin);
    defineLazyInternal(inst, "optout", (zod) => zod.def.innerType?._zod?.optout);
    inst._zod.parse = (payload, ctx) => {
        if (ctx.direction === "backward") {
            return def.innerType._zod.run(payload, ctx);
        }
        const result = def.innerType._zod.run(payload, ctx);
        if (result instanceof Promise) {
            return result.then(handleReadonlyResult);
        }
        return handleReadonlyResult(result);
    };
});
function handleReadonlyResult(payload) {
    // A repeat visit hands back a node that is still being built; freezing it here would make the rest of its keys fail to assign.
    if (!payload.memo)
        payload.value = Object.freeze(payload.value);
    return payload;
}
const $ZodCustom = /*@__PURE__*/ $constructor("$ZodCustom", (inst, def) => {
    $ZodCheck.init(inst, def);
    $ZodType.init(inst, def);
    inst._zod.parse = (payload, _) => {
        return payload;
    };
    inst._zod.check = (payload) => {
        const input = payload.value;
        const r = def.fn(input);
        if (r instanceof Promise) {
            return r.then((r) => handleRefineResult(r, payload, input, inst));
        }
        handleRefineResult(r, payload, input, inst);
        return;
    };
});
function handleRefineResult(result, payload, input, inst) {
    if (!result) {
        const _iss = {
            code: "custom",
            input,
            inst, // incorporates params.error into issue reporting
            path: [...(inst._zod.def.path ?? [])], // incorporates params.error into issue reporting
            continue: !inst._zod.def.abort,
            // params: inst._zod.def.params,
        };
        if (inst._zod.def.params)
            _iss.params = inst._zod.def.params;
        payload.issues.push(issue(_iss));
    }
}

class $ZodCyclicError extends Error {
    constructor() {
        super(`Cannot parse a reference cycle that closes through a transform`);
        this.name = "ZodCyclicError";
    }
}
/** Keyed off the context object every schema in one parse call already shares. */
const STATE = "~memo";
const NO_ISSUES = [];
// a value a cycle can close through
function isRef(value) {
    return value !== null && typeof value === "object";
}
// Receivers prefix paths in place, so the cache and every hand-out need their own copies.
function cloneIssues(issues) {
    return issues.map((iss) => (iss.path ? { ...iss, path: iss.path.slice() } : { ...iss }));
}
const recursive = /*@__PURE__*/ new WeakMap();
/** What the walk established, in order of certainty: ordered so the strongest answer among children wins. */
const NONE = 0;
const ASSUMED = 1;
const PROVEN = 2;
/** Whether this schema's subtree contains a cycle, so one parse can re-enter it. */
function isRecursive(inst, stack, resolve) {
    const cached = recursive.get(inst);
    if (cached !== undefined)
        return cached ? PROVEN : NONE;
    // Relative to the walk in progress, so not cached.
    if (stack.has(inst))
        return PROVEN;
    stack.add(inst);
    let result = NONE;
    const check = (child) => {
        if (result !== PROVEN && child?._zod) {
            const answer = isRecursive(child, stack);
            if (answer > result)
                result = answer;
        }
    };
    // `Reflect.ownKeys` rather than `Object.keys`, so a cycle through a declared symbol key is still seen
    const shape = (sh, spread) => {
        let answer = NONE;
        for (const key of Reflect.ownKeys(sh)) {
            const desc = Object.getOwnPropertyDescriptor(sh, key);
            // an object resolves its shape by spread, so a key it does not enumerate is never parsed; `z.properties` reads every own key and so keeps them all
            if (!desc.enumerable)
                continue;
            // resolving runs user code, and a factory mints a fresh subtree per read, so an edge the walk can't follow counts as a cycle
            const child = desc.get ? ASSUMED : desc.value?._zod ? isRecursive(desc.value, stack) : NONE;
            if (child > answer)
                answer = child;
        }
        return answer;
    };
    const merge = (answer) => {
        if (answer > result)
            result = answer;
    };
    const def = inst._zod.def;
    const kind = def.type;
    switch (kind) {
        case "object": {
            const raw = rawShape(def);
            // a def with no raw shape answers `shape` from an accessor of its own, and running that can mint a whole fresh subtree
            merge(raw ? shape(raw) : ASSUMED);
            check(def.catchall);
            break;
        }
        case "array":
            check(def.element);
            break;
        case "tuple":
            for (const el of def.items)
                check(el);
            check(def.rest);
            break;
        case "record":
        case "map":
            check(def.keyType);
            check(def.valueType);
            break;
        case "set":
            check(def.valueType);
            break;
        case "union":
            for (const el of def.options)
                check(el);
            break;
        case "intersection":
            check(def.left);
            check(def.right);
            break;
        case "optional":
        case "nullable":
        case "default":
        case "prefault":
        case "catch":
        case "readonly":
        case "nonoptional":
        case "promise":
        case "success":
            check(def.innerType);
            break;
        case "pipe":
            check(def.in);
            check(def.out);
            break;
        case "function":
            check(def.input);
            check(def.output);
            break;
        // `$ZodLazy` caches its inner on the def, so a resolved edge is followed exactly
        case "lazy": {
            const inner = def._cachedInner ?? (undefined);
            // walked with resolution off: one hop sees past the deferral, and a lazy that yields only another unresolved lazy is generative, so it stops there
            merge(inner ? isRecursive(inner, stack) : ASSUMED);
            break;
        }
        // a leaf by choice: `parts` are regex fragments, not data positions
        case "template_literal":
        // leaves
        case "string":
        case "number":
        case "int":
        case "boolean":
        case "bigint":
        case "symbol":
        case "undefined":
        case "null":
        case "void":
        case "never":
        case "any":
        case "unknown":
        case "date":
        case "nan":
        case "enum":
        case "literal":
        case "file":
        case "transform":
        case "custom":
            break;
        default: {
            // a user-defined kind can still hold children, and only its author knows where, so fall back to scanning the def — skipping accessors, since reading one can run user code
            for (const key in def) {
                const desc = Object.getOwnPropertyDescriptor(def, key);
                if (!desc || desc.get)
                    continue;
                const value = desc.value;
                if (!value || typeof value !== "object")
                    continue;
                if (value._zod)
                    check(value);
                else if (Array.isArray(value))
                    for (const el of value)
                        check(el);
            }
        }
    }
    stack.delete(inst);
    return settle(inst, result);
}
/** An assumed answer must not outlive the resolution that settles it, so only a certain one is cached. */
function settle(inst, answer) {
    if (answer !== ASSUMED)
        recursive.set(inst, answer === PROVEN);
    return answer;
}
function bucketFor(state, inst) {
    let bucket = state.buckets.get(inst);
    if (!bucket) {
        bucket = new WeakMap();
        state.buckets.set(inst, bucket);
    }
    return bucket;
}
// Set immediately before delegating to core and cleared immediately after, so `alloc` registers only for a visit this module is driving.
let handoff;
// Allocated but unfinished entries. `alloc` and the matching pop both happen in the synchronous part of a parse, so they nest even when children are async, and one stack serves every schema.
const open = [];
const memo = {
    alloc(_inst, payload, empty) {
        const bucket = handoff;
        if (!bucket)
            return empty;
        handoff = undefined;
        const entry = { value: empty, issues: null };
        bucket.set(payload.value, entry);
        open.push(entry);
        return empty;
    },
    guard(inst) {
        var _a;
        (_a = inst._zod).deferred ?? (_a.deferred = []);
        inst._zod.deferred.push(() => {
            const base = inst._zod.parse;
            const wrapped = (payload, ctx) => {
                // The value is a placeholder a back-edge is still waiting on, so the cycle closes through this transform. Its output can't exist in time to bind.
                if (ctx.direction !== "backward" && isBackEdge(ctx, payload.value))
                    throw new $ZodCyclicError();
                return base(payload, ctx);
            };
            inst._zod.parse = wrapped;
            if (inst._zod.run === base)
                inst._zod.run = wrapped;
        });
    },
    attach(inst) {
        var _a;
        let isRecursiveInst;
        let rechecked = false;
        // a recursive schema is re-entered many times per parse and its bucket never changes
        let lastCtx;
        let lastBucket;
        // Wraps `parse` in a deferred so it sees the container's final parse. Core's own deferred copies `parse` into `run` when there are no checks, and it ran first, so `run` is patched to match; with checks, `run` reads `parse` dynamically.
        (_a = inst._zod).deferred ?? (_a.deferred = []);
        inst._zod.deferred.push(() => {
            const base = inst._zod.parse;
            const wrapped = (payload, ctx) => {
                if (isRecursiveInst === undefined) {
                    const walked = isRecursive(inst, new Set());
                    if (walked === NONE) {
                        // Nothing here can ever fire, so take it back out.
                        inst._zod.parse = base;
                        if (inst._zod.run === wrapped)
                            inst._zod.run = base;
                        return base(payload, ctx);
                    }
                    // this parse resolves the deferred edges on its own path, so ask once more before latching
                    if (walked === PROVEN || rechecked)
                        isRecursiveInst = true;
                    else
                        rechecked = true;
                }
                const input = payload.value;
                if (!isRef(input))
                    return base(payload, ctx);
                let state = ctx[STATE];
                if (!state) {
                    state = { buckets: new WeakMap(), backEdges: undefined };
                    ctx[STATE] = state;
                }
                let bucket;
                if (lastCtx === ctx) {
                    bucket = lastBucket;
                }
                else {
                    bucket = bucketFor(state, inst);
                    lastCtx = ctx;
                    lastBucket = bucket;
                }
                const hit = bucket.get(input);
                if (hit) {
                    payload.value = hit.value;
                    if (hit.issues) {
                        if (hit.issues.length)
                            payload.issues.push(...cloneIssues(hit.issues));
                    }
                    else {
                        // Still being parsed: its own checks cover it, so skip them here.
                        payload.memo = true;
                        state.backEdges ?? (state.backEdges = new WeakSet());
                        state.backEdges.add(hit.value);
                    }
                    return payload;
                }
                handoff = bucket;
                const depth = open.length;
                const result = base(payload, ctx);
                handoff = undefined;
                // A container that rejected its input outright allocated nothing.
                const entry = open.length > depth ? open.pop() : undefined;
                // Both paths written out so the sync one allocates no closure. It runs once per node, and capturing here cost more than everything else combined.
                if (result instanceof Promise) {
                    return result.then((r) => {
                        if (entry)
                            entry.issues = r.issues.length ? cloneIssues(r.issues) : NO_ISSUES;
                        return r;
                    });
                }
                if (entry)
                    entry.issues = result.issues.length ? cloneIssues(result.issues) : NO_ISSUES;
                return result;
            };
            inst._zod.parse = wrapped;
            if (inst._zod.run === base)
                inst._zod.run = wrapped;
        });
    },
};
/** The memoizer that gives containers cycle support. `zod` installs it by default; `zod/mini` opts in with `config({ memoizer: memoizer() })`. */
function memoizer() {
    return memo;
}
/** Whether this value is a node a back-edge resolved to before it finished. */
function isBackEdge(ctx, value) {
    const backEdges = ctx[STATE]?.backEdges;
    return backEdges !== undefined && isRef(value) && backEdges.has(value);
}

const error = () => {
    const Sizable = {
        string: { unit: "characters", verb: "to have" },
        file: { unit: "bytes", verb: "to have" },
        array: { unit: "items", verb: "to have" },
        set: { unit: "items", verb: "to have" },
        map: { unit: "entries", verb: "to have" },
    };
    function getSizing(origin) {
        return Sizable[origin] ?? null;
    }
    const FormatDictionary = {
        regex: "input",
        email: "email address",
        url: "URL",
        emoji: "emoji",
        uuid: "UUID",
        uuidv4: "UUIDv4",
        uuidv6: "UUIDv6",
        nanoid: "nanoid",
        guid: "GUID",
        cuid: "cuid",
        cuid2: "cuid2",
        ulid: "ULID",
        xid: "XID",
        ksuid: "KSUID",
        datetime: "ISO datetime",
        date: "ISO date",
        time: "ISO time",
        duration: "ISO duration",
        ipv4: "IPv4 address",
        ipv6: "IPv6 address",
        mac: "MAC address",
        cidrv4: "IPv4 range",
        cidrv6: "IPv6 range",
        base64: "base64-encoded string",
        base64url: "base64url-encoded string",
        json_string: "JSON string",
        e164: "E.164 number",
        currency_code: "currency code",
        credit_card: "credit card number",
        iban: "IBAN",
        jwt: "JWT",
        template_literal: "input",
    };
    // type names: missing keys = do not translate (use raw value via ?? fallback)
    const TypeDictionary = {
        // Compatibility: "nan" -> "NaN" for display
        nan: "NaN",
        // All other type names omitted - they fall back to raw values via ?? operator
    };
    function getTypeName(type, input) {
        if (type === "number" && typeof input === "number" && !Number.isFinite(input)) {
            return String(input);
        }
        return TypeDictionary[type] ?? type;
    }
    return (issue) => {
        switch (issue.code) {
            case "invalid_type": {
                const expected = getTypeName(issue.expected);
                const receivedType = parsedType(issue.input);
                const received = getTypeName(receivedType, issue.input);
                return `Invalid input: expected ${expected}, received ${received}`;
            }
            case "invalid_value":
                if (issue.values.length === 1)
                    return `Invalid input: expected ${stringifyPrimitive(issue.values[0])}`;
                return `Invalid option: expected one of ${joinValues(issue.values, "|")}`;
            case "too_big": {
                const adj = issue.exact ? "exactly " : issue.inclusive ? "<=" : "<";
                const sizing = getSizing(issue.origin);
                if (sizing)
                    return `Too big: expected ${issue.origin ?? "value"} to have ${adj}${issue.maximum.toString()} ${sizing.unit ?? "elements"}`;
                return `Too big: expected ${issue.origin ?? "value"} to be ${adj}${issue.maximum.toString()}`;
            }
            case "too_small": {
                const adj = issue.exact ? "exactly " : issue.inclusive ? ">=" : ">";
                const sizing = getSizing(issue.origin);
                if (sizing) {
                    return `Too small: expected ${issue.origin} to have ${adj}${issue.minimum.toString()} ${sizing.unit}`;
                }
                return `Too small: expected ${issue.origin} to be ${adj}${issue.minimum.toString()}`;
            }
            case "invalid_format": {
                const _issue = issue;
                if (_issue.format === "starts_with") {
                    return `Invalid string: must start with "${_issue.prefix}"`;
                }
                if (_issue.format === "ends_with")
                    return `Invalid string: must end with "${_issue.suffix}"`;
                if (_issue.format === "includes")
                    return `Invalid string: must include "${_issue.includes}"`;
                if (_issue.format === "regex")
                    return `Invalid string: must match pattern ${_issue.pattern}`;
                return `Invalid ${FormatDictionary[_issue.format] ?? issue.format}`;
            }
            case "not_multiple_of":
                return `Invalid number: must be a multiple of ${issue.divisor}`;
            case "unrecognized_keys":
                return `Unrecognized key${issue.keys.length > 1 ? "s" : ""}: ${joinValues(issue.keys, ", ")}`;
            case "invalid_key":
                return `Invalid key in ${issue.origin}`;
            case "invalid_union":
                if (issue.options && Array.isArray(issue.options) && issue.options.length > 0) {
                    const opts = issue.options.map((o) => `'${o}'`).join(" | ");
                    return `Invalid discriminator value. Expected ${opts}`;
                }
                if (issue.inclusive === false) {
                    return "Invalid input: more than one option matched";
                }
                return "Invalid input";
            case "invalid_element":
                return `Invalid value in ${issue.origin}`;
            default:
                return `Invalid input`;
        }
    };
};
function en () {
    return {
        localeError: error(),
    };
}

var _a;
class $ZodRegistry {
    constructor() {
        this._map = new WeakMap();
        this._idmap = new Map();
    }
    add(schema, ..._meta) {
        const meta = _meta[0];
        this._map.set(schema, meta);
        if (meta && typeof meta === "object" && "id" in meta) {
            this._idmap.set(meta.id, schema);
        }
        return this;
    }
    clear() {
        this._map = new WeakMap();
        this._idmap = new Map();
        return this;
    }
    remove(schema) {
        const meta = this._map.get(schema);
        if (meta && typeof meta === "object" && "id" in meta) {
            this._idmap.delete(meta.id);
        }
        this._map.delete(schema);
        return this;
    }
    get(schema) {
        // return this._map.get(schema) as any;
        // inherit metadata
        const p = schema._zod.parent;
        if (p) {
            const pm = { ...(this.get(p) ?? {}) };
            delete pm.id; // do not inherit id
            const f = { ...pm, ...this._map.get(schema) };
            return Object.keys(f).length ? f : undefined;
        }
        return this._map.get(schema);
    }
    has(schema) {
        return this._map.has(schema);
    }
}
// registries
function registry() {
    return new $ZodRegistry();
}
(_a = globalThis).__zod_globalRegistry ?? (_a.__zod_globalRegistry = registry());
const globalRegistry = globalThis.__zod_globalRegistry;

function snapshotChecks(def) {
    if (def.checks)
        def.checks = [...def.checks];
    return def;
}
// @__NO_SIDE_EFFECTS__
function _string(Class, params) {
    return new Class(snapshotChecks({ type: "string", ...normalizeParams(params) }));
}
// @__NO_SIDE_EFFECTS__
function _email(Class, params) {
    return new Class({
        type: "string",
        format: "email",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _guid(Class, params) {
    return new Class({
        type: "string",
        format: "guid",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _uuid(Class, params) {
    return new Class({
        type: "string",
        format: "uuid",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _uuidv4(Class, params) {
    return new Class({
        type: "string",
        format: "uuid",
        check: "string_format",
        abort: false,
        version: "v4",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _uuidv6(Class, params) {
    return new Class({
        type: "string",
        format: "uuid",
        check: "string_format",
        abort: false,
        version: "v6",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _uuidv7(Class, params) {
    return new Class({
        type: "string",
        format: "uuid",
        check: "string_format",
        abort: false,
        version: "v7",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _url(Class, params) {
    return new Class({
        type: "string",
        format: "url",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _emoji(Class, params) {
    return new Class({
        type: "string",
        format: "emoji",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _nanoid(Class, params) {
    return new Class({
        type: "string",
        format: "nanoid",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
/**
 * @deprecated CUID v1 is deprecated by its authors due to information leakage
 * (timestamps embedded in the id). Use {@link _cuid2} instead.
 * See https://github.com/paralleldrive/cuid.
 */
// @__NO_SIDE_EFFECTS__
function _cuid(Class, params) {
    return new Class({
        type: "string",
        format: "cuid",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _cuid2(Class, params) {
    return new Class({
        type: "string",
        format: "cuid2",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _ulid(Class, params) {
    return new Class({
        type: "string",
        format: "ulid",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _xid(Class, params) {
    return new Class({
        type: "string",
        format: "xid",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _ksuid(Class, params) {
    return new Class({
        type: "string",
        format: "ksuid",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _ipv4(Class, params) {
    return new Class({
        type: "string",
        format: "ipv4",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _ipv6(Class, params) {
    return new Class({
        type: "string",
        format: "ipv6",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _cidrv4(Class, params) {
    return new Class({
        type: "string",
        format: "cidrv4",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _cidrv6(Class, params) {
    return new Class({
        type: "string",
        format: "cidrv6",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _base64(Class, params) {
    return new Class({
        type: "string",
        format: "base64",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _base64url(Class, params) {
    return new Class({
        type: "string",
        format: "base64url",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _e164(Class, params) {
    return new Class({
        type: "string",
        format: "e164",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _jwt(Class, params) {
    return new Class({
        type: "string",
        format: "jwt",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _isoDateTime(Class, params) {
    return new Class({
        type: "string",
        format: "datetime",
        check: "string_format",
        offset: false,
        local: false,
        precision: null,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _isoDate(Class, params) {
    return new Class({
        type: "string",
        format: "date",
        check: "string_format",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _isoTime(Class, params) {
    return new Class({
        type: "string",
        format: "time",
        check: "string_format",
        precision: null,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _isoDuration(Class, params) {
    return new Class({
        type: "string",
        format: "duration",
        check: "string_format",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _number(Class, params) {
    return new Class(snapshotChecks({ type: "number", checks: [], ...normalizeParams(params) }));
}
// @__NO_SIDE_EFFECTS__
function _int(Class, params) {
    return new Class({
        type: "number",
        check: "number_format",
        abort: false,
        format: "safeint",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _boolean(Class, params) {
    return new Class({
        type: "boolean",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _unknown(Class) {
    return new Class({
        type: "unknown",
    });
}
// @__NO_SIDE_EFFECTS__
function _never(Class, params) {
    return new Class({
        type: "never",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _lt(value, params) {
    return new $ZodCheckLessThan({
        check: "less_than",
        ...normalizeParams(params),
        value,
        inclusive: false,
    });
}
// @__NO_SIDE_EFFECTS__
function _lte(value, params) {
    return new $ZodCheckLessThan({
        check: "less_than",
        ...normalizeParams(params),
        value,
        inclusive: true,
    });
}
// @__NO_SIDE_EFFECTS__
function _gt(value, params) {
    return new $ZodCheckGreaterThan({
        check: "greater_than",
        ...normalizeParams(params),
        value,
        inclusive: false,
    });
}
// @__NO_SIDE_EFFECTS__
function _gte(value, params) {
    return new $ZodCheckGreaterThan({
        check: "greater_than",
        ...normalizeParams(params),
        value,
        inclusive: true,
    });
}
// @__NO_SIDE_EFFECTS__
function _multipleOf(value, params) {
    return new $ZodCheckMultipleOf({
        check: "multiple_of",
        ...normalizeParams(params),
        value,
    });
}
// @__NO_SIDE_EFFECTS__
function _maxLength(maximum, params) {
    const ch = new $ZodCheckMaxLength({
        check: "max_length",
        ...normalizeParams(params),
        maximum,
    });
    return ch;
}
// @__NO_SIDE_EFFECTS__
function _minLength(minimum, params) {
    return new $ZodCheckMinLength({
        check: "min_length",
        ...normalizeParams(params),
        minimum,
    });
}
// @__NO_SIDE_EFFECTS__
function _length(length, params) {
    return new $ZodCheckLengthEquals({
        check: "length_equals",
        ...normalizeParams(params),
        length,
    });
}
// @__NO_SIDE_EFFECTS__
function _regex(pattern, params) {
    return new $ZodCheckRegex({
        check: "string_format",
        format: "regex",
        ...normalizeParams(params),
        pattern,
    });
}
// @__NO_SIDE_EFFECTS__
function _lowercase(params) {
    return new $ZodCheckLowerCase({
        check: "string_format",
        format: "lowercase",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _uppercase(params) {
    return new $ZodCheckUpperCase({
        check: "string_format",
        format: "uppercase",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _includes(includes, params) {
    return new $ZodCheckIncludes({
        check: "string_format",
        format: "includes",
        ...normalizeParams(params),
        includes,
    });
}
// @__NO_SIDE_EFFECTS__
function _startsWith(prefix, params) {
    return new $ZodCheckStartsWith({
        check: "string_format",
        format: "starts_with",
        ...normalizeParams(params),
        prefix,
    });
}
// @__NO_SIDE_EFFECTS__
function _endsWith(suffix, params) {
    return new $ZodCheckEndsWith({
        check: "string_format",
        format: "ends_with",
        ...normalizeParams(params),
        suffix,
    });
}
// @__NO_SIDE_EFFECTS__
function _overwrite(tx) {
    return new $ZodCheckOverwrite({
        check: "overwrite",
        tx,
    });
}
// normalize
// @__NO_SIDE_EFFECTS__
function _normalize(form) {
    return _overwrite((input) => input.normalize(form));
}
// trim
// @__NO_SIDE_EFFECTS__
function _trim() {
    return _overwrite((input) => input.trim());
}
// toLowerCase
// @__NO_SIDE_EFFECTS__
function _toLowerCase() {
    return _overwrite((input) => input.toLowerCase());
}
// toUpperCase
// @__NO_SIDE_EFFECTS__
function _toUpperCase() {
    return _overwrite((input) => input.toUpperCase());
}
// slugify
// @__NO_SIDE_EFFECTS__
function _slugify() {
    return _overwrite((input) => slugify(input));
}
// @__NO_SIDE_EFFECTS__
function _array(Class, element, params) {
    return new Class({
        type: "array",
        element,
        // get element() {
        //   return element;
        // },
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _custom(Class, fn, _params) {
    const norm = normalizeParams(_params);
    norm.abort ?? (norm.abort = true); // default to abort:false
    const schema = new Class({
        type: "custom",
        check: "custom",
        fn: fn,
        ...norm,
    });
    return schema;
}
// same as _custom but defaults to abort:false
// @__NO_SIDE_EFFECTS__
function _refine(Class, fn, _params) {
    const schema = new Class({
        type: "custom",
        check: "custom",
        fn: fn,
        ...normalizeParams(_params),
    });
    return schema;
}
// @__NO_SIDE_EFFECTS__
function _superRefine(fn, params) {
    const ch = _check((payload) => {
        payload.addIssue = (issue$1) => {
            if (typeof issue$1 === "string") {
                payload.issues.push(issue(issue$1, payload.value, ch._zod.def));
            }
            else {
                // for Zod 3 backwards compatibility
                const _issue = issue$1;
                if (_issue.fatal)
                    _issue.continue = false;
                _issue.code ?? (_issue.code = "custom");
                if (!("input" in _issue))
                    _issue.input = payload.value;
                _issue.inst ?? (_issue.inst = ch);
                _issue.continue ?? (_issue.continue = !ch._zod.def.abort); // abort is always undefined, so this is always true...
                payload.issues.push(issue(_issue));
            }
        };
        return fn(payload.value, payload);
    }, params);
    return ch;
}
// @__NO_SIDE_EFFECTS__
function _check(fn, params) {
    const ch = new $ZodCheck({
        check: "custom",
        ...normalizeParams(params),
    });
    ch._zod.check = fn;
    return ch;
}

function assignProps(target, ...sources) {
    for (const source of sources) {
        for (const key of Reflect.ownKeys(source)) {
            if (Object.prototype.propertyIsEnumerable.call(source, key)) {
                assignProp(target, key, source[key]);
            }
        }
    }
    return target;
}
// function initializeContext<T extends schemas.$ZodType>(inputs: JSONSchemaGeneratorParams<T>): ToJSONSchemaContext<T> {
//   return {
//     processor: inputs.processor,
//     metadataRegistry: inputs.metadata ?? globalRegistry,
//     target: inputs.target ?? "draft-2020-12",
//     unrepresentable: inputs.unrepresentable ?? "throw",
//   };
// }
function initializeContext(params) {
    // Normalize target: convert old non-hyphenated versions to hyphenated versions
    let target = params?.target ?? "draft-2020-12";
    if (target === "draft-4")
        target = "draft-04";
    if (target === "draft-7")
        target = "draft-07";
    return {
        processors: params.processors ?? {},
        metadataRegistry: params?.metadata ?? globalRegistry,
        target,
        unrepresentable: params?.unrepresentable ?? "throw",
        override: params?.override ?? (() => { }),
        io: params?.io ?? "output",
        counter: 0,
        seen: new Map(),
        sharedDefsExtractedFor: undefined,
        sharedEmitDoneFor: undefined,
        cycles: params?.cycles ?? "ref",
        reused: params?.reused ?? "inline",
        intersections: [],
        deferred: [],
        external: params?.external ?? undefined,
    };
}
/**
 * Applies the `unrepresentable` setting at a site that has no JSON Schema equivalent. Throws
 * `message` unless the setting (or the handler's return value) says otherwise. Returns `true` if a
 * custom JSON Schema was written into `json`, in which case the caller must not write its own.
 */
function handleUnrepresentable(schema, ctx, json, params, message) {
    const result = typeof ctx.unrepresentable === "function"
        ? ctx.unrepresentable({ zodSchema: schema, path: params.path, message })
        : ctx.unrepresentable;
    if (result === "any")
        return false;
    if (result === undefined || result === "throw")
        throw new Error(message);
    Object.assign(json, result);
    return true;
}
// never rename this back to `process`: bundler polyfills inject a top-level `const process` that a lexical declaration of the same name collides with (#6397)
function processSchema(schema, ctx, _params = { path: [], schemaPath: [] }) {
    var _a;
    const def = schema._zod.def;
    // check for schema in seens
    const seen = ctx.seen.get(schema);
    if (seen) {
        seen.count++;
        // check if cycle
        const isCycle = _params.schemaPath.includes(schema);
        if (isCycle) {
            seen.cycle = _params.path;
        }
        return seen.schema;
    }
    // initialize
    const result = { schema: {}, count: 1, cycle: undefined, path: _params.path };
    ctx.seen.set(schema, result);
    ctx.sharedDefsExtractedFor = undefined;
    ctx.sharedEmitDoneFor = undefined;
    // custom method overrides default behavior
    const overrideSchema = schema._zod.toJSONSchema?.();
    if (overrideSchema) {
        result.schema = overrideSchema;
    }
    else {
        const params = {
            ..._params,
            schemaPath: [..._params.schemaPath, schema],
            path: _params.path,
        };
        if (schema._zod.processJSONSchema) {
            schema._zod.processJSONSchema(ctx, result.schema, params);
        }
        else {
            const _json = result.schema;
            const processor = ctx.processors[def.type];
            if (!processor) {
                throw new Error(`[toJSONSchema]: Non-representable type encountered: ${def.type}`);
            }
            processor(schema, ctx, _json, params);
        }
        const parent = schema._zod.parent;
        if (parent) {
            // Also set ref if processor didn't (for inheritance)
            if (!result.ref)
                result.ref = parent;
            processSchema(parent, ctx, params);
            ctx.seen.get(parent).isParent = true;
        }
    }
    // metadata
    const meta = ctx.metadataRegistry.get(schema);
    if (meta)
        assignProps(result.schema, meta);
    if (ctx.io === "input" && isTransforming(schema)) {
        // examples/defaults only apply to output type of pipe
        delete result.schema.examples;
        delete result.schema.default;
    }
    // set prefault as default
    if (ctx.io === "input" && "_prefault" in result.schema)
        (_a = result.schema).default ?? (_a.default = result.schema._prefault);
    delete result.schema._prefault;
    // pulling fresh from ctx.seen in case it was overwritten
    const _result = ctx.seen.get(schema);
    return _result.schema;
}
// Escape a reference token for use in a JSON Pointer fragment (RFC 6901): `~` becomes `~0` and `/` becomes `~1`. The `~` replacement must run first.
function encodeJSONPointerSegment(segment) {
    return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}
function extractDefs(ctx, schema
// params: EmitParams
) {
    // iterate over seen map;
    const root = ctx.seen.get(schema);
    if (!root)
        throw new Error("Unprocessed schema. This is a bug in Zod.");
    // With `external` set, every registered schema resolves through the external branch of `makeURI`, so the root branch below produces the same ref the external branch would — this pass is identical whichever schema it is called with, and only needs to run once.
    if (ctx.external && ctx.sharedDefsExtractedFor === ctx.external)
        return;
    // Track ids to detect duplicates across different schemas
    const idToSchema = new Map();
    for (const entry of ctx.seen.entries()) {
        const id = ctx.metadataRegistry.get(entry[0])?.id;
        if (id) {
            const existing = idToSchema.get(id);
            if (existing && existing !== entry[0]) {
                throw new Error(`Duplicate schema id "${id}" detected during JSON Schema conversion. Two different schemas cannot share the same id when converted together.`);
            }
            idToSchema.set(id, entry[0]);
        }
    }
    // returns a ref to the schema defId will be empty if the ref points to an external schema (or #)
    const makeURI = (entry) => {
        // comparing the seen objects because sometimes multiple schemas map to the same seen object. e.g. lazy
        // external is configured
        const defsSegment = ctx.target === "draft-2020-12" ? "$defs" : "definitions";
        if (ctx.external) {
            const externalId = ctx.external.registry.get(entry[0])?.id; // ?? "__shared";// `__schema${ctx.counter++}`;
            // check if schema is in the external registry
            const uriGenerator = ctx.external.uri ?? ((id) => id);
            if (externalId) {
                return { ref: uriGenerator(externalId) };
            }
            // otherwise, add to __shared
            const id = entry[1].defId ?? entry[1].schema.id ?? `schema${ctx.counter++}`;
            entry[1].defId = id; // set defId so it will be reused if needed
            return { defId: id, ref: `${uriGenerator("__shared")}#/${defsSegment}/${encodeJSONPointerSegment(id)}` };
        }
        const uriPrefix = `#`;
        const defUriPrefix = `${uriPrefix}/${defsSegment}/`;
        // an id-less root has nowhere to be extracted to, so it stays inline and self-references as `#`
        if (entry[1] === root && !entry[1].schema.id) {
            return { ref: uriPrefix };
        }
        // self-contained schema
        const defId = entry[1].schema.id ?? `__schema${ctx.counter++}`;
        return { defId, ref: defUriPrefix + encodeJSONPointerSegment(defId) };
    };
    // stored cached version in `def` property remove all properties, set $ref
    const extractToDef = (entry) => {
        // if the schema is already a reference, do not extract it
        if (entry[1].schema.$ref) {
            return;
        }
        const seen = entry[1];
        const { ref, defId } = makeURI(entry);
        seen.def = { ...seen.schema };
        // defId won't be set if the schema is a reference to an external schema or if the schema is the root schema
        if (defId)
            seen.defId = defId;
        // wipe away all properties except $ref
        const schema = seen.schema;
        for (const key in schema) {
            delete schema[key];
        }
        schema.$ref = ref;
    };
    // throw on cycles
    // break cycles
    if (ctx.cycles === "throw") {
        for (const entry of ctx.seen.entries()) {
            const seen = entry[1];
            if (seen.cycle) {
                throw new Error("Cycle detected: " +
                    `#/${seen.cycle?.join("/")}/<root>` +
                    '\n\nSet the `cycles` parameter to `"ref"` to resolve cyclical schemas with defs.');
            }
        }
    }
    // extract schemas into $defs
    for (const entry of ctx.seen.entries()) {
        const seen = entry[1];
        // convert root schema to # $ref
        if (schema === entry[0]) {
            extractToDef(entry); // this has special handling for the root schema
            continue;
        }
        // extract schemas that are in the external registry
        if (ctx.external) {
            const ext = ctx.external.registry.get(entry[0])?.id;
            if (schema !== entry[0] && ext) {
                extractToDef(entry);
                continue;
            }
        }
        // extract schemas with `id` meta
        const id = ctx.metadataRegistry.get(entry[0])?.id;
        if (id) {
            extractToDef(entry);
            continue;
        }
        // break cycles
        if (seen.cycle) {
            // any
            extractToDef(entry);
            continue;
        }
        // extract reused schemas
        if (seen.count > 1) {
            if (ctx.reused === "ref") {
                extractToDef(entry);
            }
        }
    }
    if (ctx.external)
        ctx.sharedDefsExtractedFor = ctx.external;
}
/** Rewrites `anyOf: [{type: "a"}, {type: "b"}]` to `type: ["a", "b"]`, which every JSON Schema draft treats as equivalent and most consumers render far better for the nullable case. Only branches that are a bare type assertion qualify — anything carrying a constraint, `$ref`, `const` or metadata is left alone. Runs after `flattenRef`, so a branch an override decorated or `$defs` extraction turned into a `$ref` is no longer bare and correctly stays in `anyOf`. `oneOf` is excluded: `integer` and `number` overlap, so "exactly one" and "at least one" are not the same there. OpenAPI 3.0 is excluded: its `type` must be a single string. */
function compactTypeUnion(schema) {
    const options = schema.anyOf;
    if (!Array.isArray(options) || options.length === 0 || schema.type !== undefined)
        return;
    const types = [];
    for (const option of options) {
        if (!option || typeof option !== "object")
            return;
        // A branch that is itself a compactible union folds into this one — nested `anyOf` and a flat `type` array say the same thing. Compacting it first also makes the result independent of the order this pass walks the seen map in.
        compactTypeUnion(option);
        const keys = Object.keys(option);
        if (keys.length !== 1 || keys[0] !== "type")
            return;
        const type = option.type;
        for (const member of Array.isArray(type) ? type : [type]) {
            if (typeof member !== "string")
                return;
            if (!types.includes(member))
                types.push(member);
        }
    }
    delete schema.anyOf;
    // A `type` array must be non-empty and unique (metaschema); a single member is spelled as a bare string.
    schema.type = types.length === 1 ? types[0] : types;
}
/** Keywords `foldIntersection` knows how to combine. Anything else — `$ref`, `patternProperties`,
 * an annotation like `description` — makes a member unfoldable, so a constraint this does not
 * understand leaves the `allOf` alone instead of being silently dropped or misattributed. */
const FOLDABLE_KEYS = new Set(["type", "properties", "required", "additionalProperties"]);
const UNION_KEYS = ["oneOf", "anyOf"];
/** A member's constraint on a key it does not declare itself. A `catchall` states one; `false`, an absent `additionalProperties`, and the empty schema a loose object emits state nothing. */
function undeclaredConstraint(member) {
    const extra = member.additionalProperties;
    if (extra === undefined || extra === false || typeof extra !== "object" || extra === null)
        return null;
    return Object.keys(extra).length ? extra : null;
}
/** Combines object members into the single object they describe together, or returns `null` if any of them carries a keyword outside {@link FOLDABLE_KEYS}. */
function foldObjects(members) {
    const objects = [];
    for (const member of members) {
        // A boolean subschema is legal JSON Schema and carries no keywords to fold.
        if (typeof member !== "object" || member.type !== "object")
            return null;
        for (const key in member) {
            if (!FOLDABLE_KEYS.has(key))
                return null;
        }
        objects.push(member);
    }
    const properties = {};
    const required = new Set();
    for (const object of objects) {
        for (const key in object.properties) {
            // `in` would report a `__proto__` key as already present via the prototype chain and skip it.
            if (Object.prototype.hasOwnProperty.call(properties, key))
                continue;
            // Every member constrains this key: the ones that declare it say how, and a `catchall` member constrains it too even though it does not name it. The key has to satisfy all of them, which is the same intersection one level down.
            const parts = [];
            for (const other of objects) {
                const part = other.properties?.[key] ?? undeclaredConstraint(other);
                if (part === null || part === undefined)
                    continue;
                if (!parts.some((seen) => JSON.stringify(seen) === JSON.stringify(part)))
                    parts.push(part);
            }
            const merged = parts.length === 1
                ? parts[0]
                : (foldObjects(parts) ?? { allOf: parts });
            assignProp(properties, key, merged);
        }
        for (const key of object.required ?? [])
            required.add(key);
    }
    const folded = { type: "object", properties };
    if (required.size)
        folded.required = [...required];
    // A key no member declares is rejected only when every member rejects it, so the fold is closed only when every member is. Otherwise it carries whatever the `catchall` members demand of such a key.
    if (objects.every((object) => object.additionalProperties === false)) {
        folded.additionalProperties = false;
    }
    else {
        const constraints = [];
        for (const object of objects) {
            const constraint = undeclaredConstraint(object);
            if (constraint && !constraints.some((seen) => JSON.stringify(seen) === JSON.stringify(constraint)))
                constraints.push(constraint);
        }
        if (constraints.length === 1)
            folded.additionalProperties = constraints[0];
        else if (constraints.length > 1)
            folded.additionalProperties = { allOf: constraints };
    }
    return folded;
}
/** `additionalProperties` in an `allOf` member sees only that member's own `properties`, so two
 * closed object members reject each other's keys and the schema validates nothing. Zod's parser
 * pools the key sets instead — `handleIntersectionResults` reports a key as unrecognized only when
 * *every* side rejects it — so the emitted schema has to pool them too, and folding the members
 * into one object is the encoding that says so on every target.
 *
 * This runs from `finalize`, after `extractDefs`, which is what keeps it clear of the `$ref`
 * machinery: a member extracted into `$defs` is already a `$ref` by now and declines to fold, so it
 * keeps its reference and its own closedness rather than being inlined as a stale copy. */
function foldIntersection(json) {
    const allOf = json.allOf;
    if (!Array.isArray(allOf) || allOf.length < 2)
        return;
    // An `override` runs before this pass and may have written object keywords onto the intersection itself. Those are deliberate, so decline rather than overwrite them.
    for (const key of FOLDABLE_KEYS)
        if (key in json)
            return;
    // An intersection distributes over a union: `A & (X | Y)` is `(A & X) | (A & Y)`. Only the first union is distributed over; a second one stays among the members every branch folds against, where it fails the object check and declines the whole intersection rather than multiplying out.
    const unions = allOf.filter((m) => UNION_KEYS.some((k) => Array.isArray(m[k])));
    let folded = null;
    if (!unions.length) {
        folded = foldObjects(allOf);
    }
    else {
        const union = unions[0];
        const keyword = UNION_KEYS.find((k) => Array.isArray(union[k]));
        if (Object.keys(union).length !== 1)
            return;
        const rest = allOf.filter((m) => m !== union);
        const branches = union[keyword].map((branch) => foldObjects([...rest, branch]));
        if (branches.some((b) => !b))
            return;
        folded = { [keyword]: branches };
    }
    if (!folded)
        return;
    delete json.allOf;
    assignProps(json, folded);
}
function finalize(ctx, schema) {
    const root = ctx.seen.get(schema);
    if (!root)
        throw new Error("Unprocessed schema. This is a bug in Zod.");
    // flatten refs - inherit properties from parent schemas
    const flattenRef = (zodSchema) => {
        const seen = ctx.seen.get(zodSchema);
        // already processed
        if (seen.ref === null)
            return;
        const schema = seen.def ?? seen.schema;
        const _cached = { ...schema };
        const ref = seen.ref;
        seen.ref = null; // prevent infinite recursion
        if (ref) {
            flattenRef(ref);
            const refSeen = ctx.seen.get(ref);
            const refSchema = refSeen.schema;
            // merge referenced schema into current
            if (refSchema.$ref && (ctx.target === "draft-07" || ctx.target === "draft-04" || ctx.target === "openapi-3.0")) {
                // older drafts can't combine $ref with other properties
                schema.allOf = schema.allOf ?? [];
                schema.allOf.push(refSchema);
            }
            else {
                assignProps(schema, refSchema);
            }
            // restore child's own properties (child wins)
            assignProps(schema, _cached);
            const isParentRef = zodSchema._zod.parent === ref;
            // For parent chain, child is a refinement - remove parent-only properties
            if (isParentRef) {
                for (const key in schema) {
                    if (key === "$ref" || key === "allOf")
                        continue;
                    if (!(key in _cached)) {
                        delete schema[key];
                    }
                }
            }
            // When ref was extracted to $defs, remove properties that match the definition
            if (refSchema.$ref && refSeen.def) {
                for (const key in schema) {
                    if (key === "$ref" || key === "allOf")
                        continue;
                    if (key in refSeen.def && JSON.stringify(schema[key]) === JSON.stringify(refSeen.def[key])) {
                        delete schema[key];
                    }
                }
            }
        }
        // If parent was extracted (has $ref), propagate $ref to this schema. This handles cases like: readonly().meta({id}).describe() where processor sets ref to innerType but parent should be referenced
        const parent = zodSchema._zod.parent;
        if (parent && parent !== ref) {
            // Ensure parent is processed first so its def has inherited properties
            flattenRef(parent);
            const parentSeen = ctx.seen.get(parent);
            if (parentSeen?.schema.$ref) {
                schema.$ref = parentSeen.schema.$ref;
                // De-duplicate with parent's definition
                if (parentSeen.def) {
                    for (const key in schema) {
                        if (key === "$ref" || key === "allOf")
                            continue;
                        if (key in parentSeen.def && JSON.stringify(schema[key]) === JSON.stringify(parentSeen.def[key])) {
                            delete schema[key];
                        }
                    }
                }
            }
        }
        // execute overrides
        ctx.override({
            zodSchema: zodSchema,
            jsonSchema: schema,
            path: seen.path ?? [],
        });
    };
    // Flattening walks the whole map and clears each `ref` as it goes, so a second call over the same map is a no-op scan. Skip it outright once it has run for a registry conversion.
    if (!ctx.external || ctx.sharedEmitDoneFor !== ctx.external) {
        for (const entry of [...ctx.seen.entries()].reverse()) {
            flattenRef(entry[0]);
        }
        if (ctx.target !== "openapi-3.0") {
            for (const entry of ctx.seen.entries()) {
                compactTypeUnion(entry[1].def ?? entry[1].schema);
            }
        }
        for (const rewrite of ctx.deferred)
            rewrite();
        // After flattening, every member that was extracted is a `$ref`, so the fold sees the final shape. A schema that inherits an intersection — through `z.lazy`, or any `ref` chain — holds the same `allOf` array, so fold by array identity to catch every copy.
        if (ctx.intersections.length) {
            const carriers = new Map();
            for (const seen of ctx.seen.values()) {
                for (const json of [seen.schema, seen.def]) {
                    const allOf = json?.allOf;
                    if (!Array.isArray(allOf))
                        continue;
                    const existing = carriers.get(allOf);
                    if (existing)
                        existing.push(json);
                    else
                        carriers.set(allOf, [json]);
                }
            }
            for (const allOf of ctx.intersections) {
                for (const json of carriers.get(allOf) ?? [])
                    foldIntersection(json);
            }
        }
    }
    const result = {};
    if (ctx.target === "draft-2020-12") {
        result.$schema = "https://json-schema.org/draft/2020-12/schema";
    }
    else if (ctx.target === "draft-07") {
        result.$schema = "http://json-schema.org/draft-07/schema#";
    }
    else if (ctx.target === "draft-04") {
        result.$schema = "http://json-schema.org/draft-04/schema#";
    }
    else if (ctx.target === "openapi-3.0") ;
    else ;
    if (ctx.external?.uri) {
        const id = ctx.external.registry.get(schema)?.id;
        if (!id)
            throw new Error("Schema is missing an `id` property");
        result.$id = ctx.external.uri(id);
    }
    // when the root was extracted into $defs, `root.schema` is the `$ref` wrapper and `root.def` is the body that now lives under $defs
    assignProps(result, root.defId ? root.schema : (root.def ?? root.schema));
    // The `id` in `.meta()` is a Zod-specific registration tag used to extract schemas into $defs — it is not user-facing JSON Schema metadata. Strip it from the output body where it would otherwise leak. The id is preserved implicitly via the $defs key (and via $ref paths).
    const rootMetaId = ctx.metadataRegistry.get(schema)?.id;
    if (rootMetaId !== undefined && result.id === rootMetaId)
        delete result.id;
    // build defs object. With `external`, `defs` is the shared object every schema writes into, so the same entries are reassigned on every call. Without it, `defs` is fresh per call and must be rebuilt.
    const defs = ctx.external?.defs ?? {};
    if (!ctx.external || ctx.sharedEmitDoneFor !== ctx.external) {
        for (const entry of ctx.seen.entries()) {
            const seen = entry[1];
            if (seen.def && seen.defId) {
                if (seen.def.id === seen.defId)
                    delete seen.def.id;
                assignProp(defs, seen.defId, seen.def);
            }
        }
    }
    if (ctx.external)
        ctx.sharedEmitDoneFor = ctx.external;
    // set definitions in result
    if (ctx.external) ;
    else {
        if (Object.keys(defs).length > 0) {
            if (ctx.target === "draft-2020-12") {
                result.$defs = defs;
            }
            else {
                result.definitions = defs;
            }
        }
    }
    try {
        // this "finalizes" this schema and ensures all cycles are removed each call to finalize() is functionally independent though the seen map is shared
        const finalized = JSON.parse(JSON.stringify(result));
        Object.defineProperty(finalized, "~standard", {
            value: {
                ...schema["~standard"],
                jsonSchema: {
                    input: createStandardJSONSchemaMethod(schema, "input", ctx.processors),
                    output: createStandardJSONSchemaMethod(schema, "output", ctx.processors),
                },
            },
            enumerable: false,
            writable: false,
        });
        return finalized;
    }
    catch (_err) {
        throw new Error("Error converting schema to JSON.");
    }
}
function isTransforming(_schema, _ctx) {
    const ctx = _ctx ?? { seen: new Set() };
    if (ctx.seen.has(_schema))
        return false;
    ctx.seen.add(_schema);
    const def = _schema._zod.def;
    if (def.type === "transform")
        return true;
    if (def.type === "array")
        return isTransforming(def.element, ctx);
    if (def.type === "set")
        return isTransforming(def.valueType, ctx);
    if (def.type === "lazy")
        return isTransforming(def.getter(), ctx);
    if (def.type === "promise" ||
        def.type === "optional" ||
        def.type === "nonoptional" ||
        def.type === "nullable" ||
        def.type === "readonly" ||
        def.type === "default" ||
        def.type === "prefault" ||
        def.type === "catch") {
        return isTransforming(def.innerType, ctx);
    }
    if (def.type === "intersection") {
        return isTransforming(def.left, ctx) || isTransforming(def.right, ctx);
    }
    if (def.type === "record" || def.type === "map") {
        return isTransforming(def.keyType, ctx) || isTransforming(def.valueType, ctx);
    }
    if (def.type === "pipe") {
        if (_schema._zod.traits.has("$ZodCodec"))
            return true;
        return isTransforming(def.in, ctx) || isTransforming(def.out, ctx);
    }
    if (def.type === "object") {
        for (const key in def.shape) {
            if (isTransforming(def.shape[key], ctx))
                return true;
        }
        return false;
    }
    if (def.type === "union") {
        for (const option of def.options) {
            if (isTransforming(option, ctx))
                return true;
        }
        return false;
    }
    if (def.type === "tuple") {
        for (const item of def.items) {
            if (isTransforming(item, ctx))
                return true;
        }
        if (def.rest && isTransforming(def.rest, ctx))
            return true;
        return false;
    }
    return false;
}
/**
 * Creates a toJSONSchema method for a schema instance.
 * This encapsulates the logic of initializing context, processing, extracting defs, and finalizing.
 */
const createToJSONSchemaMethod = (schema, processors = {}) => (params) => {
    const ctx = initializeContext({ ...params, processors });
    processSchema(schema, ctx);
    extractDefs(ctx, schema);
    return finalize(ctx, schema);
};
const createStandardJSONSchemaMethod = (schema, io, processors = {}) => (params) => {
    const { libraryOptions, target } = params ?? {};
    const ctx = initializeContext({ ...(libraryOptions ?? {}), target, io, processors });
    processSchema(schema, ctx);
    extractDefs(ctx, schema);
    return finalize(ctx, schema);
};

const narrowMin = (agg, key, value) => {
    if (agg[key] === undefined || value > agg[key])
        agg[key] = value;
};
const narrowMax = (agg, key, value) => {
    if (agg[key] === undefined || value < agg[key])
        agg[key] = value;
};
const narrowBoth = (agg, value) => {
    narrowMin(agg, "minimum", value);
    narrowMax(agg, "maximum", value);
};
const addDivisor = (agg, value) => {
    agg.multipleOf ?? (agg.multipleOf = []);
    if (!agg.multipleOf.includes(value))
        agg.multipleOf.push(value);
};
const addPattern = (agg, pattern) => {
    agg.patterns ?? (agg.patterns = new Set());
    agg.patterns.add(pattern);
};
const intersectMime = (agg, mime) => {
    agg.mime = agg.mime ? agg.mime.filter((m) => mime.includes(m)) : [...mime];
};
// last-wins, matching the bag's historical write order; the flag keeps an integer format from being lost to a later float one
const setFormat = (agg, format) => {
    agg.format = format;
    if (format.includes("int"))
        agg.isInt = true;
};
const minContributor = (agg, def) => narrowMin(agg, "minimum", def.minimum);
const maxContributor = (agg, def) => narrowMax(agg, "maximum", def.maximum);
const formatContributor = (ranges) => (agg, def) => {
    setFormat(agg, def.format);
    const [minimum, maximum] = ranges[def.format];
    narrowMin(agg, "minimum", minimum);
    narrowMax(agg, "maximum", maximum);
};
const contributors = {
    greater_than: (agg, def) => narrowMin(agg, def.inclusive ? "minimum" : "exclusiveMinimum", def.value),
    less_than: (agg, def) => narrowMax(agg, def.inclusive ? "maximum" : "exclusiveMaximum", def.value),
    multiple_of: (agg, def) => addDivisor(agg, def.value),
    number_format: formatContributor(NUMBER_FORMAT_RANGES),
    bigint_format: formatContributor(BIGINT_FORMAT_RANGES),
    min_length: minContributor,
    max_length: maxContributor,
    length_equals: (agg, def) => narrowBoth(agg, def.length),
    min_size: minContributor,
    max_size: maxContributor,
    size_equals: (agg, def) => narrowBoth(agg, def.size),
    string_format: (agg, def) => {
        setFormat(agg, def.format);
        if (def.pattern)
            addPattern(agg, def.pattern);
        if (def.format === "base64" || def.format === "base64url")
            agg.contentEncoding = def.format;
        if (def.local || def.precision === -1)
            agg.laxFormat = true;
    },
    mime_type: (agg, def) => intersectMime(agg, def.mime),
};
function aggregateChecks(schema) {
    const agg = {};
    const def = schema._zod.def;
    // a format schema is its own first check, same rule as $ZodType init
    const list = schema._zod.traits.has("$ZodCheck")
        ? [schema, ...(def.checks ?? [])]
        : (def.checks ?? []);
    for (const ch of list)
        contributors[ch._zod.def.check]?.(agg, ch._zod.def);
    // reconcile with the bag so third-party onattach contributions still land; first-party residue is never tighter than the fold, so merging it back is idempotent for one and additive for the other
    const bag = schema._zod.bag;
    if (bag.minimum !== undefined)
        narrowMin(agg, "minimum", bag.minimum);
    if (bag.exclusiveMinimum !== undefined)
        narrowMin(agg, "exclusiveMinimum", bag.exclusiveMinimum);
    if (bag.maximum !== undefined)
        narrowMax(agg, "maximum", bag.maximum);
    if (bag.exclusiveMaximum !== undefined)
        narrowMax(agg, "exclusiveMaximum", bag.exclusiveMaximum);
    if (bag.multipleOf !== undefined)
        addDivisor(agg, bag.multipleOf);
    if (bag.format !== undefined) {
        agg.format ?? (agg.format = bag.format);
        if (bag.format.includes("int"))
            agg.isInt = true;
    }
    if (bag.mime)
        intersectMime(agg, bag.mime);
    for (const pattern of bag.patterns ?? [])
        addPattern(agg, pattern);
    return agg;
}
const formatMap = {
    guid: "uuid",
    url: "uri",
    datetime: "date-time",
    json_string: "json-string",
    regex: "", // do not set
};
// ==================== SIMPLE TYPE PROCESSORS ====================
// the runtime patterns are lax so parse paths never overflow the regex stack; the emitted schema swaps in the exact block forms, which zod itself never executes
const exactPatterns = new Map([
    [base64Charset, base64],
    [base64urlCharset, base64url],
]);
const exactPattern = (p) => exactPatterns.get(p) ?? p;
const stringProcessor = (schema, ctx, _json, _params) => {
    const json = _json;
    json.type = "string";
    const { minimum, maximum, format, patterns, contentEncoding, laxFormat } = aggregateChecks(schema);
    if (typeof minimum === "number")
        json.minLength = minimum;
    if (typeof maximum === "number")
        json.maxLength = maximum;
    // custom pattern overrides format
    if (format) {
        json.format = formatMap[format] ?? format;
        if (json.format === "")
            delete json.format; // empty format is not valid
        // `z.iso.time()` is never full-time, and `laxFormat` carries the datetime shapes that also accept what their keyword forbids
        if (format === "time" || laxFormat) {
            delete json.format;
        }
    }
    if (contentEncoding)
        json.contentEncoding = contentEncoding;
    if (patterns && patterns.size > 0) {
        const patternList = [...patterns].map(exactPattern);
        if (patternList.length === 1)
            json.pattern = patternList[0].source;
        else if (patternList.length > 1) {
            json.allOf = [
                ...patternList.map((regex) => ({
                    ...(ctx.target === "draft-07" || ctx.target === "draft-04" || ctx.target === "openapi-3.0"
                        ? { type: "string" }
                        : {}),
                    pattern: regex.source,
                })),
            ];
        }
    }
};
const numberProcessor = (schema, ctx, _json, params) => {
    const json = _json;
    const { minimum, maximum, multipleOf, exclusiveMaximum, exclusiveMinimum, isInt } = aggregateChecks(schema);
    json.type = isInt ? "integer" : "number";
    // when both minimum and exclusiveMinimum exist, pick the more restrictive one
    const exMin = typeof exclusiveMinimum === "number" && exclusiveMinimum >= (minimum ?? Number.NEGATIVE_INFINITY);
    const exMax = typeof exclusiveMaximum === "number" && exclusiveMaximum <= (maximum ?? Number.POSITIVE_INFINITY);
    const legacy = ctx.target === "draft-04" || ctx.target === "openapi-3.0";
    if (exMin) {
        if (legacy) {
            json.minimum = exclusiveMinimum;
            json.exclusiveMinimum = true;
        }
        else {
            json.exclusiveMinimum = exclusiveMinimum;
        }
    }
    else if (typeof minimum === "number") {
        json.minimum = minimum;
    }
    if (exMax) {
        if (legacy) {
            json.maximum = exclusiveMaximum;
            json.exclusiveMaximum = true;
        }
        else {
            json.exclusiveMaximum = exclusiveMaximum;
        }
    }
    else if (typeof maximum === "number") {
        json.maximum = maximum;
    }
    if (multipleOf) {
        // JSON Schema requires a divisor strictly greater than zero, and a non-finite one does not survive JSON at all. A negative divisor accepts exactly what its absolute value accepts, so it still maps; zero, NaN and Infinity have no keyword form.
        const divisors = new Set();
        for (const divisor of multipleOf) {
            if (Number.isFinite(divisor) && divisor !== 0)
                divisors.add(Math.abs(divisor));
            else
                handleUnrepresentable(schema, ctx, json, params, `A multipleOf divisor of ${divisor} cannot be represented in JSON Schema`);
        }
        // chained divisors are a conjunction the keyword cannot carry alone, so extras ride an allOf, same as stacked patterns
        const [first, ...rest] = divisors;
        if (first !== undefined)
            json.multipleOf = first;
        if (rest.length)
            json.allOf = [...(json.allOf ?? []), ...rest.map((m) => ({ multipleOf: m }))];
    }
};
const booleanProcessor = (_schema, _ctx, json, _params) => {
    json.type = "boolean";
};
const neverProcessor = (_schema, _ctx, json, _params) => {
    json.not = {};
};
const unknownProcessor = (_schema, _ctx, _json, _params) => {
    // empty schema accepts anything
};
const enumProcessor = (schema, _ctx, json, _params) => {
    const def = schema._zod.def;
    const values = getEnumValues(def.entries);
    // an empty enum accepts nothing, same as z.never()
    if (values.length === 0) {
        json.not = {};
        return;
    }
    // Number enums can have both string and number values
    if (values.every((v) => typeof v === "number"))
        json.type = "number";
    if (values.every((v) => typeof v === "string"))
        json.type = "string";
    json.enum = values;
};
const literalProcessor = (schema, ctx, json, params) => {
    const def = schema._zod.def;
    // a literal with no values accepts nothing, same as z.never()
    if (def.values.length === 0) {
        json.not = {};
        return;
    }
    const vals = [];
    for (const val of def.values) {
        if (val === undefined) {
            // a custom schema replaces the whole literal, so there is nothing left to accumulate
            if (handleUnrepresentable(schema, ctx, json, params, "Literal `undefined` cannot be represented in JSON Schema"))
                return;
            // otherwise do not add to vals
        }
        else if (typeof val === "bigint") {
            if (handleUnrepresentable(schema, ctx, json, params, "BigInt literals cannot be represented in JSON Schema"))
                return;
            vals.push(Number(val));
        }
        else {
            vals.push(val);
        }
    }
    if (vals.length === 0) ;
    else if (vals.length === 1) {
        const val = vals[0];
        json.type = val === null ? "null" : typeof val;
        if (ctx.target === "draft-04" || ctx.target === "openapi-3.0") {
            json.enum = [val];
        }
        else {
            json.const = val;
        }
    }
    else {
        if (vals.every((v) => typeof v === "number"))
            json.type = "number";
        if (vals.every((v) => typeof v === "string"))
            json.type = "string";
        if (vals.every((v) => typeof v === "boolean"))
            json.type = "boolean";
        if (vals.every((v) => v === null))
            json.type = "null";
        json.enum = vals;
    }
};
const customProcessor = (schema, ctx, json, params) => {
    handleUnrepresentable(schema, ctx, json, params, "Custom types cannot be represented in JSON Schema");
};
const transformProcessor = (schema, ctx, json, params) => {
    handleUnrepresentable(schema, ctx, json, params, "Transforms cannot be represented in JSON Schema");
};
// ==================== COMPOSITE TYPE PROCESSORS ====================
const arrayProcessor = (schema, ctx, _json, params) => {
    const json = _json;
    const def = schema._zod.def;
    const { minimum, maximum } = aggregateChecks(schema);
    if (typeof minimum === "number")
        json.minItems = minimum;
    if (typeof maximum === "number")
        json.maxItems = maximum;
    json.type = "array";
    json.items = processSchema(def.element, ctx, {
        ...params,
        path: [...params.path, "items"],
    });
};
// Transform and catch set `optin = "optional"` at runtime so the parser lets them observe an
// absent key, but their declared input type stays required. An input JSON Schema describes the
// declared type, so resolve past them to the schema that actually carries the optionality.
// Used by both `objectProcessor` (for `required`) and `tupleProcessor` (for `minItems`); see
// wiki/optionality.md, "The JSON Schema emitter reads the *static* value".
function inputOptin(schema) {
    const def = schema._zod.def;
    if (def.type === "pipe" && def.in._zod.traits.has("$ZodTransform")) {
        return inputOptin(def.out);
    }
    if (def.type === "catch") {
        return inputOptin(def.innerType);
    }
    return schema._zod.optin;
}
const objectProcessor = (schema, ctx, _json, params) => {
    const json = _json;
    const def = schema._zod.def;
    const shape = def.shape;
    // dropping it while still emitting `additionalProperties: false` would emit a schema that rejects data this one requires
    const symbolKeys = Object.getOwnPropertySymbols(shape);
    if (symbolKeys.length &&
        handleUnrepresentable(schema, ctx, json, params, "Symbol keys cannot be represented in JSON Schema")) {
        return;
    }
    json.type = "object";
    json.properties = {};
    for (const key in shape) {
        // assignProp so a __proto__ key becomes an own property instead of hitting the inherited setter on the plain {} we build into
        assignProp(json.properties, key, processSchema(shape[key], ctx, {
            ...params,
            path: [...params.path, "properties", key],
        }));
    }
    // required keys
    const requiredKeys = [];
    for (const key of Object.keys(shape)) {
        const field = def.shape[key];
        if (ctx.io === "input" ? inputOptin(field) === undefined : field._zod.optout === undefined) {
            requiredKeys.push(key);
        }
    }
    if (requiredKeys.length > 0) {
        json.required = requiredKeys;
    }
    // catchall
    if (def.catchall?._zod.def.type === "never") {
        // strict
        json.additionalProperties = false;
    }
    else if (!def.catchall) {
        // regular
        if (ctx.io === "output")
            json.additionalProperties = false;
    }
    else if (def.catchall) {
        json.additionalProperties = processSchema(def.catchall, ctx, {
            ...params,
            path: [...params.path, "additionalProperties"],
        });
    }
};
const unionProcessor = (schema, ctx, json, params) => {
    const def = schema._zod.def;
    // Exclusive unions (inclusive === false) use oneOf (exactly one match) instead of anyOf (one or more matches). This includes both z.xor() and discriminated unions
    const isExclusive = def.inclusive === false;
    const options = def.options.map((x, i) => processSchema(x, ctx, {
        ...params,
        path: [...params.path, isExclusive ? "oneOf" : "anyOf", i],
    }));
    if (isExclusive) {
        json.oneOf = options;
    }
    else {
        json.anyOf = options;
    }
};
const intersectionProcessor = (schema, ctx, json, params) => {
    const def = schema._zod.def;
    const a = processSchema(def.left, ctx, {
        ...params,
        path: [...params.path, "allOf", 0],
    });
    const b = processSchema(def.right, ctx, {
        ...params,
        path: [...params.path, "allOf", 1],
    });
    const isSimpleIntersection = (val) => "allOf" in val && Object.keys(val).length === 1;
    const allOf = [
        ...(isSimpleIntersection(a) ? a.allOf : [a]),
        ...(isSimpleIntersection(b) ? b.allOf : [b]),
    ];
    json.allOf = allOf;
    // Recorded innermost first, so a nested intersection has already folded by the time this one is considered. The array is the handle rather than the schema, because a wrapper that inherits this schema shares the same array; `finalize` folds every object holding it. See `foldIntersection`.
    ctx.intersections.push(allOf);
};
const nullableProcessor = (schema, ctx, json, params) => {
    const def = schema._zod.def;
    const inner = processSchema(def.innerType, ctx, params);
    const seen = ctx.seen.get(schema);
    if (ctx.target === "openapi-3.0") {
        seen.ref = def.innerType;
        json.nullable = true;
    }
    else {
        json.anyOf = [inner, { type: "null" }];
    }
};
const nonoptionalProcessor = (schema, ctx, _json, params) => {
    const def = schema._zod.def;
    processSchema(def.innerType, ctx, params);
    const seen = ctx.seen.get(schema);
    seen.ref = def.innerType;
};
/** Round-trips a default value through JSON so the emitted schema is guaranteed to be valid JSON.
 * A BigInt has no reliable encoding, so it goes through `unrepresentable` like any other
 * unrepresentable value. Returns a sentinel when the caller must not write a default of its own. */
const UNREPRESENTABLE_DEFAULT = Symbol();
function serializeDefaultValue(value, schema, ctx, json, params) {
    let unrepresentable = false;
    const serialized = JSON.stringify(value, (_, val) => {
        if (typeof val !== "bigint")
            return val;
        unrepresentable = true;
        return null;
    });
    if (!unrepresentable)
        return JSON.parse(serialized);
    handleUnrepresentable(schema, ctx, json, params, "BigInt defaults cannot be represented in JSON Schema");
    return UNREPRESENTABLE_DEFAULT;
}
const defaultProcessor = (schema, ctx, json, params) => {
    const def = schema._zod.def;
    processSchema(def.innerType, ctx, params);
    const seen = ctx.seen.get(schema);
    seen.ref = def.innerType;
    const value = serializeDefaultValue(def.defaultValue, schema, ctx, json, params);
    if (value !== UNREPRESENTABLE_DEFAULT)
        json.default = value;
};
const prefaultProcessor = (schema, ctx, json, params) => {
    const def = schema._zod.def;
    processSchema(def.innerType, ctx, params);
    const seen = ctx.seen.get(schema);
    seen.ref = def.innerType;
    if (ctx.io !== "input")
        return;
    const value = serializeDefaultValue(def.defaultValue, schema, ctx, json, params);
    if (value !== UNREPRESENTABLE_DEFAULT)
        json._prefault = value;
};
const catchProcessor = (schema, ctx, json, params) => {
    const def = schema._zod.def;
    processSchema(def.innerType, ctx, params);
    const seen = ctx.seen.get(schema);
    seen.ref = def.innerType;
    let catchValue;
    try {
        catchValue = def.catchValue(undefined);
    }
    catch {
        handleUnrepresentable(schema, ctx, json, params, "Dynamic catch values are not supported in JSON Schema");
        return;
    }
    json.default = catchValue;
};
const pipeProcessor = (schema, ctx, _json, params) => {
    const def = schema._zod.def;
    const inIsTransform = def.in._zod.traits.has("$ZodTransform");
    const innerType = ctx.io === "input" ? (inIsTransform ? def.out : def.in) : def.out;
    processSchema(innerType, ctx, params);
    const seen = ctx.seen.get(schema);
    seen.ref = innerType;
};
const readonlyProcessor = (schema, ctx, json, params) => {
    const def = schema._zod.def;
    processSchema(def.innerType, ctx, params);
    const seen = ctx.seen.get(schema);
    seen.ref = def.innerType;
    json.readOnly = true;
};
const optionalProcessor = (schema, ctx, _json, params) => {
    const def = schema._zod.def;
    processSchema(def.innerType, ctx, params);
    const seen = ctx.seen.get(schema);
    seen.ref = def.innerType;
};

/* Prototypes that already carry the lazy helper methods. Seeded with the
 * intrinsics so that `init` on a foreign object — it accepts any object —
 * can never install an accessor onto a prototype we do not own. */
const _installedErrorProtos = /* @__PURE__ */ new WeakSet([Object.prototype, Error.prototype]);
/* Helper methods live as non-enumerable lazy getters on the shared
 * prototype instead of own properties on every instance. On first
 * access the getter allocates the per-instance closure and caches it
 * as a non-enumerable own property, so detached usage still works and
 * the allocation only happens for methods actually touched. */
function _lazyMethod(proto, key, make) {
    Object.defineProperty(proto, key, {
        configurable: true,
        enumerable: false,
        get() {
            const value = make(this);
            Object.defineProperty(this, key, { value, configurable: true, writable: true });
            return value;
        },
        set(value) {
            Object.defineProperty(this, key, { value, configurable: true, writable: true });
        },
    });
}
const initializer = (inst, issues) => {
    $ZodError.init(inst, issues);
    inst.name = "ZodError";
    const proto = Object.getPrototypeOf(inst);
    if (_installedErrorProtos.has(proto))
        return;
    _installedErrorProtos.add(proto);
    _lazyMethod(proto, "format", (self) => (mapper) => formatError(self, mapper));
    _lazyMethod(proto, "flatten", (self) => (mapper) => flattenError(self, mapper));
    _lazyMethod(proto, "addIssue", (self) => (issue) => {
        self.issues.push(issue);
        self.message = JSON.stringify(self.issues, jsonStringifyReplacer, 2);
    });
    _lazyMethod(proto, "addIssues", (self) => (issues) => {
        self.issues.push(...issues);
        self.message = JSON.stringify(self.issues, jsonStringifyReplacer, 2);
    });
    Object.defineProperty(proto, "isEmpty", {
        configurable: true,
        enumerable: false,
        get() {
            return this.issues.length === 0;
        },
    });
};
const ZodRealError = /*@__PURE__*/ $constructor("ZodError", initializer, undefined, {
    Parent: Error,
});
// /** @deprecated Use `z.core.$ZodErrorMapCtx` instead. */
// export type ErrorMapCtx = core.$ZodErrorMapCtx;

const parse$1 = /* @__PURE__ */ _parse(ZodRealError);
const parseAsync = /* @__PURE__ */ _parseAsync(ZodRealError);
const safeParse = /* @__PURE__ */ _safeParse(ZodRealError);
const safeParseAsync = /* @__PURE__ */ _safeParseAsync(ZodRealError);
// Codec functions
const encode = /* @__PURE__ */ _encode(ZodRealError);
const decode = /* @__PURE__ */ _decode(ZodRealError);
const encodeAsync = /* @__PURE__ */ _encodeAsync(ZodRealError);
const decodeAsync = /* @__PURE__ */ _decodeAsync(ZodRealError);
const safeEncode = /* @__PURE__ */ _safeEncode(ZodRealError);
const safeDecode = /* @__PURE__ */ _safeDecode(ZodRealError);
const safeEncodeAsync = /* @__PURE__ */ _safeEncodeAsync(ZodRealError);
const safeDecodeAsync = /* @__PURE__ */ _safeDecodeAsync(ZodRealError);

// Register English as the default locale on first ZodType construction. Hooked into the `ZodType` `$constructor` (rather than a top-level `config(en())` in `external.ts`) so bundlers honoring `sideEffects: false` can't tree-shake it out — see #5953, #5725. An explicit `z.config(z.locales.xx())` call wins regardless of order, since this only sets the default when none is present.
function _ensureDefaultLocale() {
    if (!globalConfig.localeError)
        config(en());
}
// the default memoizer is read by the core container init, which runs before `ZodType.init`, so each container calls this first
function _ensureDefaultMemoizer() {
    if (!globalConfig.memoizer)
        config({ memoizer: memoizer() });
}
const ZodType = /*@__PURE__*/ $constructor("ZodType", (inst, def) => {
    _ensureDefaultLocale();
    $ZodType.init(inst, def);
    inst.def = def;
    inst.type = def.type;
    return inst;
}, {
    check(...chks) {
        const def = this.def;
        return this.clone(mergeDefs(def, {
            checks: [
                ...(def.checks ?? []),
                ...chks.map((ch) => typeof ch === "function" ? { _zod: { check: ch, def: { check: "custom" }, onattach: [] } } : ch),
            ],
        }), { parent: true });
    },
    with(...chks) {
        return this.check(...chks);
    },
    clone(def, params) {
        return clone(this, def, params);
    },
    brand() {
        return this;
    },
    register(reg, meta) {
        reg.add(this, meta);
        return this;
    },
    refine(check, params) {
        return this.check(refine(check, params));
    },
    superRefine(refinement, params) {
        return this.check(superRefine(refinement, params));
    },
    overwrite(fn) {
        return this.check(_overwrite(fn));
    },
    optional() {
        return optional(this);
    },
    exactOptional() {
        return exactOptional(this);
    },
    nullable() {
        return nullable(this);
    },
    nullish() {
        return optional(nullable(this));
    },
    nonoptional(params) {
        return nonoptional(this, params);
    },
    array() {
        return array(this);
    },
    or(arg) {
        return union([this, arg]);
    },
    and(arg) {
        return intersection(this, arg);
    },
    transform(tx) {
        return pipe(this, transform(tx));
    },
    default(d) {
        return _default(this, d);
    },
    prefault(d) {
        return prefault(this, d);
    },
    catch(params) {
        return _catch(this, params);
    },
    pipe(target) {
        return pipe(this, target);
    },
    readonly() {
        return readonly(this);
    },
    describe(description) {
        const cl = this.clone();
        globalRegistry.add(cl, { description });
        return cl;
    },
    meta(...args) {
        // overloaded: meta() returns the registered metadata, meta(data) returns a clone with `data` registered. The mapped type picks up the second overload, so we accept variadic any-args and return `any` to satisfy both at runtime.
        if (args.length === 0)
            return globalRegistry.get(this);
        const cl = this.clone();
        globalRegistry.add(cl, args[0]);
        return cl;
    },
    isOptional() {
        return this.safeParse(undefined).success;
    },
    isNullable() {
        return this.safeParse(null).success;
    },
    apply(fn, ...args) {
        return args.length === 0 ? fn(this) : fn(this, ...args);
    },
    // Overrides core's `~standard` to add `jsonSchema`. Must stay a prototype entry: redefining it per instance demotes instances to dictionary mode.
    get "~standard"() {
        return hide(this, "~standard", {
            ...standardProps(this),
            jsonSchema: {
                input: createStandardJSONSchemaMethod(this, "input"),
                output: createStandardJSONSchemaMethod(this, "output"),
            },
        });
    },
    set "~standard"(value) {
        own(this, "~standard", value);
    },
    parse: function _parse(data, params) {
        return parse$1(this, data, params, { callee: _parse });
    },
    parseAsync: async function _parseAsync(data, params) {
        return await parseAsync(this, data, params, { callee: _parseAsync });
    },
    safeParse(data, params) {
        return safeParse(this, data, params);
    },
    async safeParseAsync(data, params) {
        return safeParseAsync(this, data, params);
    },
    // `spa` is an alias: same function object as `safeParseAsync`, as before.
    get spa() {
        return this?.safeParseAsync;
    },
    set spa(value) {
        own(this, "spa", value);
    },
    validate(data, params) {
        return validate(this, data, params);
    },
    validateAsync(data, params) {
        return validateAsync$1(this, data, params);
    },
    encode: function _encode(data, params) {
        return encode(this, data, params, { callee: _encode });
    },
    decode: function _decode(data, params) {
        return decode(this, data, params, { callee: _decode });
    },
    encodeAsync: async function _encodeAsync(data, params) {
        return await encodeAsync(this, data, params, { callee: _encodeAsync });
    },
    decodeAsync: async function _decodeAsync(data, params) {
        return await decodeAsync(this, data, params, { callee: _decodeAsync });
    },
    safeEncode(data, params) {
        return safeEncode(this, data, params);
    },
    safeDecode(data, params) {
        return safeDecode(this, data, params);
    },
    async safeEncodeAsync(data, params) {
        return safeEncodeAsync(this, data, params);
    },
    async safeDecodeAsync(data, params) {
        return safeDecodeAsync(this, data, params);
    },
    toJSONSchema(params) {
        return createToJSONSchemaMethod(this, {})(params);
    },
    // Reads through to the registry on every access, so it must not cache.
    get description() {
        return globalRegistry.get(this)?.description;
    },
    // No setter: `schema._def = x` throws, as it did when `_def` was a non-writable own property.
    get _def() {
        return this._zod.def;
    },
});
/** @internal */
const _ZodString = /*@__PURE__*/ $constructor("_ZodString", (inst, def) => {
    $ZodString.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => stringProcessor(inst, ctx, json);
}, 
/*@__PURE__*/ derived({
    format: (inst) => aggregateChecks(inst).format ?? null,
    minLength: (inst) => aggregateChecks(inst).minimum ?? null,
    maxLength: (inst) => aggregateChecks(inst).maximum ?? null,
}, {
    regex(...args) {
        return this.check(_regex(...args));
    },
    includes(...args) {
        return this.check(_includes(...args));
    },
    startsWith(...args) {
        return this.check(_startsWith(...args));
    },
    endsWith(...args) {
        return this.check(_endsWith(...args));
    },
    min(...args) {
        return this.check(_minLength(...args));
    },
    max(...args) {
        return this.check(_maxLength(...args));
    },
    length(...args) {
        return this.check(_length(...args));
    },
    nonempty(...args) {
        return this.check(_minLength(1, ...args));
    },
    lowercase(params) {
        return this.check(_lowercase(params));
    },
    uppercase(params) {
        return this.check(_uppercase(params));
    },
    trim() {
        return this.check(_trim());
    },
    normalize(...args) {
        return this.check(_normalize(...args));
    },
    toLowerCase() {
        return this.check(_toLowerCase());
    },
    toUpperCase() {
        return this.check(_toUpperCase());
    },
    slugify() {
        return this.check(_slugify());
    },
}));
const ZodString = /*@__PURE__*/ $constructor("ZodString", (inst, def) => {
    $ZodString.init(inst, def);
    _ZodString.init(inst, def);
}, {
    email(params) {
        return this.check(_email(ZodEmail, params));
    },
    url(params) {
        return this.check(_url(ZodURL, params));
    },
    jwt(params) {
        return this.check(_jwt(ZodJWT, params));
    },
    emoji(params) {
        return this.check(_emoji(ZodEmoji, params));
    },
    guid(params) {
        return this.check(_guid(ZodGUID, params));
    },
    uuid(params) {
        return this.check(_uuid(ZodUUID, params));
    },
    uuidv4(params) {
        return this.check(_uuidv4(ZodUUID, params));
    },
    uuidv6(params) {
        return this.check(_uuidv6(ZodUUID, params));
    },
    uuidv7(params) {
        return this.check(_uuidv7(ZodUUID, params));
    },
    nanoid(params) {
        return this.check(_nanoid(ZodNanoID, params));
    },
    cuid(params) {
        return this.check(_cuid(ZodCUID, params));
    },
    cuid2(params) {
        return this.check(_cuid2(ZodCUID2, params));
    },
    ulid(params) {
        return this.check(_ulid(ZodULID, params));
    },
    base64(params) {
        return this.check(_base64(ZodBase64, params));
    },
    base64url(params) {
        return this.check(_base64url(ZodBase64URL, params));
    },
    xid(params) {
        return this.check(_xid(ZodXID, params));
    },
    ksuid(params) {
        return this.check(_ksuid(ZodKSUID, params));
    },
    ipv4(params) {
        return this.check(_ipv4(ZodIPv4, params));
    },
    ipv6(params) {
        return this.check(_ipv6(ZodIPv6, params));
    },
    cidrv4(params) {
        return this.check(_cidrv4(ZodCIDRv4, params));
    },
    cidrv6(params) {
        return this.check(_cidrv6(ZodCIDRv6, params));
    },
    e164(params) {
        return this.check(_e164(ZodE164, params));
    },
    datetime(params) {
        return this.check(_isoDateTime(ZodISODateTime, params));
    },
    date(params) {
        return this.check(_isoDate(ZodISODate, params));
    },
    time(params) {
        return this.check(_isoTime(ZodISOTime, params));
    },
    duration(params) {
        return this.check(_isoDuration(ZodISODuration, params));
    },
});
function string(params) {
    return _string(ZodString, params);
}
const ZodStringFormat = /*@__PURE__*/ $constructor("ZodStringFormat", (inst, def) => {
    $ZodStringFormat.init(inst, def);
    _ZodString.init(inst, def);
});
const ZodISODateTime = /*@__PURE__*/ $constructor("ZodISODateTime", (inst, def) => {
    $ZodISODateTime.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodISODate = /*@__PURE__*/ $constructor("ZodISODate", (inst, def) => {
    $ZodISODate.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodISOTime = /*@__PURE__*/ $constructor("ZodISOTime", (inst, def) => {
    $ZodISOTime.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodISODuration = /*@__PURE__*/ $constructor("ZodISODuration", (inst, def) => {
    $ZodISODuration.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodEmail = /*@__PURE__*/ $constructor("ZodEmail", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodEmail.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodGUID = /*@__PURE__*/ $constructor("ZodGUID", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodGUID.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodUUID = /*@__PURE__*/ $constructor("ZodUUID", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodUUID.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodURL = /*@__PURE__*/ $constructor("ZodURL", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodURL.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodEmoji = /*@__PURE__*/ $constructor("ZodEmoji", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodEmoji.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodNanoID = /*@__PURE__*/ $constructor("ZodNanoID", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodNanoID.init(inst, def);
    ZodStringFormat.init(inst, def);
});
/**
 * @deprecated CUID v1 is deprecated by its authors due to information leakage
 * (timestamps embedded in the id). Use {@link ZodCUID2} instead.
 * See https://github.com/paralleldrive/cuid.
 */
const ZodCUID = /*@__PURE__*/ $constructor("ZodCUID", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodCUID.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodCUID2 = /*@__PURE__*/ $constructor("ZodCUID2", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodCUID2.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodULID = /*@__PURE__*/ $constructor("ZodULID", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodULID.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodXID = /*@__PURE__*/ $constructor("ZodXID", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodXID.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodKSUID = /*@__PURE__*/ $constructor("ZodKSUID", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodKSUID.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodIPv4 = /*@__PURE__*/ $constructor("ZodIPv4", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodIPv4.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodIPv6 = /*@__PURE__*/ $constructor("ZodIPv6", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodIPv6.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodCIDRv4 = /*@__PURE__*/ $constructor("ZodCIDRv4", (inst, def) => {
    $ZodCIDRv4.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodCIDRv6 = /*@__PURE__*/ $constructor("ZodCIDRv6", (inst, def) => {
    $ZodCIDRv6.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodBase64 = /*@__PURE__*/ $constructor("ZodBase64", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodBase64.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodBase64URL = /*@__PURE__*/ $constructor("ZodBase64URL", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodBase64URL.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodE164 = /*@__PURE__*/ $constructor("ZodE164", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodE164.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodJWT = /*@__PURE__*/ $constructor("ZodJWT", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodJWT.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodNumber = /*@__PURE__*/ $constructor("ZodNumber", (inst, def) => {
    $ZodNumber.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => numberProcessor(inst, ctx, json, params);
    inst.isFinite = true;
}, 
/*@__PURE__*/ derived({
    minValue: (inst) => {
        const { minimum, exclusiveMinimum } = aggregateChecks(inst);
        return Math.max(minimum ?? Number.NEGATIVE_INFINITY, exclusiveMinimum ?? Number.NEGATIVE_INFINITY);
    },
    maxValue: (inst) => {
        const { maximum, exclusiveMaximum } = aggregateChecks(inst);
        return Math.min(maximum ?? Number.POSITIVE_INFINITY, exclusiveMaximum ?? Number.POSITIVE_INFINITY);
    },
    isInt: (inst) => {
        const { isInt, multipleOf } = aggregateChecks(inst);
        return !!isInt || !!multipleOf?.some(Number.isSafeInteger);
    },
    format: (inst) => aggregateChecks(inst).format ?? null,
}, {
    gt(value, params) {
        return this.check(_gt(value, params));
    },
    gte(value, params) {
        return this.check(_gte(value, params));
    },
    min(value, params) {
        return this.check(_gte(value, params));
    },
    lt(value, params) {
        return this.check(_lt(value, params));
    },
    lte(value, params) {
        return this.check(_lte(value, params));
    },
    max(value, params) {
        return this.check(_lte(value, params));
    },
    int(params) {
        return this.check(int(params));
    },
    safe(params) {
        return this.check(int(params));
    },
    positive(params) {
        return this.check(_gt(0, params));
    },
    nonnegative(params) {
        return this.check(_gte(0, params));
    },
    negative(params) {
        return this.check(_lt(0, params));
    },
    nonpositive(params) {
        return this.check(_lte(0, params));
    },
    multipleOf(value, params) {
        return this.check(_multipleOf(value, params));
    },
    step(value, params) {
        return this.check(_multipleOf(value, params));
    },
    finite() {
        return this;
    },
}));
function number(params) {
    return _number(ZodNumber, params);
}
const ZodNumberFormat = /*@__PURE__*/ $constructor("ZodNumberFormat", (inst, def) => {
    $ZodNumberFormat.init(inst, def);
    ZodNumber.init(inst, def);
});
function int(params) {
    return _int(ZodNumberFormat, params);
}
const ZodBoolean = /*@__PURE__*/ $constructor("ZodBoolean", (inst, def) => {
    $ZodBoolean.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => booleanProcessor(inst, ctx, json);
});
function boolean(params) {
    return _boolean(ZodBoolean, params);
}
const ZodUnknown = /*@__PURE__*/ $constructor("ZodUnknown", (inst, def) => {
    $ZodUnknown.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => unknownProcessor();
});
function unknown() {
    return _unknown(ZodUnknown);
}
const ZodNever = /*@__PURE__*/ $constructor("ZodNever", (inst, def) => {
    $ZodNever.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => neverProcessor(inst, ctx, json);
});
function never(params) {
    return _never(ZodNever, params);
}
const ZodArray = /*@__PURE__*/ $constructor("ZodArray", (inst, def) => {
    _ensureDefaultMemoizer();
    $ZodArray.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => arrayProcessor(inst, ctx, json, params);
    inst.element = def.element;
}, {
    min(n, params) {
        return this.check(_minLength(n, params));
    },
    nonempty(params) {
        return this.check(_minLength(1, params));
    },
    max(n, params) {
        return this.check(_maxLength(n, params));
    },
    length(n, params) {
        return this.check(_length(n, params));
    },
    unwrap() {
        return this.element;
    },
});
function array(element, params) {
    return _array(ZodArray, element, params);
}
const ZodObject = /*@__PURE__*/ $constructor("ZodObject", (inst, def) => {
    _ensureDefaultMemoizer();
    $ZodObjectJIT.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => objectProcessor(inst, ctx, json, params);
    installLazyProp(inst, "shape", (self) => self._zod.def.shape, false);
}, {
    keyof() {
        return _enum(Object.keys(this._zod.def.shape));
    },
    catchall(catchall) {
        // `mergeDefs` rather than a spread: spreading reads `shape`, and resolving it can mint a whole fresh subtree
        return this.clone(mergeDefs(this._zod.def, { catchall: catchall }));
    },
    passthrough() {
        return this.clone(mergeDefs(this._zod.def, { catchall: unknown() }));
    },
    loose() {
        return this.clone(mergeDefs(this._zod.def, { catchall: unknown() }));
    },
    strict() {
        return this.clone(mergeDefs(this._zod.def, { catchall: never() }));
    },
    strip() {
        return this.clone(mergeDefs(this._zod.def, { catchall: undefined }));
    },
    extend(incoming) {
        return extend(this, incoming);
    },
    safeExtend(incoming) {
        return safeExtend(this, incoming);
    },
    merge(other) {
        return merge(this, other);
    },
    pick(mask) {
        return pick(this, mask);
    },
    omit(mask) {
        return omit(this, mask);
    },
    partial(...args) {
        return partial(ZodOptional, this, args[0]);
    },
    exactPartial(...args) {
        return partial(ZodExactOptional, this, args[0], "exactPartial");
    },
    required(...args) {
        return required(ZodNonOptional, this, args[0]);
    },
});
function object(shape, params) {
    const def = {
        type: "object",
        shape: shape ?? {},
        ...normalizeParams(params),
    };
    return new ZodObject(def);
}
// strictObject
function strictObject(shape, params) {
    return new ZodObject({
        type: "object",
        shape,
        catchall: never(),
        ...normalizeParams(params),
    });
}
const ZodUnion = /*@__PURE__*/ $constructor("ZodUnion", (inst, def) => {
    $ZodUnion.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => unionProcessor(inst, ctx, json, params);
    inst.options = def.options;
});
function union(options, params) {
    return new ZodUnion({
        type: "union",
        options: options,
        ...normalizeParams(params),
    });
}
const ZodIntersection = /*@__PURE__*/ $constructor("ZodIntersection", (inst, def) => {
    $ZodIntersection.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => intersectionProcessor(inst, ctx, json, params);
});
function intersection(left, right) {
    return new ZodIntersection({
        type: "intersection",
        left: left,
        right: right,
    });
}
const ZodEnum = /*@__PURE__*/ $constructor("ZodEnum", (inst, def) => {
    $ZodEnum.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => enumProcessor(inst, ctx, json);
    inst.enum = def.entries;
    // reuse the parsed value set so a numeric TS enum's reverse-mapping keys stay out
    inst.options = [...inst._zod.values];
    const keys = new Set(Object.keys(def.entries));
    inst.extract = (values, params) => {
        const newEntries = {};
        for (const value of values) {
            if (keys.has(value)) {
                newEntries[value] = def.entries[value];
            }
            else
                throw new Error(`Key ${value} not found in enum`);
        }
        return new ZodEnum({
            ...def,
            checks: [],
            ...normalizeParams(params),
            entries: newEntries,
        });
    };
    inst.exclude = (values, params) => {
        const newEntries = { ...def.entries };
        for (const value of values) {
            if (keys.has(value)) {
                delete newEntries[value];
            }
            else
                throw new Error(`Key ${value} not found in enum`);
        }
        return new ZodEnum({
            ...def,
            checks: [],
            ...normalizeParams(params),
            entries: newEntries,
        });
    };
});
function _enum(values, params) {
    const entries = Array.isArray(values) ? Object.fromEntries(values.map((v) => [v, v])) : values;
    return new ZodEnum({
        type: "enum",
        entries,
        ...normalizeParams(params),
    });
}
const ZodLiteral = /*@__PURE__*/ $constructor("ZodLiteral", (inst, def) => {
    $ZodLiteral.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => literalProcessor(inst, ctx, json, params);
    inst.values = new Set(def.values);
    Object.defineProperty(inst, "value", {
        get() {
            if (def.values.length > 1) {
                throw new Error("This schema contains multiple valid literal values. Use `.values` instead.");
            }
            return def.values[0];
        },
    });
});
function literal(value, params) {
    return new ZodLiteral({
        type: "literal",
        values: Array.isArray(value) ? value : [value],
        ...normalizeParams(params),
    });
}
const ZodTransform = /*@__PURE__*/ $constructor("ZodTransform", (inst, def) => {
    _ensureDefaultMemoizer();
    $ZodTransform.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => transformProcessor(inst, ctx, json, params);
    inst._zod.parse = (payload, _ctx) => {
        if (_ctx.direction === "backward") {
            throw new $ZodEncodeError(inst.constructor.name);
        }
        payload.addIssue = (issue$1) => {
            if (typeof issue$1 === "string") {
                payload.issues.push(issue(issue$1, payload.value, def));
            }
            else {
                // for Zod 3 backwards compatibility
                const _issue = issue$1;
                if (_issue.fatal)
                    _issue.continue = false;
                _issue.code ?? (_issue.code = "custom");
                if (!("input" in _issue))
                    _issue.input = payload.value;
                _issue.inst ?? (_issue.inst = inst);
                // _issue.continue ??= true;
                payload.issues.push(issue(_issue));
            }
        };
        const output = def.transform(payload.value, payload);
        if (output instanceof Promise) {
            return output.then((output) => {
                payload.value = output;
                return payload;
            });
        }
        payload.value = output;
        return payload;
    };
});
function transform(fn) {
    return new ZodTransform({
        type: "transform",
        transform: fn,
    });
}
const ZodOptional = /*@__PURE__*/ $constructor("ZodOptional", (inst, def) => {
    $ZodOptional.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => optionalProcessor(inst, ctx, json, params);
    inst.unwrap = () => inst._zod.def.innerType;
});
function optional(innerType) {
    return new ZodOptional({
        type: "optional",
        innerType: innerType,
    });
}
const ZodExactOptional = /*@__PURE__*/ $constructor("ZodExactOptional", (inst, def) => {
    $ZodExactOptional.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => optionalProcessor(inst, ctx, json, params);
    inst.unwrap = () => inst._zod.def.innerType;
});
function exactOptional(innerType) {
    return new ZodExactOptional({
        type: "optional",
        innerType: innerType,
    });
}
const ZodNullable = /*@__PURE__*/ $constructor("ZodNullable", (inst, def) => {
    $ZodNullable.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => nullableProcessor(inst, ctx, json, params);
    inst.unwrap = () => inst._zod.def.innerType;
});
function nullable(innerType) {
    return new ZodNullable({
        type: "nullable",
        innerType: innerType,
    });
}
const ZodDefault = /*@__PURE__*/ $constructor("ZodDefault", (inst, def) => {
    $ZodDefault.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => defaultProcessor(inst, ctx, json, params);
    inst.unwrap = () => inst._zod.def.innerType;
    inst.removeDefault = inst.unwrap;
});
function _default(innerType, defaultValue) {
    return new ZodDefault({
        type: "default",
        innerType: innerType,
        get defaultValue() {
            return typeof defaultValue === "function" ? defaultValue() : shallowClone(defaultValue);
        },
    });
}
const ZodPrefault = /*@__PURE__*/ $constructor("ZodPrefault", (inst, def) => {
    $ZodPrefault.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => prefaultProcessor(inst, ctx, json, params);
    inst.unwrap = () => inst._zod.def.innerType;
});
function prefault(innerType, defaultValue) {
    return new ZodPrefault({
        type: "prefault",
        innerType: innerType,
        get defaultValue() {
            return typeof defaultValue === "function" ? defaultValue() : shallowClone(defaultValue);
        },
    });
}
const ZodNonOptional = /*@__PURE__*/ $constructor("ZodNonOptional", (inst, def) => {
    $ZodNonOptional.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => nonoptionalProcessor(inst, ctx, json, params);
    inst.unwrap = () => inst._zod.def.innerType;
});
function nonoptional(innerType, params) {
    return new ZodNonOptional({
        type: "nonoptional",
        innerType: innerType,
        ...normalizeParams(params),
    });
}
const ZodCatch = /*@__PURE__*/ $constructor("ZodCatch", (inst, def) => {
    $ZodCatch.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => catchProcessor(inst, ctx, json, params);
    inst.unwrap = () => inst._zod.def.innerType;
    inst.removeCatch = inst.unwrap;
});
function _catch(innerType, catchValue) {
    return new ZodCatch({
        type: "catch",
        innerType: innerType,
        catchValue: (typeof catchValue === "function" ? catchValue : constantCatch(catchValue)),
    });
}
const ZodPipe = /*@__PURE__*/ $constructor("ZodPipe", (inst, def) => {
    $ZodPipe.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => pipeProcessor(inst, ctx, json, params);
    inst.in = def.in;
    inst.out = def.out;
});
function pipe(in_, out) {
    return new ZodPipe({
        type: "pipe",
        in: in_,
        out: out,
        // ...util.normalizeParams(params),
    });
}
const ZodReadonly = /*@__PURE__*/ $constructor("ZodReadonly", (inst, def) => {
    $ZodReadonly.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => readonlyProcessor(inst, ctx, json, params);
    inst.unwrap = () => inst._zod.def.innerType;
});
function readonly(innerType) {
    return new ZodReadonly({
        type: "readonly",
        innerType: innerType,
    });
}
const ZodCustom = /*@__PURE__*/ $constructor("ZodCustom", (inst, def) => {
    $ZodCustom.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => customProcessor(inst, ctx, json, params);
});
function custom(fn, _params) {
    return _custom(ZodCustom, fn ?? (() => true), _params);
}
function refine(fn, _params = {}) {
    return _refine(ZodCustom, fn, _params);
}
// superRefine
function superRefine(fn, params) {
    return _superRefine(fn, params);
}

/**
 * The data of the harness stage. What crosses the process boundary (the records the Python
 * harness writes) is a zod contract, and its types are derived from it; the rest are plain shapes.
 * Each schema is built on its first use (`once`, settings/contract.ts): a run builds the
 * schemas of the records it reads, no more.
 */
/** The phases of a run, as the harness names them in its records (and the report in its series). */
const phaseSchema = once(() => _enum(['warmup', 'measure', 'trace', 'confirm', 'profile'], { error: 'a phase (warmup, measure, confirm, profile or trace)' }));
const isPlainObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/**
 * An object whose keys are names the scenario chose (type names, descriptor targets). It is
 * checked in place and kept as it is, never copied key by key: a copy would drop an own
 * `__proto__` key (a class may be named so). Readers turn such maps into a Map (growth.ts,
 * namedValues), never read them by property.
 */
function nameMap(what, ok) {
    return custom(isPlainObject, { error: 'an object' }).check((ctx) => {
        for (const [key, value] of Object.entries(ctx.value)) {
            if (!ok(value))
                ctx.issues.push({ code: 'custom', message: what, input: value, path: [key] });
        }
    });
}
const isFiniteNumber = (value) => typeof value === 'number' && Number.isFinite(value);
const isString = (value) => typeof value === 'string';
/** A reading after gc.collect(), with a census of live objects by type. */
const checkpointSchema = once(() => {
    // Numbers in records are whatever Python wrote; JSON has no NaN or Infinity, and the harness
    // never writes them (json.dumps would, and then the line is not JSON and counts as corrupt).
    const nullableNumber = number({ error: 'a finite number or null' }).nullable();
    return object({
        cycle: number(),
        phase: phaseSchema(),
        blocks: nullableNumber,
        rssBytes: nullableNumber,
        fds: nullableNumber,
        heapBytes: nullableNumber,
        /** Live objects by qualified type name. */
        types: nameMap('a finite number', isFiniteNumber),
        /** Open descriptors by what they point to (files, sockets, pipes), at the last checkpoint only. */
        fdTargets: nameMap('a finite number', isFiniteNumber).optional(),
        seconds: number(),
    });
});
/** One frame of a traceback, innermost first, as the harness names it. */
const sourceFrameSchema = once(() => object({
    file: string().describe('Relative to the working directory for files inside it, absolute otherwise.'),
    line: int().min(0),
    function: string().describe('Qualified name of the enclosing function, or <module>.'),
    code: string().describe('The source line, stripped, at most 200 characters.'),
    userCode: boolean().describe('False for the standard library, site-packages and leakgate itself.'),
}));
/** Where a retention path starts, as data: its label, the module that owns it, whether that module is the user's code. */
const retentionRootSchema = once(() => object({
    label: string().describe('The root as the path names it, e.g. weakref.finalize._registry or functools cache of a sqlite3.Connection.'),
    module: string().nullable().describe('The Python module that owns the root (weakref, sqlite3, myapp.cache), or null when unknown.'),
    userCode: boolean().describe("Whether that module's file is the user's code, as for frames."),
    insertedAt: sourceFrameSchema()
        .nullable()
        .optional()
        .describe("The user's line that writes into the root's container (NAME[key] = …, NAME.append(…), self.attr…), " +
        'one in a function on the allocation stack first; ' +
        'null or absent when not looked for (not a module global or class attribute of user code) or not found.'),
}));
const isFrames = (value) => array(sourceFrameSchema()).safeParse(value).success;
const isStrings = (value) => Array.isArray(value) && value.length <= 64 && value.every(isString);
const isRootOrNull = (value) => value === null || retentionRootSchema().safeParse(value).success;
/** One traceback's live bytes and blocks at each checkpoint of the traced window. */
const tracedSiteSchema = () => object({
    frames: array(sourceFrameSchema()),
    /** What keeps this site's objects alive, for the top sites. */
    retainedBy: string().optional(),
    /** Where that path starts; null when no path was found. */
    retainedByRoot: retentionRootSchema().nullable().optional(),
    /** The type most common among the site's retention samples (explained sites only); null without samples. */
    objectType: string().nullable().optional(),
    /** Whether the GC tracks those objects (bytes, str and tuples of atoms it does not: the type census misses them). */
    objectTracked: boolean().nullable().optional(),
    /** Their mean size (sys.getsizeof, which counts a bytes' or str's content). */
    objectBytes: number().nullable().optional(),
    /** The whole stack was captured: it reached the harness's call of the scenario. */
    complete: boolean(),
    bytes: array(number()),
    counts: array(number()),
});
/** Descriptors the traced window opened and left open, grouped by what they point at and the type of their owner (issue 15). */
const fdOwnerSchema = once(() => object({
    kind: _enum(['socket', 'file', 'pipe', 'selector', 'other']),
    /** What they point at: "socket", "pipe", a file's path. */
    target: string(),
    /** Descriptors of this group opened in the window and still open at its end. */
    count: int().min(0),
    /** The qualified type of the objects that own them (socket.socket, _io.TextIOWrapper); null when no live object does (os.open, os.pipe). */
    objectType: string().nullable(),
    /** Where one of them was opened, most recent call first: its owner's allocation, or the "open" audit event; [] when not known. */
    frames: array(sourceFrameSchema()),
    /** What keeps an owner alive; null when no object owns them. */
    retainedBy: string().nullable(),
    retainedByRoot: retentionRootSchema().nullable(),
}));
/** The traced window's record; read once a run, when a window ran. */
const tracedWindowSchema = once(() => object({
    frames: number(),
    cycles: number(),
    checkpointCycles: array(number()),
    tracedBytes: array(number()),
    sites: array(tracedSiteSchema()),
    /** What keeps the growing types' objects alive, by type name. */
    typeRetention: nameMap('a string', isString).optional(),
    /** Where each of those paths starts, by type name; null when no path was found. */
    typeRetainedByRoot: nameMap('a retention root or null', isRootOrNull).optional(),
    /** Where one sample of each growing type was allocated in the window, most recent call first; [] when not known. */
    typeFrames: nameMap('a list of frames', isFrames).optional(),
    /** The type names of the objects along each type's retention path, root first, the sample last: which growing type owns another. */
    typePathTypes: nameMap('a list of type names', isStrings).optional(),
    /** For weak reference types, the type their samples point at (a weak reference is made for that object: it belongs with it). */
    typeReferents: nameMap('a type name', isString).optional(),
    /** Time spent finding what keeps the growing objects alive, after the traced cycles; part of `seconds`. */
    retentionSeconds: number().optional(),
    /** The owners of the descriptors the window opened, when open descriptors grew; absent otherwise. */
    fdOwners: array(fdOwnerSchema()).optional(),
    /** The whole window: traced cycles, their snapshots and the retention search. */
    seconds: number(),
}));
/** A user line that called native code in the cycles profiled for a native lead (python/leakgate_harness/native.py). */
const nativeCallSchema = once(() => object({
    callee: string().describe('What was called: "ctypes libc.malloc", "zlib.decompress", "sqlite3.Cursor.execute".'),
    module: string().describe('The module it comes from: ctypes, zlib, sqlite3.'),
    file: string(),
    line: int().min(0),
    function: string(),
    code: string(),
    calls: int().min(0).describe('Calls over the profiled cycles.'),
    heapBytesPerCycle: number()
        .nullable()
        .describe('How the malloc heap moved across these calls, per profiled cycle (estimated from the calls it was read around); null where not read.'),
}));
/** The "native" record: the profiled cycles and the user lines that called native code in them, most heap first. */
const nativeProfileSchema = once(() => object({
    cycles: number(),
    method: string(),
    heapMeasured: boolean(),
    sites: number(),
    droppedCalls: number(),
    calls: array(nativeCallSchema()),
    seconds: number(),
}));
const harnessHelloSchema = once(() => object({
    python: string(),
    implementation: string(),
    platform: string(),
    notes: array(string()),
}));
/** A source location the harness names (where a thread started, where it runs). */
const codePlaceSchema = () => object({ file: string(), line: number(), function: string() });
/** A non-daemon thread still running after teardown(). */
const leftThreadSchema = once(() => {
    /** Absent and null both mean "not known"; the run sees null. */
    const place = codePlaceSchema()
        .nullable()
        .optional()
        .transform((value) => value ?? null);
    return object({ name: string(), startedAt: place, target: place, runningAt: place });
});
/**
 * The records of the harness, one JSON object a line in the records file
 * (src/harness/python: `Records`), told apart by "t". Fields a record has beyond these are
 * not read, and dropped when it is parsed. Each kind's schema is built when the first record of
 * that kind is read: a run that writes no error record never builds the error record's schema.
 */
const HARNESS_RECORDS = {
    hello: once(() => harnessHelloSchema().extend({ t: literal('hello') })),
    loaded: once(() => object({ t: literal('loaded') })),
    phase: once(() => object({
        t: literal('phase'),
        name: string(),
        cycle: number(),
        frozenObjects: number().optional(),
        /** The extension's planned cycles, on its phase record. */
        cycles: number().optional(),
    })),
    progress: once(() => object({ t: literal('progress'), cycle: number(), phase: string() })),
    checkpoint: once(() => checkpointSchema().extend({ t: literal('checkpoint') })),
    /** The harness waits for an answer: after the measured phase, and again after the extension (then with confirmCycles and confirmSeconds). */
    await: once(() => object({
        t: literal('await'),
        measuredSeconds: number(),
        warmupSeconds: number(),
        confirmCycles: number().optional(),
        confirmSeconds: number().optional(),
    })),
    trace: once(() => tracedWindowSchema().extend({ t: literal('trace') })),
    native: once(() => nativeProfileSchema().extend({ t: literal('native') })),
    threads: once(() => object({ t: literal('threads'), threads: array(leftThreadSchema()) })),
    error: once(() => object({
        t: literal('error'),
        kind: string(),
        message: string(),
        cycle: number({ error: 'a finite number or null' }).nullable().optional(),
        phase: string().optional(),
        traceback: string().optional(),
        candidates: array(string()).optional(),
    })),
    done: once(() => object({ t: literal('done') })),
};

/**
 * The data of the analyse stage. Growth, sites, types and series go into the report and the
 * baseline, so they are zod contracts (report/types.ts and compare/types.ts compose them) and
 * their types are derived from them. Each is built on its first use (`once`): a run without a
 * baseline, and that reads no report, builds none of them.
 */
const leakKindSchema = once(() => literal(['python', 'native', 'fd', null]));
/** Bounded so that no arithmetic on a rate read back from a file overflows into Infinity (1e15 B is a petabyte a cycle). */
const rate$1 = () => number().min(-1e15).max(1e15).nullable();
/** A 95% margin; optional because reports and baselines written before margins existed have none, and their rates count as exact. */
const margin = (of) => number()
    .min(0)
    .max(1e15)
    .nullable()
    .optional()
    .describe(`Half-width of the 95% confidence interval of ${of} (optional: written before margins existed, then counted as exact).`);
const growthSchema = once(() => strictObject({
    tracedBytesPerCycle: rate$1().describe('Null when no traced window ran (no growth was seen).'),
    /**
     * How well tracedBytesPerCycle is known: the half-width of the 95% confidence interval of the
     * window's per-cycle growth between snapshots (after its first cycle; Student's t). Large for a
     * leak of objects of random sizes traced over a few cycles; null without a window, or with fewer
     * than 3 intervals. Baseline comparisons widen their tolerance by it.
     */
    tracedBytesPerCycleMargin: number()
        .min(0)
        .max(1e15)
        .nullable()
        .optional()
        .describe('Half-width of the 95% confidence interval of tracedBytesPerCycle ' +
        "(Student's t over the traced window's per-cycle growth between snapshots, after its first cycle); " +
        'null without a window or with fewer than 3 intervals. Baseline comparisons widen their tolerance by it.'),
    rssBytesPerCycle: rate$1(),
    blocksPerCycle: rate$1(),
    fdsPerCycle: rate$1(),
    heapBytesPerCycle: rate$1().describe('malloc heap in use (glibc mallinfo2), Linux only.'),
    /**
     * Half-widths of the 95% confidence intervals of the untraced rates (Sen's interval of the
     * Theil–Sen slope, halved); null where the signal was not measured.
     */
    rssBytesPerCycleMargin: margin("rssBytesPerCycle (Sen's interval of the Theil–Sen slope, halved)"),
    blocksPerCycleMargin: margin('blocksPerCycle'),
    fdsPerCycleMargin: margin('fdsPerCycle'),
    heapBytesPerCycleMargin: margin('heapBytesPerCycle'),
})
    .meta({ id: 'growth', description: 'Theil–Sen slopes per cycle; null where the signal was not measured.' }));
/** Where a retention path starts, as data; null when there is no path. Absent in reports written before it existed. */
const rootOfPath = once(() => retentionRootSchema()
    .strict()
    .meta({ id: 'retentionRoot' })
    .nullable()
    .default(null)
    .describe("Where the retainedBy path starts, as data: its label, the module that owns it and whether that module is the user's code. " +
    'Null when there is no path (not looked for, or none found within limits).'));
/** One frame of a traceback in the report (sites' and types' frames share it). */
const reportFrame = once(() => sourceFrameSchema().strict().meta({ id: 'frame' }));
const siteReportSchema = once(() => strictObject({
    file: string(),
    line: int().min(0),
    function: string(),
    code: string(),
    userCode: boolean().describe('False when no frame of the traceback is in user code: the innermost frame is shown instead.'),
    /** False when --frames cut the stack before it reached the scenario's entry point. */
    stackComplete: boolean().describe("False when --frames cut the traceback before it reached the scenario's entry point."),
    bytesPerCycle: number(),
    countPerCycle: number().describe('Live memory blocks per cycle.'),
    /** A path from a root to a sample object, e.g. "myapp.cache._cache (dict) → [key 1041] → User". */
    retainedBy: string()
        .nullable()
        .describe("What keeps this site's objects alive: a path from a root " +
        '(a module global, a class attribute, a thread, a threading.local, an asyncio task, a functools cache, a logger) to a sample object, ' +
        'or "no path found within limits". Null when not looked for (below the top 3 sites).'),
    retainedByRoot: rootOfPath(),
    objectType: string()
        .nullable()
        .optional()
        .describe("The type of what this site leaks: the most common among the retention search's sample objects of the site. Null when not looked for or none found."),
    objectTracked: boolean()
        .nullable()
        .optional()
        .describe('Whether the garbage collector tracks those objects (it does not track bytes, str, or tuples and dicts of atoms). Null with no objectType.'),
    objectBytes: number()
        .min(0)
        .nullable()
        .optional()
        .describe("Their mean size in bytes (sys.getsizeof, which counts a bytes' or str's content). Null with no objectType."),
    frames: array(reportFrame()).describe('The full traceback of the largest contributor, most recent call first.'),
    /** Half-widths of the 95% confidence intervals of the two rates, as for tracedBytesPerCycleMargin; null with too few snapshots. */
    bytesPerCycleMargin: margin("bytesPerCycle (Student's t over the growth between the traced window's snapshots, after its first cycle)"),
    countPerCycleMargin: margin('countPerCycle'),
})
    .meta({ id: 'site', description: 'Allocations that kept growing, grouped by their first frame in user code.' }));
const typeReportSchema = once(() => strictObject({
    type: string().describe('Qualified type name, e.g. myapp.cache.Session; builtins bare.'),
    perCycle: number().describe('Live objects gained per cycle (0.2 means one every 5 cycles).'),
    /** Half-width of the 95% confidence interval of perCycle (Sen's interval, halved). */
    perCycleMargin: margin("perCycle (Sen's interval, halved)"),
    count: int().min(0).describe('Live objects at the last checkpoint.'),
    retainedBy: string().nullable().describe('What keeps objects of this type alive, as for sites. Null when no traced window ran.'),
    retainedByRoot: rootOfPath(),
    frames: array(reportFrame())
        .default([])
        .describe('Where one object of this type, made in the traced window and still alive, was allocated: its traceback, most recent call first. ' +
        'Empty when not known (no traced window, no such object, or an object the tracer cannot place).'),
    partOf: string()
        .nullable()
        .optional()
        .describe('The growing type that owns objects of this one (its retention path passes through one, e.g. a coroutine of an asyncio Task); ' +
        'listed after that owner. Null for an owner or a type on its own.'),
    untracked: boolean()
        .optional()
        .describe('True for objects the garbage collector does not track (bytes, str, tuples of atoms): the type census misses them, so they are counted ' +
        "through the growing sites whose samples are of this type: perCycle is those sites' blocks per cycle, " +
        'count their live blocks at the end of the traced window.'),
})
    .meta({ id: 'type' }));
/** Descriptors that leak, grouped by what they point at, their owner's type and the line that opened them (issue 15). */
const fdOwnerReportSchema = once(() => strictObject({
    kind: _enum(['socket', 'file', 'pipe', 'selector', 'other']).describe('What the descriptors are.'),
    target: string().describe('What they point at: "socket", "pipe", or a file\'s path.'),
    perCycle: number().min(0).describe('Descriptors of this group opened per traced cycle and still open at its end.'),
    count: int().min(0).describe('Descriptors of this group the traced window opened and left open.'),
    objectType: string()
        .nullable()
        .describe('The qualified type of the live objects that own them (socket.socket, _io.TextIOWrapper); null when no object does (os.open, os.pipe).'),
    frames: array(reportFrame())
        .describe('Where one of them was opened, most recent call first: its owner\'s allocation traceback, or where the file was opened (the "open" audit event). ' +
        'Empty when not known.'),
    retainedBy: string().nullable().describe('What keeps an owner alive, as for sites; null when no object owns them.'),
    retainedByRoot: rootOfPath(),
})
    .meta({ id: 'fdOwner' }));
/** The extension that confirms growth before a leak verdict (issue 14); analyse/confirm.ts computes it. */
const confirmationSchema = once(() => {
    const amount = number().min(-1e15).max(1e15);
    return strictObject({
        cycles: int().min(0).describe('Untraced cycles run after the measured phase to confirm its growth; 0 when none ran.'),
        plannedCycles: int().min(0).describe('The cycles the extension was given (--confirm-cycles); it stops earlier at its time bound.'),
        seconds: number().min(0).describe('Time the extension took, its checkpoints included.'),
        limitedBy: _enum(['cycles', 'time'])
            .describe('What ended the extension: its cycles, or its time bound (--confirm-seconds, half of what was left of --timeout).'),
        outcome: _enum(['confirmed', 'released', 'not-needed', 'disabled'])
            .describe('confirmed: some growth continued through the extension; released: none did (not a leak); ' +
            'not-needed: the measured phase did not grow; disabled: --confirm-cycles 0.'),
        signals: array(strictObject({
            signal: _enum(['blocks', 'heap', 'rss', 'fds', 'type']),
            type: string().nullable().describe("The type's name for signal 'type', else null."),
            measuredPerCycle: amount.describe("The measured phase's Theil–Sen slope, in the signal's unit (blocks, bytes, descriptors, objects)."),
            extensionCycles: number().min(0),
            extensionChange: amount.describe("The extension's last point minus the measured phase's fitted end."),
            expectedChange: amount.describe('What continuing needs at least: 0.5 × measuredPerCycle × extensionCycles.'),
            lowestChange: amount.describe("The extension's lowest point minus the measured phase's fitted end."),
            noise: number().min(0).max(1e15).describe("The measured phase's largest distance from its fitted line: how far below its end a point may fall."),
            continued: boolean(),
        }))
            .describe('Each signal that grew in the measured phase, and whether its growth continued through the extension.'),
    })
        .meta({ id: 'confirmation' });
});
const seriesSchema = once(() => {
    const numbers = array(number());
    const nullableNumbers = array(number().nullable());
    return strictObject({
        cycles: strictObject({
            cycle: numbers,
            phase: array(phaseSchema()),
            seconds: numbers,
            blocks: nullableNumbers,
            rssBytes: nullableNumbers,
            fds: nullableNumbers,
            heapBytes: nullableNumbers,
            tracedBytes: nullableNumbers,
        })
            .describe('Per-cycle samples (thinned evenly beyond 2000 rows); null where a signal was not sampled on that cycle.'),
        checkpoints: strictObject({ cycle: numbers, blocks: nullableNumbers, rssBytes: nullableNumbers, fds: nullableNumbers, heapBytes: nullableNumbers })
            .describe('Readings after gc.collect() at checkpoints of the untraced phase.'),
        traced: strictObject({ cycle: numbers, tracedBytes: numbers }).describe('Traced Python bytes at checkpoints of the traced window (empty when none ran).'),
    });
});
/** For a native leak: the user's lines that called native code in a few profiled cycles (issue 15); analyse/native.ts shapes it. */
const nativeLeadSchema = once(() => strictObject({
    cycles: int().min(0).describe('Cycles profiled (a few, not the whole run).'),
    method: string().describe('How calls were seen: sys.monitoring (Python 3.12+), or sys.setprofile and a line hook for ctypes (3.9-3.11).'),
    heapMeasured: boolean().describe('Whether the malloc heap (glibc mallinfo2) was read around the calls; when not, calls are ranked by count.'),
    calls: array(
    // The harness's record of a call (harness/types.ts), strict and bounded: reports are read back as untrusted data.
    strictObject({
        ...nativeCallSchema().shape,
        heapBytesPerCycle: number()
            .min(-1e15)
            .max(1e15)
            .nullable()
            .describe('How the malloc heap moved across these calls, per profiled cycle; null where it was not read.'),
    }))
        .max(20)
        .describe("The user's lines that called native code, most heap first, then most calls. A lead, not proof."),
})
    .meta({ id: 'nativeLead' }));

/**
 * One set of limits for everything leakgate reads or writes: the command line and the
 * configuration file, the JSON report and its guard, merge, comment mode and the baseline.
 * Each reader refuses past a limit (never trims), and each writer stays within it, so what one
 * part of leakgate writes another part can read (issue 11 §6: a baseline of 501 scenarios was
 * written and then refused; a 1,000-scenario report was refused by comment mode).
 */
const LIMITS = {
    /**
     * Scenarios in one run, one configuration file, one report (a leg's or a merged one) and one
     * baseline. The action ran 1,000 scenarios in 75 s and 254 MB; 5,000 leaves room for large
     * suites split over a matrix and merged.
     */
    scenarios: 5_000,
    /** Legs of a fan-out: N of --shard I/N, --expect-legs, the action's `legs`. */
    legs: 256,
    /**
     * A JSON report read as untrusted data (merge, comment mode). 5,000 scenarios at the default
     * 100 + 20 cycles are about 100 MB of leakgate's pretty-printed JSON (≈20 KB each).
     */
    reportFileBytes: 128 * 1024 * 1024,
    /** A baseline file: 5,000 scenarios of 20 sites and 20 types are ≈40 MB. */
    baselineFileBytes: 64 * 1024 * 1024,
    /** Allocation sites and growing types per scenario, in a report or a baseline. */
    sitesPerScenario: 50,
    typesPerScenario: 50,
    /** Any one string of a baseline (a name, a target, a file, a line of code, a type). */
    stringChars: 2_000,
    /** A scenario's name and target, on the command line and in the configuration file. */
    scenarioNameChars: 200,
    targetChars: 1_000,
    /**
     * Suppressions in one run (the configuration file's and the action input's, each), their
     * reasons and their site, type or holder. One entry per type or holder covers many sites.
     */
    ignoreEntries: 500,
    ignoreReasonChars: 500,
    ignorePatternChars: 1_000,
};

/**
 * The data of the compare stage: the baseline a run is compared with and the comparison it gets.
 * Both cross a boundary (the baseline file; the report), so they are zod contracts, and the types
 * are derived from them. schema/baseline.schema.json is generated from baselineSchema() (npm run schemas).
 * Each schema is built on its first use (`once`): a run without a baseline builds no baseline schema.
 */
/** How a scenario, site or type compares with the baseline. */
const comparisonClassSchema = once(() => _enum(['new', 'worse', 'unchanged', 'improved', 'fixed', 'clean', 'no-baseline']).meta({ id: 'class' }));
const siteComparisonSchema = once(() => strictObject({
    class: comparisonClassSchema(),
    file: string(),
    line: int(),
    function: string(),
    code: string(),
    bytesPerCycle: number().nullable(),
    baselineBytesPerCycle: number().nullable(),
    countPerCycle: number().nullable().optional(),
    baselineCountPerCycle: number().nullable().optional(),
    /** Where the matched baseline site was, when its line number or its text differs (an edited or moved line). */
    baselineLine: int().nullable().optional().describe("The matched baseline site's line, when it moved or its text was edited."),
    baselineCode: string().nullable().optional().describe("The matched baseline site's source line, when it was edited."),
}));
const typeComparisonSchema = once(() => strictObject({
    class: comparisonClassSchema(),
    type: string(),
    perCycle: number().nullable(),
    baselinePerCycle: number().nullable(),
}));
/**
 * One rate compared with the baseline's. The change is worse when
 *   current − baseline > max(relative × baseline, floor) + √(currentMargin² + baselineMargin²)
 * and improved when baseline − current exceeds the same allowance.
 */
const signalComparisonSchema = once(() => strictObject({
    /** What was compared: a Growth key, `type:<name>`, `site-bytes:<file>:<line>` or `site-count:<file>:<line>`. */
    signal: string()
        .describe('A growth key (tracedBytesPerCycle, blocksPerCycle, heapBytesPerCycle, rssBytesPerCycle, fdsPerCycle), ' +
        'type:<name>, site-bytes:<file>:<line> or site-count:<file>:<line>.'),
    unit: _enum(['bytes', 'objects', 'descriptors', 'blocks']),
    class: _enum(['worse', 'improved', 'unchanged']),
    current: number(),
    currentMargin: number().min(0),
    baseline: number(),
    baselineMargin: number().min(0),
    /** current / baseline and the margin of that ratio; null when the baseline rate is not positive. */
    ratio: number().nullable().describe('current / baseline; null when the baseline rate is not positive.'),
    ratioMargin: number().nullable(),
    relativePercent: number(),
    /** The smallest change per cycle called worse or improved: the detection threshold of this signal, or the configured absolute tolerance if larger. */
    floorPerCycle: number().describe("The signal's detection threshold, or the configured absolute tolerance when larger."),
    /** The change per cycle past which it is worse or improved: max(relative × baseline, floor) + the combined margin. */
    allowancePerCycle: number().describe('max(relative × baseline, floor) + the combined margin.'),
})
    .meta({ id: 'signalComparison' }));
const scenarioComparisonSchema = once(() => strictObject({
    class: comparisonClassSchema(),
    /** Why this class, in words. */
    reason: string(),
    baseline: strictObject({
        verdict: _enum(['pass', 'fail']),
        kind: leakKindSchema(),
        cycles: int(),
        warmup: int(),
        growth: growthSchema(),
        /** Memory over measured cycles, relative to its first value, for charts. */
        series: strictObject({ cycle: array(number()), bytes: array(number()) }),
    })
        .nullable(),
    sites: array(siteComparisonSchema()),
    types: array(typeComparisonSchema()),
    caveats: array(string()),
    /**
     * Every rate of a known leak compared with the baseline's (its kind's signals, then matched
     * types and sites), the one that decided first. Absent when the scenario was not a known leak
     * of the same kind in both runs.
     */
    signals: array(signalComparisonSchema())
        .optional()
        .describe("Every rate of a known leak compared with the baseline's: " +
        'worse when current − baseline > max(relative × baseline, floor) + √(current margin² + baseline margin²).'),
})
    .meta({ id: 'comparison', description: 'This scenario against the baseline.' }));
// ——— The baseline document ———
const BASELINE_SCHEMA = 'leakgate/baseline@1';
/** Limits of what a baseline may hold (leakgate's one set, src/settings/limits.ts); past them it is refused, not trimmed. */
const BASELINE_LIMITS = {
    fileBytes: LIMITS.baselineFileBytes,
    scenarios: LIMITS.scenarios,
    sitesPerScenario: LIMITS.sitesPerScenario,
    typesPerScenario: LIMITS.typesPerScenario,
    seriesPoints: MEMORY_SERIES_POINTS,
    stringChars: LIMITS.stringChars,
    cycles: NUMERIC_SETTINGS.cycles.max,
};
const text = () => string().max(BASELINE_LIMITS.stringChars);
/** Rates are bounded so that no arithmetic on a baseline overflows into Infinity. */
const rate = () => number().min(-1e15).max(1e15);
const MARGIN_KEYS = ['tracedBytesPerCycleMargin', 'rssBytesPerCycleMargin', 'blocksPerCycleMargin', 'fdsPerCycleMargin', 'heapBytesPerCycleMargin'];
/**
 * The baseline's growth with every margin present, null where the baseline has none (recorded
 * before margins existed): the report's comparison shows the baseline's growth as it always did.
 */
const withMargins = (growth) => {
    const out = { ...growth };
    for (const key of MARGIN_KEYS)
        out[key] = growth[key] ?? null;
    return out;
};
const baselineSiteSchema = once(() => object({
    file: text(),
    line: int().min(0).max(10_000_000),
    function: text(),
    code: text(),
    bytesPerCycle: rate(),
    countPerCycle: rate(),
    bytesPerCycleMargin: margin('bytesPerCycle'),
    countPerCycleMargin: margin('countPerCycle'),
}));
const baselineTypeSchema = once(() => object({ type: text(), perCycle: rate(), perCycleMargin: margin('perCycle') }));
const baselineScenarioSchema = once(() => object({
    name: text().describe('Scenarios are matched by name; names are unique.'),
    target: text(),
    settings: object({
        cycles: int().min(1).max(BASELINE_LIMITS.cycles),
        warmup: int().min(0).max(BASELINE_LIMITS.cycles),
        frames: int().min(1).max(1000),
    }),
    verdict: _enum(['pass', 'fail']),
    leak: object({ detected: boolean(), kind: leakKindSchema() }),
    growth: growthSchema().transform(withMargins),
    sites: array(baselineSiteSchema())
        .max(BASELINE_LIMITS.sitesPerScenario)
        .describe('Matched across commits by file, function and source text; the line breaks ties.'),
    types: array(baselineTypeSchema()).max(BASELINE_LIMITS.typesPerScenario).describe('Matched by qualified name.'),
    /** Memory (malloc heap, or RSS where there is none) over measured cycles, relative to the first point. */
    series: object({
        cycle: array(number().min(0).max(BASELINE_LIMITS.cycles)).max(BASELINE_LIMITS.seriesPoints),
        bytes: array(rate()).max(BASELINE_LIMITS.seriesPoints),
    })
        .check((ctx) => {
        const { cycle, bytes } = ctx.value;
        if (cycle.length !== bytes.length)
            ctx.issues.push({
                code: 'custom',
                message: `has ${bytes.length} points, not the ${cycle.length} of series.cycle: both columns describe the same points`,
                input: bytes,
                path: ['bytes'],
            });
    })
        .describe(`Memory (the malloc heap, or RSS) over measured cycles, relative to the first point: at most ${BASELINE_LIMITS.seriesPoints} points, for charts.`),
})
    .meta({ id: 'scenario' }));
const baselineSchema = once(() => object({
    schema: literal(BASELINE_SCHEMA),
    createdAt: string()
        .max(BASELINE_LIMITS.stringChars)
        .refine((value) => !Number.isNaN(Date.parse(value)), { error: (issue) => `must be a date and time (ISO 8601), got ${described(issue.input)}` })
        .describe('When the baseline was recorded (ISO 8601).'),
    tool: object({ name: literal('leakgate'), version: text() }),
    environment: object({ python: text().nullable(), implementation: text().nullable(), platform: text().nullable() })
        .describe('Where the baseline was recorded: a different Python minor version or platform still compares, with a caveat.'),
    scenarios: array(baselineScenarioSchema())
        .max(BASELINE_LIMITS.scenarios)
        .check((ctx) => {
        const names = new Set();
        for (const [index, scenario] of ctx.value.entries()) {
            if (names.has(scenario.name))
                ctx.issues.push({
                    code: 'custom',
                    message: `repeats the scenario name ${JSON.stringify(scenario.name)}: names are unique`,
                    input: scenario.name,
                    path: [index, 'name'],
                });
            names.add(scenario.name);
        }
    }),
})
    .meta({
    title: 'leakgate baseline',
    description: `What a run on the default branch measured, written by \`leakgate run --save-baseline FILE\` and read by \`--baseline FILE\`. ` +
        `Figures are per cycle, so runs of different lengths compare. leakgate reads a baseline as untrusted data: ` +
        `it validates every field against these bounds and refuses (with a warning, never a crash) ` +
        `a file that breaks them or is larger than ${BASELINE_LIMITS.fileBytes / 1024 / 1024} MiB. A project with 20 scenarios writes about 20-60 KiB.`,
}));

/**
 * The baseline document: what the default branch's run measured, small and versioned
 * (schema/baseline.schema.json). `recordBaseline` builds one from a report; `parseBaseline`
 * reads one back as untrusted data: every field is validated, every string bounded, nothing
 * is evaluated. Pure: no files here (see store.ts).
 */
const SITES_KEPT = 20;
const TYPES_KEPT = 20;
/** A string cut to what a baseline may hold, so that a baseline leakgate writes is one it reads back. */
function clip$1(text) {
    return text.length > BASELINE_LIMITS.stringChars ? `${text.slice(0, BASELINE_LIMITS.stringChars - 1)}…` : text;
}
const clipOrNull = (text) => (text === null ? null : clip$1(text));
/** A baseline from a report: every scenario that was measured (errors are left out). */
function recordBaseline(report, createdAt) {
    const measured = report.scenarios.filter((s) => s.verdict !== 'error');
    const first = measured[0];
    const baseline = {
        schema: BASELINE_SCHEMA,
        createdAt: createdAt.toISOString(),
        tool: { name: 'leakgate', version: LEAKGATE_VERSION },
        environment: first
            ? {
                python: clipOrNull(first.environment.python),
                implementation: clipOrNull(first.environment.implementation),
                platform: clipOrNull(first.environment.platform),
            }
            : { python: null, implementation: null, platform: null },
        scenarios: measured.map((s) => ({
            name: clip$1(s.name),
            target: clip$1(s.target),
            settings: { cycles: s.cycles, warmup: s.warmup, frames: s.frames },
            verdict: s.leak.detected ? 'fail' : 'pass',
            leak: { detected: s.leak.detected, kind: s.leak.kind },
            growth: { ...s.growth },
            sites: s.sites.slice(0, SITES_KEPT).map((site) => ({
                file: clip$1(site.file),
                line: site.line,
                function: clip$1(site.function),
                code: clip$1(site.code),
                bytesPerCycle: site.bytesPerCycle,
                countPerCycle: site.countPerCycle,
                bytesPerCycleMargin: site.bytesPerCycleMargin ?? null,
                countPerCycleMargin: site.countPerCycleMargin ?? null,
            })),
            types: s.types.slice(0, TYPES_KEPT).map((t) => ({ type: clip$1(t.type), perCycle: t.perCycle, perCycleMargin: t.perCycleMargin ?? null })),
            series: memorySeries(s),
        })),
    };
    return { baseline, skipped: report.scenarios.filter((s) => s.verdict === 'error').map((s) => s.name) };
}
/**
 * Why a parsed baseline holds more than leakgate's limits allow, or null. Counted before the
 * schema is checked, so that a million entries are refused by their count, not parsed one by one.
 */
function overLimits(value) {
    const scenarios = value !== null && typeof value === 'object' ? value.scenarios : undefined;
    if (!Array.isArray(scenarios))
        return null;
    const tooMany = (where, items, limit) => Array.isArray(items) && items.length > limit ? `${where} has ${items.length} entries, more than the ${limit} a baseline may hold` : null;
    const counted = tooMany('baseline.scenarios', scenarios, BASELINE_LIMITS.scenarios);
    if (counted)
        return counted;
    for (const [index, scenario] of scenarios.entries()) {
        if (scenario === null || typeof scenario !== 'object')
            continue;
        const { sites, types, series } = scenario;
        const where = `baseline.scenarios[${index}]`;
        const problem = tooMany(`${where}.sites`, sites, BASELINE_LIMITS.sitesPerScenario) ??
            tooMany(`${where}.types`, types, BASELINE_LIMITS.typesPerScenario) ??
            tooMany(`${where}.series.cycle`, series?.cycle, BASELINE_LIMITS.seriesPoints) ??
            tooMany(`${where}.series.bytes`, series?.bytes, BASELINE_LIMITS.seriesPoints);
        if (problem)
            return problem;
    }
    return null;
}
/** jitless: a baseline is parsed once; compiling zod's fast parsers costs more than it saves (see harness/records.ts). */
const PARSE_OPTIONS = { reportInput: true, error: DOCUMENT_WORDS, jitless: true };
/** Read a baseline's text as untrusted data; the reason says what is wrong and where. */
function parseBaseline(text) {
    if (text.trim() === '')
        return { ok: false, reason: 'is empty' };
    if (Buffer.byteLength(text) > BASELINE_LIMITS.fileBytes)
        return { ok: false, reason: `is ${Buffer.byteLength(text)} bytes, over the ${BASELINE_LIMITS.fileBytes}-byte cap` };
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        const truncated = /end of (JSON )?input|Unterminated/i.test(error.message);
        return { ok: false, reason: truncated ? 'is truncated: the JSON ends early' : `is not JSON (${error.message})` };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        return { ok: false, reason: `is invalid: baseline must be an object, got ${Array.isArray(value) ? 'an array' : String(value)}` };
    const schema = value.schema;
    if (schema !== BASELINE_SCHEMA) {
        const found = typeof schema === 'string' ? `'${schema.slice(0, 60)}'` : 'no schema field';
        return { ok: false, reason: `has ${found}, not '${BASELINE_SCHEMA}' that leakgate ${LEAKGATE_VERSION} reads: record a new baseline with --save-baseline` };
    }
    const counted = overLimits(value);
    if (counted)
        return { ok: false, reason: `is invalid: ${counted}` };
    const parsed = baselineSchema().safeParse(value, PARSE_OPTIONS);
    if (!parsed.success)
        return { ok: false, reason: `is invalid: ${documentProblem(parsed.error, 'baseline', 'a baseline')}` };
    return { ok: true, baseline: parsed.data };
}

/**
 * The harness's policy numbers: owned here and sent to the Python harness in its settings
 * (`policy`), which has no defaults of its own (a missing one is a usage error, exit 11).
 */
const HARNESS_POLICY = {
    /** A census reports the most numerous types, this many at most. */
    maxTypesPerCensus: 2000,
    /** The measured phase has at least this many checkpoints (trends need 4 or more) ... */
    minCheckpoints: 8,
    /** ... and at most this many. */
    maxCheckpoints: 25,
    /** Checkpoints (gc.collect() + a census) may cost at most this share of the measured phase. */
    checkpointBudgetShare: 0.05,
    /** Per-cycle sampling may cost at most this share of a cycle's own time. */
    sampleBudgetShare: 0.02,
    /** The traced window runs at least this many cycles: attribution and the traced trend need them. */
    minTracedCycles: 5,
    /** Snapshots the traced window takes, at most, after its first traced cycle. */
    tracedCheckpoints: 6,
    /**
     * Allocation stacks the window reports, largest growth first: twice the sites a report shows
     * (MAX_SITES_REPORTED in analyse/growth.ts), since the analysis groups stacks by their line in
     * the scenario's code (growingSites).
     */
    maxStacks: 30,
    /** The top sites in user code that get a retention path. */
    maxRetainedSites: 3,
    /** Growing types whose objects get a retention path. */
    maxRetainedTypes: 5,
    /**
     * The window may end early once this many snapshots (the first included) all rose, a site in
     * the scenario's code rose at each, and the rate is known. Four rising ones are the fewest on
     * which the trend test can be sure (its one-sided p is 0.045); the rate leaves out the first
     * interval, so one more. Tracing costs 10-60x a cycle's own time.
     */
    decisiveSnapshots: 5,
    /**
     * The rate rule, shared with analyse/growth.ts (rateStandardError): the growth per cycle between
     * snapshots, leaving out this many first intervals (the first traced cycle carries the
     * window's one-time allocations) ...
     */
    rateSkippedIntervals: 1,
    /** ... known from this many intervals on ... */
    rateMinIntervals: 3,
    /**
     * ... and settled when its standard error is at most this share of it: baselines call a leak
     * "worse" at +50% (bench/TOLERANCE.md).
     */
    rateStandardErrorShare: 0.1,
    /**
     * Checkpoints of the extension that confirms growth (issue 14), one after each of its batches:
     * fewer than the measured phase's, since each costs 50-80 ms on a heap of 200k objects, and the
     * rule (analyse/confirm.ts) reads only the lowest point and the last.
     */
    confirmCheckpoints: 5,
    /**
     * A native lead (issue 15): when memory grows and Python objects do not, this many cycles are
     * profiled for the native calls the user's lines make (python/leakgate_harness/native.py) ...
     */
    nativeCycles: 5,
    /** ... within this share of the untraced cycles' time (at least one cycle runs) ... */
    nativeBudgetShare: 0.25,
    /** ... the malloc heap read around this many calls of each site at most (mallinfo2 costs up to 300 µs on a fragmented heap) ... */
    nativeHeapReads: 20,
    /** ... this many sites (line, callee) tallied at most ... */
    maxNativeSites: 200,
    /** ... and this many reported, most heap first. */
    maxNativeSitesReported: 8,
};
/** The longest traced window for a run of `cycles` measured cycles. */
function maxTracedCycles(cycles) {
    return Math.max(10, Math.ceil(cycles / 5));
}
/** The `policy` object of the harness settings. */
function harnessPolicy(cycles) {
    return {
        maxTypesPerCensus: HARNESS_POLICY.maxTypesPerCensus,
        minCheckpoints: HARNESS_POLICY.minCheckpoints,
        maxCheckpoints: HARNESS_POLICY.maxCheckpoints,
        checkpointBudgetShare: HARNESS_POLICY.checkpointBudgetShare,
        sampleBudgetShare: HARNESS_POLICY.sampleBudgetShare,
        maxTracedCycles: maxTracedCycles(cycles),
        minTracedCycles: HARNESS_POLICY.minTracedCycles,
        maxStacks: HARNESS_POLICY.maxStacks,
        maxRetainedSites: HARNESS_POLICY.maxRetainedSites,
        decisiveSnapshots: HARNESS_POLICY.decisiveSnapshots,
        rateSkippedIntervals: HARNESS_POLICY.rateSkippedIntervals,
        rateMinIntervals: HARNESS_POLICY.rateMinIntervals,
        rateStandardErrorShare: HARNESS_POLICY.rateStandardErrorShare,
        confirmCheckpoints: HARNESS_POLICY.confirmCheckpoints,
        nativeCycles: HARNESS_POLICY.nativeCycles,
        nativeHeapReads: HARNESS_POLICY.nativeHeapReads,
        maxNativeSites: HARNESS_POLICY.maxNativeSites,
        maxNativeSitesReported: HARNESS_POLICY.maxNativeSitesReported,
    };
}

/**
 * When adding a new value to a list, one does not have to necessary
 * recompute the mean of the list in linear time. They can instead use
 * this function to compute the new mean by providing the current mean,
 * the number of elements in the list that produced it and the new
 * value to add.
 *
 * @since 2.5.0
 * @param {number} mean current mean
 * @param {number} n number of items in the list
 * @param {number} newValue the added value
 * @returns {number} the new mean
 *
 * @example
 * addToMean(14, 5, 53); // => 20.5
 */

/**
 * This is the internal implementation of quantiles: when you know
 * that the order is sorted, you don't need to re-sort it, and the computations
 * are faster.
 *
 * This implements the linear interpolation method (type=7 in R/numpy),
 * which is the default in numpy.percentile and R's quantile.
 *
 * @param {Array<number>} x sample of one or more data points
 * @param {number} p desired quantile: a number between 0 to 1, inclusive
 * @returns {number} quantile value
 * @throws {Error} if p ix outside of the range from 0 to 1
 * @throws {Error} if x is empty
 * @example
 * quantileSorted([3, 6, 7, 8, 8, 9, 10, 13, 15, 16, 20], 0.5); // => 9
 */
function quantileSorted(x, p) {
    // Use (n-1) * p for index, matching numpy's linear method (type=7)
    var idx = (x.length - 1) * p;
    if (x.length === 0) {
        throw new Error("quantile requires at least one data point.");
    } else if (p < 0 || p > 1) {
        throw new Error("quantiles must be between 0 and 1");
    } else if (p === 1) {
        // If p is 1, directly return the last element
        return x[x.length - 1];
    } else if (p === 0) {
        // If p is 0, directly return the first element
        return x[0];
    } else if (idx % 1 !== 0) {
        // If idx is not integer, interpolate linearly between floor and ceil
        var lower = Math.floor(idx);
        var upper = Math.ceil(idx);
        var fraction = idx - lower;
        return x[lower] + fraction * (x[upper] - x[lower]);
    } else {
        // If idx is integer, type=7 returns the value at that index
        return x[idx];
    }
}

/**
 * Rearrange items in `arr` so that all items in `[left, k]` range are the smallest.
 * The `k`-th element will have the `(k - left + 1)`-th smallest value in `[left, right]`.
 *
 * Implements Floyd-Rivest selection algorithm https://en.wikipedia.org/wiki/Floyd-Rivest_algorithm
 *
 * @param {Array<number>} arr input array
 * @param {number} k pivot index
 * @param {number} [left] left index
 * @param {number} [right] right index
 * @returns {void} mutates input array
 * @example
 * var arr = [65, 28, 59, 33, 21, 56, 22, 95, 50, 12, 90, 53, 28, 77, 39];
 * quickselect(arr, 8);
 * // = [39, 28, 28, 33, 21, 12, 22, 50, 53, 56, 59, 65, 90, 77, 95]
 */
function quickselect(arr, k, left, right) {
    left = left || 0;
    right = right || arr.length - 1;

    while (right > left) {
        // 600 and 0.5 are arbitrary constants chosen in the original paper to minimize execution time
        if (right - left > 600) {
            var n = right - left + 1;
            var m = k - left + 1;
            var z = Math.log(n);
            var s = 0.5 * Math.exp((2 * z) / 3);
            var sd = 0.5 * Math.sqrt((z * s * (n - s)) / n);
            if (m - n / 2 < 0) { sd *= -1; }
            var newLeft = Math.max(left, Math.floor(k - (m * s) / n + sd));
            var newRight = Math.min(
                right,
                Math.floor(k + ((n - m) * s) / n + sd)
            );
            quickselect(arr, k, newLeft, newRight);
        }

        var t = arr[k];
        var i = left;
        var j = right;

        swap(arr, left, k);
        if (arr[right] > t) { swap(arr, left, right); }

        while (i < j) {
            swap(arr, i, j);
            i++;
            j--;
            while (arr[i] < t) { i++; }
            while (arr[j] > t) { j--; }
        }

        if (arr[left] === t) { swap(arr, left, j); }
        else {
            j++;
            swap(arr, j, right);
        }

        if (j <= k) { left = j + 1; }
        if (k <= j) { right = j - 1; }
    }
}

function swap(arr, i, j) {
    var tmp = arr[i];
    arr[i] = arr[j];
    arr[j] = tmp;
}

/**
 * The [quantile](https://en.wikipedia.org/wiki/Quantile):
 * this is a population quantile, since we assume to know the entire
 * dataset in this library. This implementation uses linear interpolation,
 * equivalent to R's type=7 and numpy's default percentile method.
 *
 * Sample is a one-dimensional array of numbers,
 * and p is either a decimal number from 0 to 1 or an array of decimal
 * numbers from 0 to 1.
 * In terms of a k/q quantile, p = k/q - it's just dealing with fractions or dealing
 * with decimal values.
 * When p is an array, the result of the function is also an array containing the appropriate
 * quantiles in input order
 *
 * @param {Array<number>} x sample of one or more numbers
 * @param {Array<number> | number} p the desired quantile, as a number between 0 and 1
 * @returns {number} quantile
 * @example
 * quantile([3, 6, 7, 8, 8, 9, 10, 13, 15, 16, 20], 0.5); // => 9
 */
function quantile(x, p) {
    var copy = x.slice();

    if (Array.isArray(p)) {
        // rearrange elements so that each element corresponding to a requested
        // quantile is on a place it would be if the array was fully sorted
        multiQuantileSelect(copy, p);
        // Initialize the result array
        var results = [];
        // For each requested quantile
        for (var i = 0; i < p.length; i++) {
            results[i] = quantileSorted(copy, p[i]);
        }
        return results;
    } else {
        var idx = quantileIndex(copy.length, p);
        quantileSelect(copy, idx, 0, copy.length - 1);
        return quantileSorted(copy, p);
    }
}

function quantileSelect(arr, k, left, right) {
    if (k % 1 === 0) {
        quickselect(arr, k, left, right);
    } else {
        k = Math.floor(k);
        quickselect(arr, k, left, right);
        quickselect(arr, k + 1, k + 1, right);
    }
}

function multiQuantileSelect(arr, p) {
    // Collect every integer order statistic that the requested quantiles need.
    // Linear interpolation (type=7) reads x[floor(idx)] and x[ceil(idx)], so both
    // surrounding positions must be placed. Deduplicate to integer positions
    // so each is selected with an unambiguous index.
    var positions = new Set();
    for (var i = 0; i < p.length; i++) {
        var idx = quantileIndex(arr.length, p[i]);
        positions.add(Math.floor(idx));
        positions.add(Math.ceil(idx));
    }
    var indices = Array.from(positions).sort(compare);

    multiselect(arr, indices, 0, indices.length - 1, 0, arr.length - 1);
}

// Place every order statistic in `indices` by partitioning around the median
// requested position, then recursing into the two halves. The just-placed pivot
// is excluded from the child ranges (indices[mid] ± 1) so that a later, narrower
// quickselect cannot disturb an already-finalized position.
function multiselect(arr, indices, lo, hi, left, right) {
    if (lo > hi) { return; }
    var mid = (lo + hi) >> 1;
    quickselect(arr, indices[mid], left, right);
    multiselect(arr, indices, lo, mid - 1, left, indices[mid] - 1);
    multiselect(arr, indices, mid + 1, hi, indices[mid] + 1, right);
}

function compare(a, b) {
    return a - b;
}

function quantileIndex(len, p) {
    // Use (n-1) * p to match numpy's linear method (type=7)
    var idx = (len - 1) * p;
    if (p === 1) {
        // If p is 1, directly return the last index
        return len - 1;
    } else if (p === 0) {
        // If p is 0, directly return the first index
        return 0;
    } else if (idx % 1 !== 0) {
        // If index is not integer, keep the fractional position so we can
        // select both surrounding order statistics for interpolation.
        return idx;
    } else {
        // If index is integer, return that exact position.
        return idx;
    }
}

/**
 * The [median](http://en.wikipedia.org/wiki/Median) is
 * the middle number of a list. This is often a good indicator of 'the middle'
 * when there are outliers that skew the `mean()` value.
 * This is a [measure of central tendency](https://en.wikipedia.org/wiki/Central_tendency):
 * a method of finding a typical or central value of a set of numbers.
 *
 * The median isn't necessarily one of the elements in the list: the value
 * can be the average of two elements if the list has an even length
 * and the two central values are different.
 *
 * @param {Array<number>} x input
 * @returns {number} median value
 * @example
 * median([10, 2, 5, 100, 2, 1]); // => 3.5
 */
function median(x) {
    return +quantile(x, 0.5);
}

/**
 * Robust trend statistics for memory series: Mann–Kendall, Theil–Sen with Sen's interval and
 * median downsampling. Pure functions, no I/O. Each returns what the analysis reads, nothing more.
 */
// The tail must hold enough points for a slope and a rank test to mean anything.
const MIN_TAIL_POINTS = 4;
function assertFinite(values, name, fn) {
    for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (typeof v !== 'number' || !Number.isFinite(v)) {
            throw new Error(`${fn}: ${name}[${i}] must be a finite number, got ${String(v)}`);
        }
    }
}
function assertSeries(xs, ys, fn) {
    if (xs.length !== ys.length) {
        throw new Error(`${fn}: xs and ys must have the same length, got xs.length=${xs.length} and ys.length=${ys.length}`);
    }
    assertFinite(xs, 'xs', fn);
    assertFinite(ys, 'ys', fn);
}
function assertConfidence(confidence, fn) {
    if (!Number.isFinite(confidence) || confidence <= 0 || confidence >= 1) {
        throw new Error(`${fn}: confidence must be a number strictly between 0 and 1, got ${String(confidence)}`);
    }
}
/**
 * Complementary error function (Numerical Recipes `erfcc`, fractional error < 1.2e-7).
 * Used instead of 1 - erf so that tiny upper-tail p-values keep their precision, and instead of
 * simple-statistics' table lookup, which rounds z to 0.01 and saturates near |z| = 4.
 */
function erfc(x) {
    const z = Math.abs(x);
    const t = 1 / (1 + 0.5 * z);
    const poly = -1.26551223 +
        t *
            (1.00002368 +
                t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
    const ans = t * Math.exp(-z * z + poly);
    return x >= 0 ? ans : 2 - ans;
}
/** Upper tail of the standard normal, 1 - Phi(z). */
function normalUpperTail(z) {
    return 0.5 * erfc(z / Math.SQRT2);
}
/**
 * Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9).
 * simple-statistics' probit uses a cruder closed form (error around 1e-3), which would shift
 * Sen's interval ranks for large N.
 */
function normalQuantile(p) {
    const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
    const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
    const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
    const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
    const [a0, a1, a2, a3, a4, a5] = a;
    const [b0, b1, b2, b3, b4] = b;
    const [c0, c1, c2, c3, c4, c5] = c;
    const [d0, d1, d2, d3] = d;
    const pLow = 0.02425;
    if (p < pLow) {
        const q = Math.sqrt(-2 * Math.log(p));
        return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
    }
    if (p > 1 - pLow) {
        const q = Math.sqrt(-2 * Math.log(1 - p));
        return -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
    }
    const q = p - 0.5;
    const r = q * q;
    return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}
/** Median of an already sorted typed array (non-empty). */
function medianOfSorted(sorted) {
    const mid = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
/** Mann–Kendall S variance with the tie correction; values must be finite. */
function mannKendallVariance(values) {
    const n = values.length;
    // Below 3 points the normal approximation is meaningless, so report no variance (no evidence).
    if (n < 3)
        return 0;
    const sorted = Float64Array.from(values).sort();
    let tieTerm = 0;
    let runStart = 0;
    for (let i = 1; i <= n; i++) {
        if (i === n || sorted[i] !== sorted[runStart]) {
            const t = i - runStart;
            if (t > 1)
                tieTerm += t * (t - 1) * (2 * t + 5);
            runStart = i;
        }
    }
    return (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
}
/** One-sided Mann–Kendall test for an increasing trend in `values` (taken in their given order). */
function mannKendall(values) {
    assertFinite(values, 'values', 'mannKendall');
    const n = values.length;
    let s = 0;
    for (let i = 0; i < n - 1; i++) {
        const yi = values[i];
        for (let j = i + 1; j < n; j++) {
            s += Math.sign(values[j] - yi);
        }
    }
    const varianceS = mannKendallVariance(values);
    let z = 0;
    if (varianceS > 0) {
        // Continuity correction: S moves in steps of 2, so shift it one unit towards 0.
        if (s > 0)
            z = (s - 1) / Math.sqrt(varianceS);
        else if (s < 0)
            z = (s + 1) / Math.sqrt(varianceS);
    }
    return { pIncreasing: varianceS > 0 ? normalUpperTail(z) : 1 };
}
/** Theil–Sen slope of ys against xs with Sen's (1968) / Gilbert (1987) confidence interval. */
function theilSen(xs, ys, confidence = 0.95) {
    assertSeries(xs, ys, 'theilSen');
    assertConfidence(confidence, 'theilSen');
    const n = xs.length;
    // Typed array: up to ~80k pairs at n = 400, and numeric sort without a comparator.
    const slopesBuffer = new Float64Array((n * (n - 1)) / 2);
    let pairCount = 0;
    for (let i = 0; i < n - 1; i++) {
        const xi = xs[i];
        const yi = ys[i];
        for (let j = i + 1; j < n; j++) {
            const dx = xs[j] - xi;
            // Pairs at the same x carry no slope information.
            if (dx !== 0)
                slopesBuffer[pairCount++] = (ys[j] - yi) / dx;
        }
    }
    if (pairCount === 0)
        return { slope: 0, lower: 0, upper: 0 };
    const slopes = slopesBuffer.subarray(0, pairCount).sort();
    const slope = medianOfSorted(slopes);
    const zCritical = normalQuantile(1 - (1 - confidence) / 2);
    const c = zCritical * Math.sqrt(mannKendallVariance(ys));
    const m1 = (pairCount - c) / 2;
    const m2 = (pairCount + c) / 2;
    // Ranks are 1-based in Sen/Gilbert; round to the nearest rank and keep them inside the data.
    const clampRank = (rank) => Math.min(pairCount, Math.max(1, Math.round(rank)));
    const lower = slopes[clampRank(m1) - 1];
    const upper = slopes[clampRank(m2 + 1) - 1];
    return { slope, lower, upper };
}
/** Reduce a long series to at most maxPoints by taking the median of each consecutive bin (x = median x of the bin). */
function downsample(xs, ys, maxPoints) {
    assertSeries(xs, ys, 'downsample');
    if (!Number.isInteger(maxPoints) || maxPoints < 1) {
        throw new Error(`downsample: maxPoints must be a positive integer, got ${String(maxPoints)}`);
    }
    const n = xs.length;
    if (n <= maxPoints)
        return { xs: [...xs], ys: [...ys] };
    const outXs = [];
    const outYs = [];
    for (let bin = 0; bin < maxPoints; bin++) {
        // Integer boundaries floor(bin * n / maxPoints) make bin sizes differ by at most one.
        const start = Math.floor((bin * n) / maxPoints);
        const end = Math.floor(((bin + 1) * n) / maxPoints);
        outXs.push(median(xs.slice(start, end)));
        outYs.push(median(ys.slice(start, end)));
    }
    return { xs: outXs, ys: outYs };
}
/** Overall and tail trend of ys against xs (points are put in ascending x order first). */
function trend(xs, ys, options = {}) {
    assertSeries(xs, ys, 'trend');
    const confidence = options.confidence ?? 0.95;
    const tailFraction = options.tailFraction ?? 0.5;
    const maxPoints = options.maxPoints ?? 200;
    assertConfidence(confidence, 'trend');
    if (!Number.isFinite(tailFraction) || tailFraction <= 0 || tailFraction > 1) {
        throw new Error(`trend: tailFraction must be in (0, 1], got ${String(tailFraction)}`);
    }
    if (!Number.isInteger(maxPoints) || maxPoints < 2) {
        throw new Error(`trend: maxPoints must be an integer of at least 2, got ${String(maxPoints)}`);
    }
    const n = xs.length;
    if (n < 2) {
        return {
            n,
            slopePerX: 0,
            lowerSlopePerX: 0,
            upperSlopePerX: 0,
            pIncreasing: 1,
            tailSlopePerX: 0,
        };
    }
    // Mann–Kendall and the tail both depend on order, so sort by x (stable, so equal xs keep their order).
    const order = xs.map((_, i) => i).sort((i, j) => xs[i] - xs[j]);
    const sortedXs = order.map((i) => xs[i]);
    const sortedYs = order.map((i) => ys[i]);
    // Downsampling bounds the O(n^2) pair work; bin medians keep a linear slope intact.
    const reduced = downsample(sortedXs, sortedYs, maxPoints);
    const overall = theilSen(reduced.xs, reduced.ys, confidence);
    const overallMk = mannKendall(reduced.ys);
    const m = reduced.xs.length;
    const tailCount = Math.min(m, Math.max(MIN_TAIL_POINTS, Math.ceil(tailFraction * m)));
    const tailXs = reduced.xs.slice(m - tailCount);
    const tailYs = reduced.ys.slice(m - tailCount);
    const tail = theilSen(tailXs, tailYs, confidence);
    return {
        n,
        slopePerX: overall.slope,
        lowerSlopePerX: overall.lower,
        upperSlopePerX: overall.upper,
        pIncreasing: overallMk.pIncreasing,
        tailSlopePerX: tail.slope,
    };
}

/** The extension must end at least this share of the measured slope × its cycles above the measured phase's end. */
const CONTINUE_SHARE = 0.5;
/** The extension takes at most this share of what is left of the scenario's time-out: the traced window and teardown need the rest. */
const CONFIRM_TIMEOUT_SHARE = 0.5;
// Theil–Sen pairs grow with the square of the points: long series are reduced by bin medians, as trend() does.
const MAX_FIT_POINTS = 200;
/**
 * Whether growth seen in `measured` continues through `extension` (the points after it). Both
 * conditions are needed:
 *  - no extension point falls below the measured phase's end (its fitted value) by more than the
 *    measured phase's noise: growth released with a period up to the extension's length always
 *    drops inside it, by the whole growth accumulated since the last release, far beyond that
 *    noise (after the drop it may grow again, so the end alone would not tell);
 *  - the extension ends at least CONTINUE_SHARE of the measured slope × its cycles above that
 *    end: a cache that fills and then stays flat stops rising.
 * Null with fewer than 2 measured points or no extension point.
 */
function continuesThroughExtension(measured, extension) {
    if (measured.xs.length < 2 || extension.xs.length === 0)
        return null;
    const reduced = downsample(measured.xs, measured.ys, MAX_FIT_POINTS);
    const slope = theilSen(reduced.xs, reduced.ys).slope;
    const intercept = medianOf(reduced.xs.map((x, i) => reduced.ys[i] - slope * x));
    const noise = Math.max(...measured.xs.map((x, i) => Math.abs(measured.ys[i] - (intercept + slope * x))));
    const endX = Math.max(...measured.xs);
    const end = intercept + slope * endX;
    const lastIndex = extension.xs.indexOf(Math.max(...extension.xs));
    const extensionCycles = extension.xs[lastIndex] - endX;
    const extensionChange = extension.ys[lastIndex] - end;
    const lowestChange = Math.min(...extension.ys) - end;
    const expectedChange = CONTINUE_SHARE * slope * extensionCycles;
    const continued = extensionChange >= expectedChange && extensionChange > 0 && lowestChange >= -noise;
    return { measuredPerCycle: slope, extensionCycles, extensionChange, expectedChange, lowestChange, noise, continued };
}
function medianOf(values) {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
function points(rows, y) {
    const xs = [];
    const ys = [];
    for (const row of rows) {
        const value = y(row);
        if (value === null || value === undefined || !Number.isFinite(value))
            continue;
        xs.push(row.cycle);
        ys.push(value);
    }
    return { xs, ys };
}
/** Whether the run holds an extension (checkpoints of the "confirm" phase). */
function extensionRan(checkpoints) {
    return checkpoints.some((c) => c.phase === 'confirm');
}
/** Each suspected signal's confirmation, keyed by signalKey; signals without enough points are left out. */
function confirmSignals(samples, checkpoints, suspects) {
    const measuredCheckpoints = checkpoints.filter((c) => c.phase === 'measure');
    const extensionCheckpoints = checkpoints.filter((c) => c.phase === 'confirm');
    const measuredRows = samples.filter((s) => s.phase === 'measure');
    const extensionRows = samples.filter((s) => s.phase === 'confirm');
    const confirmed = new Map();
    // Each census as a Map once (type names are the scenario's: never read as properties).
    const censuses = new Map();
    const census = (c) => censuses.get(c) ?? censuses.set(c, new Map(Object.entries(c.types))).get(c);
    for (const suspect of suspects) {
        let result;
        if (suspect.signal === 'rss' || suspect.signal === 'fds') {
            const y = (s) => (suspect.signal === 'rss' ? s.rssBytes : s.fds);
            result = continuesThroughExtension(points(measuredRows, y), points(extensionRows, y));
        }
        else {
            // A type missing from a census counts as 0 objects, as in the measured phase's trend (growth.ts).
            const y = (c) => suspect.signal === 'blocks' ? c.blocks : suspect.signal === 'heap' ? c.heapBytes : (census(c).get(suspect.type ?? '') ?? 0);
            result = continuesThroughExtension(points(measuredCheckpoints, y), points(extensionCheckpoints, y));
        }
        if (result !== null)
            confirmed.set(signalKey(suspect), { ...suspect, ...result });
    }
    return confirmed;
}
/** A signal's key in confirmSignals' map: its name, or "type:" and the type's name. */
function signalKey(s) {
    return s.signal === 'type' ? `type:${s.type}` : s.signal;
}
/**
 * The answer to the first question, after the measured phase: extend when it grew (`suspected`)
 * and confirmation is on, for as long as --confirm-seconds and half of what is left of the
 * time-out allow; otherwise `{ extend: false }` (the trace plan follows at once).
 */
function planExtension(phase, suspected) {
    const { settings } = phase;
    if (!suspected || settings.confirmCycles <= 0)
        return { extend: false };
    const elapsedSeconds = phase.elapsedSeconds ?? phase.warmupSeconds + phase.measuredSeconds;
    const budgetSeconds = Math.min(settings.confirmSeconds, CONFIRM_TIMEOUT_SHARE * (settings.timeoutSeconds - elapsedSeconds));
    if (!(budgetSeconds > 0))
        return { extend: false };
    return { extend: true, cycles: settings.confirmCycles, budgetSeconds };
}
/** The run's confirmation for the report, from the extension as it ran and its signals' outcomes. */
function confirmationOf(settings, extension, signals) {
    if (!extension) {
        const disabled = settings.confirmCycles <= 0 || settings.confirmSeconds <= 0;
        return { cycles: 0, plannedCycles: 0, seconds: 0, limitedBy: 'cycles', outcome: disabled ? 'disabled' : 'not-needed', signals: [] };
    }
    return {
        cycles: extension.cycles,
        plannedCycles: extension.plannedCycles,
        seconds: extension.seconds,
        limitedBy: extension.cycles < extension.plannedCycles ? 'time' : 'cycles',
        outcome: signals.some((s) => s.continued) ? 'confirmed' : 'released',
        signals: [...signals],
    };
}

/**
 * A lead for native leaks (issue 15): when memory grows and Python objects do not, the harness
 * profiles a few cycles (python/leakgate_harness/native.py) and names the user's lines that call
 * native code (ctypes functions, extension modules), ranked by how the malloc heap moved across
 * those calls. Pure: this module plans the profile and shapes what came back; report/ words it.
 *
 * Why a few profiled cycles and not the traced window: the window runs under tracemalloc, whose
 * own bookkeeping moves the malloc heap on every Python allocation, and which the window's
 * sizing times by its first cycle; separate cycles, untraced, cost 5 cycles of hooks and leave the
 * window as it was.
 */
/** The trace plan's native part: profile policy.nativeCycles cycles within nativeBudgetShare of the untraced cycles' time, or none. */
function nativeProfilePlan(nativeSuspected, untracedSeconds) {
    if (!nativeSuspected)
        return { nativeCycles: 0, nativeBudgetSeconds: 0 };
    return { nativeCycles: HARNESS_POLICY.nativeCycles, nativeBudgetSeconds: Math.max(0.05, HARNESS_POLICY.nativeBudgetShare * untracedSeconds) };
}
/** The lead as the report carries it; null when no profile ran. An empty `calls`: the cycles made no native call from user code that could be seen. */
function nativeLeadOf(profile) {
    if (!profile)
        return null;
    return {
        cycles: profile.cycles,
        method: profile.method,
        heapMeasured: profile.heapMeasured,
        calls: profile.calls.map((c) => ({
            callee: c.callee,
            module: c.module,
            file: c.file,
            line: c.line,
            function: c.function,
            code: c.code,
            calls: c.calls,
            heapBytesPerCycle: c.heapBytesPerCycle,
        })),
    };
}

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
function ownerOnPath(type, pathTypes, growing) {
    if (pathTypes === undefined)
        return null;
    for (const name of pathTypes.slice(0, -1))
        if (name !== type && growing.has(name) && !NOT_OWNERS.has(name))
            return name;
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
function rankByOwnership(types, pathTypes, referents = new Map()) {
    const growing = new Set(types.map((t) => t.type));
    const pointedAt = (type) => {
        const referent = referents.get(type);
        return referent !== undefined && referent !== type && growing.has(referent) && !NOT_OWNERS.has(referent) ? referent : null;
    };
    const direct = new Map(types.map((t) => [t.type, ownerOnPath(t.type, pathTypes.get(t.type), growing) ?? pointedAt(t.type)]));
    // A part of a part belongs to the cluster's owner; a cycle of owners (A holds B holds A) has none.
    const topOf = (type) => {
        const seen = new Set([type]);
        for (let current = type;;) {
            const owner = direct.get(current) ?? null;
            if (owner === null)
                return current;
            if (seen.has(owner))
                return type; // a cycle of owners (A holds B holds A): each stands alone
            seen.add(owner);
            current = owner;
        }
    };
    const clusters = new Map();
    types.forEach((t, position) => {
        const top = topOf(t.type);
        const cluster = clusters.get(top) ?? { owner: undefined, parts: [], perCycle: 0, first: position };
        if (top === t.type)
            cluster.owner = t;
        else
            cluster.parts.push(t);
        cluster.perCycle += t.perCycle;
        cluster.first = Math.min(cluster.first, position);
        clusters.set(top, cluster);
    });
    return [...clusters.entries()]
        .sort(([, a], [, b]) => b.perCycle - a.perCycle || a.first - b.first)
        .flatMap(([top, cluster]) => [...(cluster.owner ? [{ ...cluster.owner, partOf: null }] : []), ...cluster.parts.map((part) => ({ ...part, partOf: top }))]);
}
/** A site's objects per cycle: its blocks per cycle, at most its bytes per cycle / the mean size of its objects. */
function objectsPerCycle(site) {
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
function untrackedTypes(sites, counted, liveBlocks) {
    const byType = new Map();
    for (const site of sites) {
        if (site.objectType == null || site.objectTracked !== false || counted.has(site.objectType))
            continue;
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

/**
 * analyseGrowth: from what the harness measured to what keeps growing, and which kind
 * of leak that is. Pure: plain data in, plain data out.
 *
 * A signal "leaks" when all of these hold (see `isLeaking`):
 *  - the Mann–Kendall test finds an increasing trend (p < alpha);
 *  - the Theil–Sen slope's lower confidence bound is above zero;
 *  - the slope is at least the signal's minimum per cycle;
 *  - growth continues to the end: the slope over the last half is at least half the overall
 *    slope, so a cache that fills and then stays flat is not a leak;
 *  - when the extension ran (confirm.ts), the growth continued through it: growth released
 *    periodically, with a period longer than the measured phase, is not a leak (issue 14).
 */
/** Untracked objects take one or more blocks, and blocks jitter by a few: a blocks trend must be this many times the objects minimum. */
const BLOCKS_PER_OBJECT = 4;
/** A native leak seen in the malloc heap must grow at least minRssBytesPerCycle / this. */
const NATIVE_HEAP_DIVISOR = 4;
/** Share of the overall slope that the last half must keep for growth to "continue". */
const TAIL_SHARE = 0.5;
/** A traced window explains heap/RSS growth when traced bytes grow at least this share as fast. */
const PYTHON_SHARE_OF_MEMORY = 0.5;
/** A suspicion that justifies a traced window is looser than a verdict. */
const SUSPICION_ALPHA_FACTOR = 5;
const SUSPICION_MINIMUM_FACTOR = 0.5;
const MAX_TYPES_REPORTED = 15;
/** What the harness's retention search says when it found no root (walk.py NO_PATH). */
const NO_PATH_FOUND = 'no path found within limits';
const MAX_SITES_REPORTED = 15;
/** True when a trend is significant, large enough and still going at the end. */
function isLeaking(t, minimumPerCycle, alpha) {
    if (t.n < 4)
        return false;
    return t.pIncreasing < alpha && t.lowerSlopePerX > 0 && t.slopePerX >= minimumPerCycle && t.slopePerX > 0 && t.tailSlopePerX >= TAIL_SHARE * t.slopePerX;
}
function looser(thresholds) {
    return {
        alpha: Math.min(0.2, thresholds.alpha * SUSPICION_ALPHA_FACTOR),
        minObjectsPerCycle: thresholds.minObjectsPerCycle * SUSPICION_MINIMUM_FACTOR,
        minBytesPerCycle: thresholds.minBytesPerCycle * SUSPICION_MINIMUM_FACTOR,
        minRssBytesPerCycle: thresholds.minRssBytesPerCycle * SUSPICION_MINIMUM_FACTOR,
        minFdsPerCycle: thresholds.minFdsPerCycle * SUSPICION_MINIMUM_FACTOR,
    };
}
function seriesOf$1(rows, x, y) {
    const xs = [];
    const ys = [];
    for (const row of rows) {
        const value = y(row);
        if (value === null || value === undefined || !Number.isFinite(value))
            continue;
        xs.push(x(row));
        ys.push(value);
    }
    return { xs, ys };
}
const trendOf = (s) => trend(s.xs, s.ys);
/**
 * A record's map of names (type names, descriptor targets) as a Map: the names come from the
 * scenario, and on a plain object `counts['constructor']` finds Object.prototype's.
 */
function namedValues(record) {
    return new Map(record ? Object.entries(record) : []);
}
/** Trends of the untraced phase: checkpoints (after gc.collect()) and per-cycle samples. */
function untracedSignals(samples, checkpoints) {
    const measured = checkpoints.filter((c) => c.phase === 'measure');
    const rows = samples.filter((s) => s.phase === 'measure');
    const cycle = (c) => c.cycle;
    const nonEmpty = (s) => (s.xs.length >= 4 ? trendOf(s) : null);
    const types = [];
    if (measured.length >= 4) {
        const census = measured.map((c) => ({ cycle: c.cycle, types: namedValues(c.types) }));
        const first = census[0].types;
        const last = census[census.length - 1].types;
        // Only types that grew from the first checkpoint to the last can be leaking.
        for (const [type, count] of last) {
            if (count <= (first.get(type) ?? 0))
                continue;
            types.push({ type, count, trend: trendOf(seriesOf$1(census, cycle, (c) => c.types.get(type) ?? 0)) });
        }
    }
    return {
        blocks: nonEmpty(seriesOf$1(measured, cycle, (c) => c.blocks)),
        heap: nonEmpty(seriesOf$1(measured, cycle, (c) => c.heapBytes)),
        rss: nonEmpty(seriesOf$1(rows, cycle, (s) => s.rssBytes)),
        fds: nonEmpty(seriesOf$1(rows, cycle, (s) => s.fds)),
        types,
    };
}
/** What the measured phase suggests is growing, with the looser thresholds of a suspicion. */
function suspicion(settings, signals) {
    const loose = looser(settings.thresholds);
    return {
        blocks: signals.blocks !== null && isLeaking(signals.blocks, BLOCKS_PER_OBJECT * loose.minObjectsPerCycle, loose.alpha),
        // The heap moves by a few hundred bytes a cycle in clean code (allocator caches, interpreter
        // warm-up: Flask requests show ~150 B): only the verdict's own minimum is worth a window.
        heap: signals.heap !== null && isLeaking(signals.heap, settings.thresholds.minBytesPerCycle, loose.alpha),
        rss: signals.rss !== null && isLeaking(signals.rss, loose.minRssBytesPerCycle, loose.alpha),
        fds: signals.fds !== null && isLeaking(signals.fds, loose.minFdsPerCycle, loose.alpha),
        types: signals.types.filter((t) => isLeaking(t.trend, loose.minObjectsPerCycle, loose.alpha)).sort((a, b) => b.trend.slopePerX - a.trend.slopePerX),
    };
}
/** The suspected signals, as confirm.ts names them. */
function suspectsOf(s) {
    const named = ['blocks', 'heap', 'rss', 'fds'].filter((signal) => s[signal]).map((signal) => ({ signal, type: null }));
    return [...named, ...s.types.map((t) => ({ signal: 'type', type: t.type }))];
}
/** Decide, after the measured phase, whether to run the extension that confirms growth before the trace plan (issue 14). */
function planConfirmation(phase) {
    const suspected = suspectsOf(suspicion(phase.settings, untracedSignals(phase.samples, phase.checkpoints)));
    return planExtension(phase, suspected.length > 0);
}
/**
 * Decide, after the untraced phase, whether a traced window is worth its cost, and size it. After
 * an extension, only the signals whose growth continued through it count: a run whose growth was
 * released pays for no window.
 */
function planTrace(phase) {
    const signals = untracedSignals(phase.samples, phase.checkpoints);
    const suspected = suspicion(phase.settings, signals);
    if (extensionRan(phase.checkpoints)) {
        const confirmed = confirmSignals(phase.samples, phase.checkpoints, suspectsOf(suspected));
        const kept = (s) => confirmed.get(signalKey(s))?.continued ?? true;
        suspected.blocks &&= kept({ signal: 'blocks', type: null });
        suspected.heap &&= kept({ signal: 'heap', type: null });
        suspected.rss &&= kept({ signal: 'rss', type: null });
        suspected.fds &&= kept({ signal: 'fds', type: null });
        suspected.types = suspected.types.filter((t) => kept({ signal: 'type', type: t.type }));
    }
    const { blocks: blocksGrow, heap: heapGrows, rss: rssGrows, fds: fdsGrow, types: growingTypes } = suspected;
    const objectsGrow = blocksGrow || growingTypes.length > 0;
    const memoryGrows = objectsGrow || heapGrows || rssGrows;
    const cycleSeconds = phase.warmupSeconds + phase.measuredSeconds;
    return {
        trace: memoryGrows || fdsGrow,
        // Descriptors alone need only a short window: enough cycles for a few owners to be born under the
        // tracer, which then knows where they were allocated (issue 15). Traced cycles of a request
        // handler cost 20-50x their own time: 5 of them doubled the wall time of bench/scenarios/leak_fd.py.
        cycles: fdsGrow && !memoryGrows ? descriptorWindowCycles(signals.fds.slopePerX) : maxTracedCycles(phase.settings.cycles),
        // Tracing slows allocation-heavy code 3-60x: cap the window at half the untraced cycles'
        // time (it still runs at least 5 cycles, which attribution and the traced trend need), so
        // that a leaky run costs at most about twice a clean one. The search for retention paths
        // usually takes milliseconds; its cap only bounds a huge heap.
        budgetSeconds: Math.max(0.1, cycleSeconds / 2),
        checkpoints: HARNESS_POLICY.tracedCheckpoints,
        retentionSeconds: Math.min(2, Math.max(0.5, cycleSeconds / 2)),
        endEarly: objectsGrow,
        descriptors: fdsGrow,
        types: growingTypes.slice(0, HARNESS_POLICY.maxRetainedTypes).map((t) => t.type),
        // Memory grows and Python objects do not: a native leak is likely; a few profiled cycles say
        // which of the user's lines call native code (issue 15). Clean runs and Python leaks pay nothing.
        ...nativeProfilePlan(!objectsGrow && (heapGrows || rssGrows), cycleSeconds),
    };
}
/** Descriptors a window for descriptors alone should see opened. */
const DESCRIPTORS_TO_SEE = 2;
/** The cycles of a window for descriptors alone: enough to see DESCRIPTORS_TO_SEE of them opened, from 2 to minTracedCycles. */
function descriptorWindowCycles(fdsPerCycle) {
    const cycles = fdsPerCycle > 0 ? Math.ceil(DESCRIPTORS_TO_SEE / fdsPerCycle) : HARNESS_POLICY.minTracedCycles;
    return Math.min(HARNESS_POLICY.minTracedCycles, Math.max(2, cycles));
}
// Two-sided 95% quantiles of Student's t, by degrees of freedom (1-30); 1.96 beyond.
const T_95 = [
    12.71, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069,
    2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];
/**
 * The rate rule the harness shares (python/leakgate_harness/rates.py, with HARNESS_POLICY's
 * numbers): the per-cycle growth between snapshots, leaving out the first interval (the first
 * traced cycle carries the window's one-time allocations); its mean and the standard error of
 * that mean; null with fewer than 3 intervals left.
 */
function rateStandardError(cycles, values) {
    const rates = [];
    for (let i = HARNESS_POLICY.rateSkippedIntervals + 1; i < Math.min(cycles.length, values.length); i++)
        rates.push((values[i] - values[i - 1]) / Math.max(1, cycles[i] - cycles[i - 1]));
    if (rates.length < Math.max(2, HARNESS_POLICY.rateMinIntervals))
        return null;
    const mean = rates.reduce((sum, r) => sum + r, 0) / rates.length;
    const variance = rates.reduce((sum, r) => sum + (r - mean) ** 2, 0) / (rates.length - 1);
    return { mean, standardError: Math.sqrt(variance / rates.length), intervals: rates.length };
}
/**
 * Half-width of the 95% confidence interval of a per-cycle rate (rateStandardError); null with
 * too few intervals. Few intervals get a wide margin: Student's t, not the normal 1.96.
 */
function rateMargin(cycles, values) {
    const rate = rateStandardError(cycles, values);
    return rate === null ? null : (T_95[rate.intervals - 2] ?? 1.96) * rate.standardError;
}
/** Half-width of a trend's 95% interval (Sen's interval of the Theil–Sen slope, halved): how well its rate is known. */
function trendMargin(t) {
    return t === null ? null : Math.max(0, (t.upperSlopePerX - t.lowerSlopePerX) / 2);
}
/**
 * The margin of a site's rate, (last − first) / span: the spread of its growth between snapshots
 * after the first (rateMargin), or, when larger, how far the rate is from that growth's mean. The
 * first traced cycle's one-time allocations bias the rate by an amount that depends on the
 * window's length, which varies from run to run with the time budget.
 */
function windowRateMargin(cycles, values, ratePerCycle) {
    const spread = rateMargin(cycles, values);
    if (spread === null)
        return null;
    const last = Math.min(cycles.length, values.length) - 1;
    const laterMean = (values[last] - values[1]) / Math.max(1, cycles[last] - cycles[1]);
    return Math.max(spread, Math.abs(ratePerCycle - laterMean));
}
/** Everything that keeps growing in one run, and which kind of leak it adds up to. */
function analyseGrowth(run) {
    const { thresholds } = run.settings;
    const signals = untracedSignals(run.samples, run.checkpoints);
    const window = run.window;
    const traced = window && window.checkpointCycles.length >= 3 ? trend(window.checkpointCycles, window.tracedBytes) : null;
    const tracedRate = traced ? traced.slopePerX : null;
    const tracedRateError = window ? rateMargin(window.checkpointCycles, window.tracedBytes) : null;
    // A signal that leaks in the measured phase counts only if it continued through the extension, when one ran.
    const extended = extensionRan(run.checkpoints);
    const confirmations = extended
        ? confirmSignals(run.samples, run.checkpoints, suspectsOf(suspicion(run.settings, signals)))
        : new Map();
    const released = [];
    const confirmedLeak = (leaks, suspect) => {
        const c = confirmations.get(signalKey(suspect));
        if (!leaks || c === undefined || c.continued)
            return leaks;
        released.push(c);
        return false;
    };
    const measuredBlocksLeak = signals.blocks !== null && isLeaking(signals.blocks, BLOCKS_PER_OBJECT * thresholds.minObjectsPerCycle, thresholds.alpha);
    const blocksLeak = confirmedLeak(measuredBlocksLeak, { signal: 'blocks', type: null });
    const leakingTypes = signals.types
        .filter((t) => confirmedLeak(isLeaking(t.trend, thresholds.minObjectsPerCycle, thresholds.alpha), { signal: 'type', type: t.type }))
        .sort((a, b) => b.trend.slopePerX - a.trend.slopePerX);
    const heapMeasured = signals.heap !== null && isLeaking(signals.heap, thresholds.minBytesPerCycle, thresholds.alpha);
    const heapLeak = confirmedLeak(heapMeasured, { signal: 'heap', type: null });
    // The heap alone drifts by a few hundred bytes a cycle in clean code (malloc's caches filling,
    // seen at 150-400 B on CPython 3.9-3.13): a native verdict from it needs a quarter of the RSS minimum.
    const nativeHeapLeak = heapLeak && isLeaking(signals.heap, thresholds.minRssBytesPerCycle / NATIVE_HEAP_DIVISOR, thresholds.alpha);
    const rssLeak = confirmedLeak(signals.rss !== null && isLeaking(signals.rss, thresholds.minRssBytesPerCycle, thresholds.alpha), {
        signal: 'rss',
        type: null,
    });
    const fdLeak = confirmedLeak(signals.fds !== null && isLeaking(signals.fds, thresholds.minFdsPerCycle, thresholds.alpha), { signal: 'fds', type: null });
    const tracedLeak = traced !== null &&
        tracedRate !== null &&
        tracedRate >= thresholds.minBytesPerCycle &&
        traced.pIncreasing < Math.max(thresholds.alpha, 0.05) &&
        traced.tailSlopePerX >= TAIL_SHARE * tracedRate;
    // Memory growth outside pymalloc's small blocks: big Python objects, or native memory.
    const memoryRate = heapLeak ? signals.heap.slopePerX : rssLeak ? signals.rss.slopePerX : null;
    const tracedExplainsMemory = tracedLeak && (memoryRate === null || tracedRate >= PYTHON_SHARE_OF_MEMORY * memoryRate);
    const typeRetention = namedValues(window?.typeRetention);
    const typeRoots = namedValues(window?.typeRetainedByRoot);
    const sites = withConstructedTypes(window ? growingSites(window) : [], leakingTypes.map((t) => t.type), (type) => (typeRetention.get(type) ? { retainedBy: typeRetention.get(type), retainedByRoot: typeRoots.get(type) ?? null } : null));
    // Blocks alone are weak evidence: untracked small objects (ints, strings, tuples) and the
    // runtime's own slow warm-up (seen with asyncio on 3.10+) both move them. They count when the
    // traced window finds a growing allocation made by the scenario's code (or on a stack cut by
    // --frames, which may hide it); not when it finds nothing, or only the runtime's allocations.
    const scenarioSites = sites.filter((site) => site.userCode || !site.stackComplete);
    const blocksCount = blocksLeak && (window === null || scenarioSites.length > 0);
    const pythonLeak = blocksCount || leakingTypes.length > 0 || tracedExplainsMemory;
    const nativeLeak = memoryRate !== null && !tracedExplainsMemory && (rssLeak || nativeHeapLeak);
    const reasons = [];
    if (fdLeak)
        reasons.push({ code: 'fds-grow', fdsPerCycle: signals.fds.slopePerX });
    if (tracedLeak)
        reasons.push({ code: 'traced-grows', bytesPerCycle: tracedRate });
    if (blocksCount)
        reasons.push({ code: 'blocks-grow', blocksPerCycle: signals.blocks.slopePerX });
    const notes = [];
    if (blocksLeak && !blocksCount) {
        const where = new Map(sites.map((site) => [`${site.file}:${site.line}`, { file: site.file, line: site.line }]));
        notes.push({ code: 'blocks-not-counted', blocksPerCycle: signals.blocks.slopePerX, runtimeSites: [...where.values()].slice(0, 3) });
    }
    for (const t of leakingTypes.slice(0, 3))
        reasons.push({ code: 'type-grows', type: t.type, objectsPerCycle: t.trend.slopePerX });
    if (nativeLeak && !pythonLeak) {
        // Named by RSS when RSS leaks, with the rate the verdict used (the heap's when both leak).
        reasons.push({ code: 'native-grows', signal: rssLeak ? 'rss' : 'heap', bytesPerCycle: memoryRate, traced: window !== null });
    }
    else if (memoryRate !== null && !tracedLeak && pythonLeak) {
        // Python objects leak, and memory grows with them: say so without calling it native.
        reasons.push({ code: 'memory-grows', signal: rssLeak && !heapLeak ? 'rss' : 'heap', bytesPerCycle: memoryRate });
    }
    for (const c of released.slice(0, 4)) {
        notes.push({
            code: 'growth-released',
            signal: c.signal,
            type: c.type,
            perCycle: c.measuredPerCycle,
            measuredCycles: run.settings.cycles,
            extensionCycles: run.extension?.cycles ?? c.extensionCycles,
            fellBack: c.lowestChange < -c.noise,
        });
    }
    if (run.frozenObjects > 0)
        notes.push({ code: 'objects-frozen', objects: run.frozenObjects });
    if (!pythonLeak && !nativeLeak && heapLeak && !rssLeak) {
        notes.push({
            code: 'heap-below-native',
            bytesPerCycle: signals.heap.slopePerX,
            nativeMinimumBytesPerCycle: thresholds.minRssBytesPerCycle / NATIVE_HEAP_DIVISOR,
        });
    }
    const kind = fdLeak ? 'fd' : pythonLeak ? 'python' : nativeLeak ? 'native' : null;
    const typeFrames = namedValues(window?.typeFrames);
    // A type with no path of its own (only the fastest growing get one) takes the path of a site that leaks it.
    const siteOfType = (type) => sites.find((site) => site.objectType === type && site.retainedBy !== null && site.retainedBy !== undefined);
    const censusTypes = leakingTypes.map((t) => ({
        type: t.type,
        perCycle: t.trend.slopePerX,
        perCycleMargin: trendMargin(t.trend),
        count: t.count,
        retainedBy: typeRetention.get(t.type) ?? siteOfType(t.type)?.retainedBy ?? null,
        retainedByRoot: typeRoots.get(t.type) ?? (typeRetention.has(t.type) ? null : (siteOfType(t.type)?.retainedByRoot ?? null)),
        frames: typeFrames.get(t.type)?.length ? typeFrames.get(t.type) : (siteOfType(t.type)?.frames ?? []),
    }));
    const untracked = untrackedTypes(sites, new Set(leakingTypes.map((t) => t.type)), window ? liveBlocksBySite(window) : new Map());
    const types = rankByOwnership([...censusTypes, ...untracked], namedValues(window?.typePathTypes), namedValues(window?.typeReferents)).slice(0, MAX_TYPES_REPORTED);
    return {
        growth: {
            tracedBytesPerCycle: tracedRate,
            tracedBytesPerCycleMargin: tracedRateError,
            rssBytesPerCycle: signals.rss ? signals.rss.slopePerX : null,
            blocksPerCycle: signals.blocks ? signals.blocks.slopePerX : null,
            fdsPerCycle: signals.fds ? signals.fds.slopePerX : null,
            heapBytesPerCycle: signals.heap ? signals.heap.slopePerX : null,
            rssBytesPerCycleMargin: trendMargin(signals.rss),
            blocksPerCycleMargin: trendMargin(signals.blocks),
            fdsPerCycleMargin: trendMargin(signals.fds),
            heapBytesPerCycleMargin: trendMargin(signals.heap),
        },
        kind,
        reasons,
        notes,
        sites,
        types,
        fdTargets: fdLeak ? fdTargetGrowth(run.checkpoints) : [],
        fdOwners: fdLeak && window ? fdOwnersOf(window) : [],
        confirmation: confirmationOf(run.settings, run.extension, [...confirmations.values()]),
        nativeLead: kind === 'native' ? nativeLeadOf(run.native) : null,
    };
}
/**
 * A user site whose objects gave the retention search no sample (on Python 3.11 the tracer cannot
 * place instances whose __dict__ the interpreter manages) names the growing type its line
 * constructs, the fastest first: `record = Record(n)` leaks `leak_threads.Record`; with no path
 * of its own, it takes the type's (`holderOf`).
 */
function withConstructedTypes(sites, growingTypes, holderOf = () => null) {
    return sites.map((site) => {
        if (site.objectType != null || !site.userCode || !site.code)
            return site;
        const constructed = growingTypes.find((type) => {
            const short = type.slice(type.lastIndexOf('.') + 1).replace(/[^\w]/g, '');
            return short.length > 0 && new RegExp(`(^|\\W)${short}\\s*\\(`).test(site.code);
        });
        if (constructed === undefined)
            return site;
        const holder = site.retainedBy && site.retainedBy !== NO_PATH_FOUND ? null : holderOf(constructed);
        return { ...site, objectType: constructed, objectTracked: true, ...(holder ?? {}) };
    });
}
/**
 * Growing allocation sites of the traced window, grouped by their first frame in user
 * code (the line a reviewer can change), largest growth first. A site counts when it
 * grew over the window and was still growing in its second half.
 */
function growingSites(window) {
    const cycles = window.checkpointCycles;
    if (cycles.length < 2)
        return [];
    const spanCycles = cycles[cycles.length - 1] - cycles[0];
    if (spanCycles <= 0)
        return [];
    const middle = Math.floor((cycles.length - 1) / 2);
    // Each group's summed series, for the margins of its rates.
    const groups = new Map();
    for (const site of window.sites) {
        const last = site.bytes.length - 1;
        const grownBytes = site.bytes[last] - site.bytes[0];
        const grownCount = site.counts[last] - site.counts[0];
        if (grownBytes <= 0 || grownCount <= 0 || site.bytes[last] <= site.bytes[middle] || site.frames.length === 0)
            continue;
        const anchor = anchorOf(site.frames);
        const key = `${anchor.file}:${anchor.line}`;
        const existing = groups.get(key);
        const bytesPerCycle = grownBytes / spanCycles;
        const countPerCycle = grownCount / spanCycles;
        if (existing) {
            existing.bytesPerCycle += bytesPerCycle;
            existing.countPerCycle += countPerCycle;
            site.bytes.forEach((v, i) => {
                existing.bytesSeries[i] = (existing.bytesSeries[i] ?? 0) + v;
            });
            site.counts.forEach((v, i) => {
                existing.countSeries[i] = (existing.countSeries[i] ?? 0) + v;
            });
            if (grownBytes > existing.largestBytes) {
                existing.largestBytes = grownBytes;
                existing.frames = site.frames;
            }
            if (existing.retainedBy === null && site.retainedBy !== undefined)
                existing.retainedByRoot = site.retainedByRoot ?? null;
            existing.retainedBy ??= site.retainedBy ?? null;
            if (existing.objectType == null && site.objectType != null) {
                existing.objectType = site.objectType;
                existing.objectTracked = site.objectTracked ?? null;
                existing.objectBytes = site.objectBytes ?? null;
            }
        }
        else {
            groups.set(key, {
                ...anchor,
                stackComplete: site.complete,
                bytesPerCycle,
                countPerCycle,
                retainedBy: site.retainedBy ?? null,
                retainedByRoot: site.retainedByRoot ?? null,
                ...(site.objectType != null ? { objectType: site.objectType, objectTracked: site.objectTracked ?? null, objectBytes: site.objectBytes ?? null } : {}),
                frames: site.frames,
                largestBytes: grownBytes,
                bytesSeries: [...site.bytes],
                countSeries: [...site.counts],
            });
        }
    }
    // Sites with a frame in user code first (issue 15): one with none (a library's thread, a worker
    // pool) is not the line to change, however fast it grows.
    return [...groups.values()]
        .sort((a, b) => Number(b.userCode) - Number(a.userCode) || b.bytesPerCycle - a.bytesPerCycle)
        .slice(0, MAX_SITES_REPORTED)
        .map(({ largestBytes: _largest, bytesSeries, countSeries, ...site }) => ({
        ...site,
        bytesPerCycleMargin: windowRateMargin(cycles, bytesSeries, site.bytesPerCycle),
        countPerCycleMargin: windowRateMargin(cycles, countSeries, site.countPerCycle),
    }));
}
/** The frame a site is grouped and shown by: its first in user code, else its innermost. */
function anchorOf(frames) {
    return frames.find((frame) => frame.userCode) ?? frames[0];
}
/** Live blocks at the end of the traced window by site (`file:line` of its anchor frame). */
function liveBlocksBySite(window) {
    const blocks = new Map();
    for (const site of window.sites) {
        if (site.frames.length === 0 || site.counts.length === 0)
            continue;
        const anchor = anchorOf(site.frames);
        const key = `${anchor.file}:${anchor.line}`;
        blocks.set(key, (blocks.get(key) ?? 0) + site.counts[site.counts.length - 1]);
    }
    return blocks;
}
/** What the descriptors opened during the measured phase point at. */
function fdTargetGrowth(checkpoints) {
    const withTargets = checkpoints.filter((c) => c.phase === 'measure' && c.fdTargets);
    if (withTargets.length < 2)
        return [];
    const first = namedValues(withTargets[0].fdTargets);
    const last = namedValues(withTargets[withTargets.length - 1].fdTargets);
    return [...last]
        .map(([target, count]) => ({ target, growth: count - (first.get(target) ?? 0) }))
        .filter((t) => t.growth > 0)
        .sort((a, b) => b.growth - a.growth)
        .slice(0, 5);
}
/** The owners of the descriptors the traced window opened, with their rate per traced cycle. */
function fdOwnersOf(window) {
    const cycles = Math.max(1, window.cycles);
    return (window.fdOwners ?? []).map((o) => ({ ...o, perCycle: o.count / cycles }));
}

/**
 * compareWithBaseline: each scenario, site and type of this run against the baseline of the
 * default branch — new, worse, unchanged, improved or fixed — all per cycle, so runs of
 * different lengths compare. Pure.
 *
 * Every rate is compared with the uncertainty both runs measured (issue 13):
 *
 *   worse     when current − baseline > max(relative × baseline, floor) + √(margin_c² + margin_b²)
 *   improved  when baseline − current > max(relative × current, floor) + √(margin_c² + margin_b²)
 *
 * so "improved" is "worse" with the runs swapped. The floor is the signal's detection threshold
 * (--min-bytes-per-cycle and the like; the configured absolute tolerance when larger): a change
 * that would not itself be called a leak is not a regression. The margins are the 95% half-widths
 * each run measured; a deterministic leak has none, so a leak that doubles is always worse.
 *
 * Sites are matched by what survives unrelated edits: the file, the function and the source
 * line's text; the line number only breaks ties. A line whose text changed is matched to the
 * nearest line of the same function with similar text. Types are matched by qualified name.
 */
/** A rate of one run compared with the baseline's, under the rule of this module's header. */
function compareRate(signal, current, baseline, rule) {
    const margin = Math.hypot(current.margin, baseline.margin);
    const relative = rule.relativePercent / 100;
    const allowanceUp = Math.max(relative * Math.abs(baseline.value), rule.floorPerCycle) + margin;
    const allowanceDown = Math.max(relative * Math.abs(current.value), rule.floorPerCycle) + margin;
    const change = current.value - baseline.value;
    const cls = change > allowanceUp ? 'worse' : -change > allowanceDown ? 'improved' : 'unchanged';
    const ratio = baseline.value > 0 ? current.value / baseline.value : null;
    // First-order propagation: σ(c/b) = √(σc² + (c/b)²σb²) / b.
    const ratioMargin = ratio === null ? null : Math.hypot(current.margin, ratio * baseline.margin) / baseline.value;
    return {
        signal,
        unit: rule.unit,
        class: cls,
        current: current.value,
        currentMargin: current.margin,
        baseline: baseline.value,
        baselineMargin: baseline.margin,
        ratio,
        ratioMargin,
        relativePercent: rule.relativePercent,
        floorPerCycle: rule.floorPerCycle,
        allowancePerCycle: change >= 0 ? allowanceUp : allowanceDown,
    };
}
/** The floors of each signal: the thresholds the verdict calls a leak by, or the absolute tolerance when larger. */
function floorsOf(thresholds, tolerance) {
    const bytes = (threshold) => Math.max(threshold, tolerance.bytesPerCycle);
    const objects = (threshold) => Math.max(threshold, tolerance.objectsPerCycle);
    return {
        tracedBytesPerCycle: bytes(thresholds.minBytesPerCycle),
        heapBytesPerCycle: bytes(thresholds.minRssBytesPerCycle / NATIVE_HEAP_DIVISOR),
        rssBytesPerCycle: bytes(thresholds.minRssBytesPerCycle),
        blocksPerCycle: objects(BLOCKS_PER_OBJECT * thresholds.minObjectsPerCycle),
        fdsPerCycle: objects(thresholds.minFdsPerCycle),
        siteBytesPerCycle: bytes(thresholds.minBytesPerCycle),
        objectsPerCycle: objects(thresholds.minObjectsPerCycle),
    };
}
const MARGIN_KEY = {
    tracedBytesPerCycle: 'tracedBytesPerCycleMargin',
    rssBytesPerCycle: 'rssBytesPerCycleMargin',
    blocksPerCycle: 'blocksPerCycleMargin',
    fdsPerCycle: 'fdsPerCycleMargin',
    heapBytesPerCycle: 'heapBytesPerCycleMargin',
};
const UNIT = {
    tracedBytesPerCycle: 'bytes',
    rssBytesPerCycle: 'bytes',
    heapBytesPerCycle: 'bytes',
    blocksPerCycle: 'blocks',
    fdsPerCycle: 'descriptors',
};
/** The signals a leak of each kind is judged by, the first one deciding "improved". */
const KIND_SIGNALS = {
    python: ['tracedBytesPerCycle', 'blocksPerCycle'],
    native: ['heapBytesPerCycle', 'rssBytesPerCycle'],
    fd: ['fdsPerCycle'],
};
const measured = (value, margin) => ({ value, margin: margin ?? 0 });
/**
 * A site's rate from the traced window. Its margin is unknown when the window had too few
 * snapshots (or the baseline predates margins): the rate is then taken as uncertain by its whole
 * size, so that a site alone cannot flip a known leak; the scenario's own signals still judge it.
 */
const windowRate = (value, margin) => ({ value, margin: margin ?? Math.abs(value) });
function growthSignals(keys, current, baseline, relativePercent, floors) {
    const rows = [];
    for (const key of keys) {
        const c = current[key];
        const b = baseline[key];
        if (c === null || b === null)
            continue;
        const marginKey = MARGIN_KEY[key];
        rows.push(compareRate(key, measured(c, current[marginKey]), measured(b, baseline[marginKey]), { unit: UNIT[key], relativePercent, floorPerCycle: floors[key] }));
    }
    return rows;
}
/** Lines within one function that are this similar (1 − edit distance / length) are one edited line. */
const SIMILAR_TEXT = 0.6;
/** Source lines are at most 200 characters in reports; longer text is compared by its start. */
const COMPARED_CHARS = 200;
/** 1 for equal text, 0 for nothing in common: one minus the Levenshtein distance over the longer length. */
function textSimilarity(a, b) {
    const x = a.trim().slice(0, COMPARED_CHARS);
    const y = b.trim().slice(0, COMPARED_CHARS);
    if (x === y)
        return 1;
    if (x.length === 0 || y.length === 0)
        return 0;
    let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
    for (let i = 1; i <= x.length; i++) {
        const row = [i];
        for (let j = 1; j <= y.length; j++)
            row.push(Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1)));
        previous = row;
    }
    return 1 - previous[y.length] / Math.max(x.length, y.length);
}
/**
 * Match current sites to baseline sites: first by (file, function, code), nearest line first;
 * then a line whose text changed, to the nearest unmatched line of the same file and function
 * with similar text (an edited leak line is one site, not a fixed one and a new one).
 */
function matchSites(current, baseline) {
    const key = (s) => `${s.file}\u0000${s.function}\u0000${s.code}`;
    const pool = new Map();
    for (const site of baseline)
        pool.set(key(site), [...(pool.get(key(site)) ?? []), site]);
    const matches = new Map();
    for (const site of current) {
        const candidates = pool.get(key(site));
        if (!candidates || candidates.length === 0)
            continue;
        candidates.sort((a, b) => Math.abs(a.line - site.line) - Math.abs(b.line - site.line));
        const [best] = candidates.splice(0, 1);
        matches.set(site, best);
    }
    const taken = new Set(matches.values());
    for (const site of current) {
        if (matches.has(site))
            continue;
        let best = null;
        for (const old of baseline) {
            if (taken.has(old) || old.file !== site.file || old.function !== site.function)
                continue;
            const similarity = textSimilarity(site.code, old.code);
            if (similarity < SIMILAR_TEXT)
                continue;
            const distance = Math.abs(old.line - site.line);
            if (!best || distance < best.distance || (distance === best.distance && similarity > best.similarity))
                best = { old, distance, similarity };
        }
        if (best) {
            matches.set(site, best.old);
            taken.add(best.old);
        }
    }
    return matches;
}
/** A site or type missing from a full baseline list, below its smallest entry, may only have been cut from it. */
function mayHaveBeenCut(rate, listed, cap) {
    return listed.length >= cap && rate <= Math.min(...listed);
}
function compareSites(current, base, relativePercent, floors) {
    const matches = matchSites(current.sites, base.sites);
    const matched = new Set(matches.values());
    const signals = [];
    const newLeaks = [];
    // The verdict counts growth in the scenario's own code (or on a stack cut by --frames), not the runtime's.
    const scenarioCode = (site) => site.userCode || !site.stackComplete;
    const rows = current.sites.map((site) => {
        const old = matches.get(site);
        const where = `${site.file}:${site.line}`;
        let cls;
        if (old) {
            const bytes = compareRate(`site-bytes:${where}`, windowRate(site.bytesPerCycle, site.bytesPerCycleMargin), windowRate(old.bytesPerCycle, old.bytesPerCycleMargin), { unit: 'bytes', relativePercent, floorPerCycle: floors.siteBytesPerCycle });
            const count = compareRate(`site-count:${where}`, windowRate(site.countPerCycle, site.countPerCycleMargin), windowRate(old.countPerCycle, old.countPerCycleMargin), { unit: 'blocks', relativePercent, floorPerCycle: floors.objectsPerCycle });
            cls = bytes.class === 'worse' || count.class === 'worse' ? 'worse' : bytes.class === 'improved' ? 'improved' : 'unchanged';
            if (scenarioCode(site))
                signals.push(bytes, count);
        }
        else {
            cls = 'new';
            const steady = site.bytesPerCycle - (site.bytesPerCycleMargin ?? 0) > 0;
            const cut = mayHaveBeenCut(site.bytesPerCycle, base.sites.map((s) => s.bytesPerCycle), MAX_SITES_REPORTED);
            if (scenarioCode(site) && steady && !cut && site.bytesPerCycle >= floors.siteBytesPerCycle)
                newLeaks.push({ what: 'site', file: site.file, line: site.line, bytesPerCycle: site.bytesPerCycle });
        }
        const moved = old !== undefined && (old.line !== site.line || old.code !== site.code);
        return {
            class: cls,
            file: site.file,
            line: site.line,
            function: site.function,
            code: site.code,
            bytesPerCycle: site.bytesPerCycle,
            baselineBytesPerCycle: old?.bytesPerCycle ?? null,
            countPerCycle: site.countPerCycle,
            baselineCountPerCycle: old?.countPerCycle ?? null,
            baselineLine: moved ? old.line : null,
            baselineCode: old !== undefined && old.code !== site.code ? old.code : null,
        };
    });
    for (const old of base.sites) {
        if (!matched.has(old))
            rows.push({
                class: 'fixed',
                file: old.file,
                line: old.line,
                function: old.function,
                code: old.code,
                bytesPerCycle: null,
                baselineBytesPerCycle: old.bytesPerCycle,
                countPerCycle: null,
                baselineCountPerCycle: old.countPerCycle,
                baselineLine: null,
                baselineCode: null,
            });
    }
    return { rows, signals, newLeaks };
}
function compareTypes(current, base, relativePercent, floors) {
    const old = new Map(base.types.map((t) => [t.type, t]));
    const signals = [];
    const newLeaks = [];
    const rows = current.types.map((t) => {
        const before = old.get(t.type);
        if (!before) {
            // Every reported type is one the verdict calls leaking; it fails here when above the floor.
            const cut = mayHaveBeenCut(t.perCycle, base.types.map((b) => b.perCycle), MAX_TYPES_REPORTED);
            if (!cut && t.perCycle >= floors.objectsPerCycle)
                newLeaks.push({ what: 'type', type: t.type, objectsPerCycle: t.perCycle });
            return { class: 'new', type: t.type, perCycle: t.perCycle, baselinePerCycle: null };
        }
        const signal = compareRate(`type:${t.type}`, measured(t.perCycle, t.perCycleMargin), measured(before.perCycle, before.perCycleMargin), {
            unit: 'objects',
            relativePercent,
            floorPerCycle: floors.objectsPerCycle,
        });
        signals.push(signal);
        return { class: signal.class, type: t.type, perCycle: t.perCycle, baselinePerCycle: before.perCycle };
    });
    const now = new Set(current.types.map((t) => t.type));
    for (const t of base.types)
        if (!now.has(t.type))
            rows.push({ class: 'fixed', type: t.type, perCycle: null, baselinePerCycle: t.perCycle });
    return { rows, signals, newLeaks };
}
/** Caveats that make a comparison less exact, but do not stop it. */
function caveatsOf(current, base, baseline) {
    const caveats = [];
    const minor = (v) => (v ? v.split('.').slice(0, 2).join('.') : null);
    const env = baseline.environment;
    if (current.environment.python && env.python && minor(current.environment.python) !== minor(env.python)) {
        caveats.push({ code: 'python-version', baseline: env.python, current: current.environment.python });
    }
    if (current.environment.implementation && env.implementation && current.environment.implementation !== env.implementation) {
        caveats.push({ code: 'implementation', baseline: env.implementation, current: current.environment.implementation });
    }
    if (current.environment.platform && env.platform && current.environment.platform !== env.platform) {
        caveats.push({ code: 'platform', baseline: env.platform, current: current.environment.platform });
    }
    const s = base.settings;
    if (s.cycles !== current.cycles || s.warmup !== current.warmup) {
        caveats.push({ code: 'run-length', baseline: { cycles: s.cycles, warmup: s.warmup }, current: { cycles: current.cycles, warmup: current.warmup } });
    }
    if (s.frames !== current.frames)
        caveats.push({ code: 'frames', baseline: s.frames, current: current.frames });
    return caveats;
}
/**
 * Compare one measured scenario with its baseline entry (or its absence). `thresholds` are the
 * scenario's detection thresholds: they are the floors of "worse" and the bar a new site or type
 * must pass to fail a known leak.
 */
function compareScenario(current, base, baseline, tolerance, thresholds = DEFAULT_THRESHOLDS) {
    if (!base) {
        return { class: 'no-baseline', reason: { code: 'not-in-baseline' }, baseline: null, sites: [], types: [], caveats: [] };
    }
    const floors = floorsOf(thresholds, tolerance);
    const relative = tolerance.relativePercent;
    const sites = compareSites(current, base, relative, floors);
    const types = compareTypes(current, base, relative, floors);
    const caveats = caveatsOf(current, base, baseline);
    const summary = {
        verdict: base.verdict,
        kind: base.leak.kind,
        cycles: base.settings.cycles,
        warmup: base.settings.warmup,
        growth: base.growth,
        series: base.series,
    };
    const result = (cls, reason, signals) => ({
        class: cls,
        reason,
        baseline: summary,
        sites: sites.rows,
        types: types.rows,
        caveats,
        ...(signals ? { signals } : {}),
    });
    const leaksNow = current.leak.detected;
    const leakedBefore = base.leak.detected;
    if (!leaksNow && !leakedBefore)
        return result('clean', { code: 'clean' });
    // A leak that a suppression or a known library leak now explains was not fixed: it is no longer counted.
    if (!leaksNow && (current.explanation?.explained.length ?? 0) > 0)
        return result('clean', { code: 'explained', baselineKind: base.leak.kind });
    if (!leaksNow)
        return result('fixed', { code: 'fixed', baselineKind: base.leak.kind });
    if (!leakedBefore)
        return result('new', { code: 'new-leak', kind: current.leak.kind });
    if (current.leak.kind !== base.leak.kind)
        return result('new', { code: 'new-kind', kind: current.leak.kind, baselineKind: base.leak.kind });
    // The rate the words lead with and "improved" is judged by: the kind's first rate that the
    // baseline grew by at least its floor (a leak of 88 B every fifth cycle has a traced slope near 0,
    // and grows in blocks), else the first that grew at all.
    const kindRates = growthSignals(KIND_SIGNALS[current.leak.kind], current.growth, base.growth, relative, floors);
    const leading = kindRates.find((s) => s.baseline >= s.floorPerCycle && s.baseline > 0) ?? kindRates.find((s) => s.baseline > 0) ?? kindRates[0];
    const kindSignals = leading ? [leading, ...kindRates.filter((s) => s !== leading)] : [];
    const signals = [...kindSignals, ...types.signals, ...sites.signals];
    const primary = kindSignals[0] ?? null;
    const worse = signals.find((s) => s.class === 'worse');
    const explained = explainedNames(current);
    const newLeaks = [...sites.newLeaks, ...types.newLeaks].filter((g) => !explained.has(g.what === 'site' ? `${g.file}:${g.line}` : g.type));
    if (worse)
        return result('worse', { code: 'worse-rate', signal: worse }, signals);
    if (newLeaks.length > 0)
        return result('worse', { code: 'new-growth', primary, growth: newLeaks[0] }, signals);
    if (primary?.class === 'improved')
        return result('improved', { code: 'improved', signal: primary }, signals);
    return result('unchanged', { code: 'unchanged', primary }, signals);
}
/** The sites (file:line) and types that known library leaks and ignore entries explain. */
function explainedNames(current) {
    const names = new Set();
    for (const known of current.explanation?.knownLeaks ?? [])
        for (const name of [...known.types, ...known.sites])
            names.add(name);
    for (const entry of current.explanation?.suppressed ?? [])
        names.add(entry.name);
    return names;
}
/**
 * Compare every scenario measured; `gone` names the baseline's scenarios this run did not run.
 * `thresholds` gives each scenario's detection thresholds by name (the defaults when absent).
 */
function compareWithBaseline(results, baseline, tolerance, thresholds = new Map()) {
    const byName = new Map(baseline.scenarios.map((s) => [s.name, s]));
    const comparisons = new Map();
    for (const result of results) {
        if (result.error !== null)
            continue;
        comparisons.set(result.name, compareScenario(result, byName.get(result.name), baseline, tolerance, thresholds.get(result.name) ?? DEFAULT_THRESHOLDS));
    }
    const running = new Set(results.map((r) => r.name));
    const gone = baseline.scenarios.filter((s) => !running.has(s.name)).map((s) => s.name);
    return { comparisons, gone };
}

const FAILING = new Set(['new', 'worse']);
const SEVERITY = { pass: 0, fail: 1, error: 2 };
/** One scenario's status under the policy as applied. */
function scenarioStatus(scenario, applied, failOnKnownLeaks) {
    if (!scenario.measured)
        return 'error';
    if (applied === 'never')
        return 'pass';
    if (!scenario.leaking && scenario.knownLibraryLeak)
        return failOnKnownLeaks ? 'fail' : 'pass';
    if (applied === 'leak' || scenario.comparison === null || scenario.comparison === 'no-baseline')
        return scenario.leaking ? 'fail' : 'pass';
    return FAILING.has(scenario.comparison) ? 'fail' : 'pass';
}
/** The verdict of a run: every scenario's status, the worst of them, the gate as applied, and why. */
function decide(input) {
    const { failOn } = input.policy;
    const noBaseline = failOn === 'regression' && !input.compared;
    const applied = noBaseline ? 'leak' : failOn;
    const reasons = noBaseline ? [{ code: 'no-usable-baseline' }] : failOn === 'never' ? [{ code: 'fail-on-never' }] : [];
    const judged = input.scenarios.map((scenario) => ({
        name: scenario.name,
        status: scenarioStatus(scenario, applied, input.policy.failOnKnownLeaks ?? false),
    }));
    const worst = judged.reduce((status, s) => (SEVERITY[s.status] > SEVERITY[status] ? s.status : status), 'pass');
    // Worst 'fail' means no scenario is an error: accepting passes every failing one.
    if (worst === 'fail' && input.acceptedBy !== null) {
        return {
            status: 'pass',
            scenarios: judged.map((s) => ({ name: s.name, status: s.status === 'fail' ? 'pass' : s.status })),
            gate: { failOn, applied, acceptedBy: input.acceptedBy },
            reasons: [{ code: 'accepted', label: input.acceptedBy }, ...reasons],
        };
    }
    return { status: worst, scenarios: judged, gate: { failOn, applied, acceptedBy: null }, reasons };
}

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
const KNOWN_LEAKS_VERSION = 1;
const KNOWN_LEAKS = [
    {
        id: 'django-test-client-signal-finalizers',
        library: 'Django',
        package: 'django',
        title: "Django's test client",
        versions: {
            range: 'Django versions whose Signal.connect(weak=True) registers a weakref.finalize on every call (3.2 does; ' +
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
        explanation: "Django's Signal.connect(weak=True) registers a weakref.finalize on the receiver on every call, even when it is already " +
            "connected, and disconnect() never removes it. The test client's handler disconnects and reconnects " +
            'django.db.close_old_connections (a module-level function that never dies) on every request, and Client.request connects ' +
            'its own store_exc_info: those finalizers can never fire, so weakref.finalize._registry grows by 2 per request with a fresh ' +
            'Client, 3 with a reused one. The growth is in the test client; a real WSGI server does not do this.',
        workaround: 'call the application through its WSGI handler instead of django.test.Client: ' +
            'handler = django.core.handlers.wsgi.WSGIHandler() (or django.core.wsgi.get_wsgi_application()), then ' +
            'b"".join(handler(environ, start_response)); or build requests with RequestFactory and run them with ' +
            'WSGIHandler().get_response(request). Reusing one Client does not help.',
        link: 'https://code.djangoproject.com/ticket/36939',
        linkKind: 'issue',
        example: 'examples/django_test_client/leaky_client.py',
    },
];

/** `path` names `file` when it is the whole file or its end after a `/` (`app/cache.py` names `/repo/app/cache.py`, not `/repo/myapp/cache.py`). */
function pathMatches(file, path) {
    const normal = file.replace(/\\/g, '/');
    const wanted = path.replace(/\\/g, '/').replace(/^\.\//, '');
    return wanted !== '' && (normal === wanted || normal.endsWith(`/${wanted}`));
}
/** `name` names a function when it is its qualified name or that name's last parts (`connect`, `Signal.connect`). */
function functionMatches(qualname, name) {
    return qualname === name || qualname.endsWith(`.${name}`);
}
/** A `path:function` or `path:line` pattern, split at its last colon; null when it has no colon or an empty side. */
function parseFramePattern(pattern) {
    const colon = pattern.lastIndexOf(':');
    if (colon <= 0 || colon === pattern.length - 1)
        return null;
    const path = pattern.slice(0, colon).trim();
    const what = pattern.slice(colon + 1).trim();
    if (/^\d+$/.test(what))
        return { path, line: Number(what), function: null };
    return { path, line: null, function: what };
}
/** True when the frame is where the pattern points. */
function frameMatches(frame, pattern) {
    const parsed = parseFramePattern(pattern);
    if (!parsed || !pathMatches(frame.file, parsed.path))
        return false;
    return parsed.line !== null ? frame.line === parsed.line : functionMatches(frame.function, parsed.function);
}
/** True when some frame of the stack matches the pattern. */
function stackMatches(frames, pattern) {
    return frames.some((frame) => frameMatches(frame, pattern));
}
/** True when every group of patterns has a frame of the stack matching one of its patterns (and there is a group). */
function stackMatchesGroups(frames, groups) {
    return groups.length > 0 && frames.length > 0 && groups.every((group) => group.some((pattern) => stackMatches(frames, pattern)));
}
/**
 * True when a retention path (or a root's label) starts with `holder`, ending there or before a
 * character that cannot continue a name: `app._cache` holds `app._cache (dict) → …` and
 * `app._cache.entries`, not `app._cache2`.
 */
function holderMatches(path, holder) {
    if (!path || holder === '' || !path.startsWith(holder))
        return false;
    const next = path.charAt(holder.length);
    return next === '' || !/[\w]/.test(next);
}
/** The module of a file outside user code, from its path: `…/dist-packages/django/dispatch/dispatcher.py` → `django.dispatch.dispatcher`. */
function moduleOfFile(file) {
    const normal = file.replace(/\\/g, '/');
    const packages = normal.match(/\/(?:site|dist)-packages\/(.+)$/);
    const stdlib = normal.match(/\/(?:lib|Lib)\/python3(?:\.\d+)?\/(.+)$/);
    const rest = packages?.[1] ?? stdlib?.[1] ?? null;
    if (rest === null || !rest.endsWith('.py'))
        return null;
    const parts = rest.slice(0, -3).split('/');
    if (parts[parts.length - 1] === '__init__')
        parts.pop();
    return parts.length > 0 && parts.every((p) => /^[A-Za-z_]\w*$/.test(p)) ? parts.join('.') : null;
}

/**
 * explainGrowth: the stage between analyse and compare (issue 14, items 2-4). It takes one
 * scenario's analysis and says what of its growth is explained, and what still stands. Pure.
 *
 * One rule: known library leaks (known-leaks.ts) and the user's suppressions (`ignore`) mark
 * growing types and sites as explained; each leak reason then stands only if what is left
 * unexplained still meets its threshold:
 *  - a type reason stands when its type is not explained (every unexplained growing type counts,
 *    not only the three the analysis named);
 *  - traced bytes stand when the traced rate less the explained sites' rates (less its margin),
 *    or the unexplained sites' rates, still reach --min-bytes-per-cycle;
 *  - blocks stand when the blocks rate less the explained sites' blocks (less its margin) still
 *    reaches the blocks minimum and a growing site of the scenario's code is left unexplained;
 *  - memory growing along with Python objects stands while a Python reason stands, or when what
 *    the explained sites do not account for would be a native leak by itself;
 *  - descriptors and native memory are never explained by types or sites.
 * Weighing, not "every site": a bounded cache in user code shows as a small growing site beside
 * a library's growth (a tracemalloc artefact of replacement, /tmp/r14 FINDINGS §2), and must not
 * keep the library's growth standing.
 *
 * "Inside a library" (item 2) is the same rule with growth allocated and held outside user code
 * as a further explainer: when it explains everything, the growth is the library's, reached from
 * the user's line that called into it.
 */
const framesOf = (item) => item.frames ?? [];
const rootOf = (item) => item.retainedByRoot ?? null;
const heldUnder = (item, holder) => holderMatches(item.retainedBy, holder) || holderMatches(rootOf(item)?.label, holder);
const siteName = (site) => `${site.file}:${site.line}`;
/** The user's line that called into a library: the innermost user frame (frames are innermost first). */
const userFrameOf = (frames) => {
    const frame = frames.find((f) => f.userCode);
    return frame ? { file: frame.file, line: frame.line, function: frame.function } : null;
};
const hasPath = (retainedBy) => retainedBy !== null && !retainedBy.startsWith('no path found');
/** Allocated outside user code (innermost frame) and held outside it (its root; with no root known, nothing found holding it). */
function insideLibrary(item) {
    const frames = framesOf(item);
    if (frames.length === 0 || frames[0].userCode)
        return false;
    const root = rootOf(item);
    return root ? !root.userCode : !hasPath(item.retainedBy);
}
function ignoreMatchesType(entry, t) {
    if (entry.type !== null)
        return entry.type === t.type;
    if (entry.holder !== null)
        return heldUnder(t, entry.holder);
    return entry.site !== null && stackMatches(framesOf(t), entry.site);
}
function ignoreMatchesSite(entry, s) {
    if (entry.site !== null)
        return frameMatches(s, entry.site) || stackMatches(s.frames, entry.site);
    return entry.holder !== null && heldUnder(s, entry.holder);
}
const mark = (marks, item, by) => {
    const list = marks.get(item) ?? [];
    if (!list.some((b) => JSON.stringify(b) === JSON.stringify(by)))
        list.push(by);
    marks.set(item, list);
};
/** Which reasons stand once the marked types and sites are explained (the rule in this file's header). */
function judge(analysis, types, sites, thresholds) {
    const explainedSites = analysis.sites.filter((s) => sites.has(s));
    const openSites = analysis.sites.filter((s) => !sites.has(s));
    const sum = (items, rate) => items.reduce((total, s) => total + rate(s), 0);
    const siteExplainers = dedupe(explainedSites.flatMap((s) => sites.get(s)));
    const g = analysis.growth;
    const python = (r) => r.code === 'traced-grows' || r.code === 'blocks-grow' || r.code === 'type-grows';
    const verdicts = analysis.reasons
        .filter((r) => r.code !== 'type-grows')
        .map((reason) => {
        if (explainedSites.length === 0)
            return { reason, by: null };
        switch (reason.code) {
            case 'traced-grows': {
                const residual = reason.bytesPerCycle - sum(explainedSites, (s) => s.bytesPerCycle) - (g.tracedBytesPerCycleMargin ?? 0);
                const open = sum(openSites, (s) => Math.max(0, s.bytesPerCycle - (s.bytesPerCycleMargin ?? 0)));
                return { reason, by: residual >= thresholds.minBytesPerCycle || open >= thresholds.minBytesPerCycle ? null : siteExplainers };
            }
            case 'blocks-grow': {
                const residual = reason.blocksPerCycle - sum(explainedSites, (s) => s.countPerCycle) - (g.blocksPerCycleMargin ?? 0);
                const openScenarioSite = openSites.some((s) => s.userCode || !s.stackComplete);
                return { reason, by: residual >= BLOCKS_PER_OBJECT * thresholds.minObjectsPerCycle && openScenarioSite ? null : siteExplainers };
            }
            default:
                return { reason, by: null };
        }
    });
    // Every growing type the analysis reported counts, explained or not.
    const typeReasons = analysis.types.map((t) => ({
        reason: { code: 'type-grows', type: t.type, objectsPerCycle: t.perCycle },
        by: types.get(t) ?? null,
    }));
    const standingTypes = typeReasons.filter((v) => v.by === null).slice(0, 3);
    const named = new Set(analysis.reasons.flatMap((r) => (r.code === 'type-grows' ? [r.type] : [])));
    const explainedTypes = typeReasons.filter((v) => v.by !== null && named.has(v.reason.type));
    const before = verdicts.filter((v) => v.reason.code !== 'memory-grows');
    const pythonStands = [...before, ...standingTypes].some((v) => v.by === null && python(v.reason));
    const memory = verdicts
        .filter((v) => v.reason.code === 'memory-grows')
        .map((v) => {
        if (pythonStands || v.reason.code !== 'memory-grows')
            return { reason: v.reason, by: null };
        const nativeMinimum = v.reason.signal === 'rss' ? thresholds.minRssBytesPerCycle : thresholds.minRssBytesPerCycle / 4;
        const residual = v.reason.bytesPerCycle - sum(explainedSites, (s) => s.bytesPerCycle);
        const by = dedupe([...siteExplainers, ...[...types.values()].flat()]);
        return { reason: v.reason, by: residual >= nativeMinimum || by.length === 0 ? null : by };
    });
    // The analysis's order: descriptors, traced, blocks, types, then memory.
    const all = [...before, ...standingTypes, ...explainedTypes, ...memory];
    return {
        standing: all.filter((v) => v.by === null).map((v) => v.reason),
        explained: all.filter((v) => v.by !== null),
    };
}
function dedupe(list) {
    const seen = new Map(list.map((b) => [JSON.stringify(b), b]));
    return [...seen.values()];
}
function kindOf(reasons) {
    if (reasons.some((r) => r.code === 'fds-grow'))
        return 'fd';
    if (reasons.some((r) => r.code !== 'native-grows'))
        return 'python';
    return reasons.length > 0 ? 'native' : null;
}
/** A known leak's match in this analysis, or null when it is not recognised. */
function matchKnown(leak, analysis) {
    // Under load the retention search may find no path for a type (its time bound): its allocation
    // frames alone then place it, as long as nothing else was found holding it.
    const madeThere = (t) => stackMatchesGroups(framesOf(t), leak.frames);
    const listed = analysis.types.filter((t) => leak.types.includes(t.type) && (heldUnder(t, leak.holder) || (!hasPath(t.retainedBy) && madeThere(t))));
    const recognised = listed.filter(madeThere);
    if (recognised.length === 0)
        return null;
    const calledFrom = recognised.map((t) => userFrameOf(framesOf(t))).find((f) => f !== null) ?? null;
    const userLines = new Set(recognised.flatMap((t) => [userFrameOf(framesOf(t))].filter((f) => f !== null).map((f) => `${f.file}:${f.line}`)));
    const inPackage = (s) => s.frames.length > 0 && !s.frames[0].userCode && new RegExp(`(^|/)${leak.package}/`).test(s.frames[0].file.replace(/\\/g, '/'));
    const siteItems = analysis.sites.filter((s) => stackMatchesGroups(s.frames, leak.frames) ||
        heldUnder(s, leak.holder) ||
        (inPackage(s) && userLines.has(siteName(s)) && !(rootOf(s)?.userCode ?? hasPath(s.retainedBy))));
    return { leak, types: listed.map((t) => t.type), sites: siteItems.map(siteName), calledFrom, typeItems: listed, siteItems };
}
/** Growth allocated and held outside user code, when it explains everything left: the library, its module, its holder and the user's line. */
function libraryOf(analysis, types, sites, thresholds) {
    if (analysis.kind === null)
        return null;
    const libraryTypes = analysis.types.filter(insideLibrary);
    const librarySites = analysis.sites.filter(insideLibrary);
    if (libraryTypes.length === 0 && librarySites.length === 0)
        return null;
    const withLibrary = (marks, items) => {
        const all = new Map([...marks].map(([item, by]) => [item, [...by]]));
        for (const item of items)
            mark(all, item, { by: 'ignore', source: 'library' });
        return all;
    };
    if (judge(analysis, withLibrary(types, libraryTypes), withLibrary(sites, librarySites), thresholds).standing.length > 0)
        return null;
    // The largest library type with its allocation frames names it best (its holder and module); else the largest site.
    const type = [...libraryTypes].sort((a, b) => b.perCycle - a.perCycle)[0];
    const site = [...librarySites].sort((a, b) => b.bytesPerCycle - a.bytesPerCycle)[0];
    const frames = type ? framesOf(type) : site.frames;
    // The innermost third-party frame before the user's names the library (a stdlib weakref.py frame
    // under django's Signal.connect is django's doing); with none, the innermost frame.
    const firstUser = frames.findIndex((f) => f.userCode);
    const library = frames.slice(0, firstUser < 0 ? frames.length : firstUser).find((f) => /\/(site|dist)-packages\//.test(f.file.replace(/\\/g, '/')));
    const module = moduleOfFile((library ?? frames[0]).file);
    const packageModule = module?.includes('.') ? module.split('.').slice(0, -1).join('.') : module;
    const holder = type ? (rootOf(type)?.label ?? rootLabelOf(type.retainedBy)) : (rootOf(site)?.label ?? null);
    const calledFrom = userFrameOf(frames) ?? (site?.userCode ? { file: site.file, line: site.line, function: site.function } : null);
    return { library: (packageModule ?? module ?? frames[0].file).split('.')[0], module: packageModule, holder, calledFrom };
}
/** A retention path's root, as its text starts: `weakref.finalize._registry (dict) → …` → `weakref.finalize._registry`. */
function rootLabelOf(retainedBy) {
    if (!hasPath(retainedBy))
        return null;
    const end = retainedBy.search(/ \(| →/);
    return end > 0 ? retainedBy.slice(0, end) : retainedBy;
}
/** One scenario's growth, explained: known library leaks, suppressions, growth inside a library, and the reasons that still stand. */
function explainGrowth(analysis, options) {
    const types = new Map();
    const sites = new Map();
    const suppressed = [];
    const matchedIgnores = [];
    for (const entry of options.ignore ?? []) {
        if (entry.scenario !== null && entry.scenario !== options.scenario)
            continue;
        const by = { by: 'ignore', source: entry.source };
        const matchedTypes = analysis.types.filter((t) => ignoreMatchesType(entry, t));
        const matchedSites = analysis.sites.filter((s) => ignoreMatchesSite(entry, s));
        for (const t of matchedTypes) {
            mark(types, t, by);
            suppressed.push({ entry, what: 'type', name: t.type });
        }
        for (const s of matchedSites) {
            mark(sites, s, by);
            suppressed.push({ entry, what: 'site', name: siteName(s) });
        }
        if (matchedTypes.length + matchedSites.length > 0)
            matchedIgnores.push(entry);
    }
    const knownLeaks = [];
    for (const leak of options.knownLeaks ?? KNOWN_LEAKS) {
        const match = matchKnown(leak, analysis);
        if (!match)
            continue;
        const by = { by: 'known', id: leak.id };
        for (const t of match.typeItems)
            mark(types, t, by);
        for (const s of match.siteItems)
            mark(sites, s, by);
        knownLeaks.push({ leak, types: match.types, sites: match.sites, calledFrom: match.calledFrom });
    }
    const { standing, explained } = judge(analysis, types, sites, options.thresholds);
    const kind = analysis.kind === null ? null : kindOf(standing);
    return {
        kind,
        reasons: analysis.kind === null ? analysis.reasons : standing,
        explained: analysis.kind === null ? [] : explained,
        knownLibraryLeak: analysis.kind !== null && kind === null && explained.some((e) => e.by.some((b) => b.by === 'known')),
        knownLeaks,
        library: libraryOf(analysis, types, sites, options.thresholds),
        suppressed,
        matchedIgnores,
    };
}
/**
 * The suppressions that matched nothing in this run. An entry for one scenario that could not be
 * measured is not called stale: it had nothing to match. One for a scenario this run did not hold
 * is (a shard may not hold it: merged reports keep an entry stale only when every shard says so).
 */
function staleIgnores(ignore, explanations, unmeasured) {
    const used = new Set(explanations.flatMap((e) => e.matchedIgnores));
    return ignore.filter((entry) => !used.has(entry) && (entry.scenario === null || !unmeasured.has(entry.scenario)));
}

/** Numbers in the words people use: binary byte units, objects per cycle, two significant figures. */
/** "1 object per cycle", "2.5 objects per cycle", "1 object every 5 cycles". */
function perCycleWords(perCycle, noun) {
    if (perCycle >= 0.95) {
        const value = round(perCycle);
        return `${value} ${value === 1 ? noun : `${noun}s`} per cycle`;
    }
    if (perCycle <= 0)
        return `0 ${noun}s per cycle`;
    return `1 ${noun} every ${Math.round(1 / perCycle)} cycles`;
}
/** Bytes in binary units: "512 B", "10.3 KiB", "1.20 MiB". */
function bytesWords(bytes) {
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
/** Two significant figures, for counts per cycle. */
function round(value) {
    if (value === 0 || !Number.isFinite(value))
        return value;
    const digits = Math.max(0, 1 - Math.floor(Math.log10(Math.abs(value))));
    return Number(value.toFixed(Math.min(digits, 6)));
}
/** Seconds as "850 ms", "12.3 s", "4 min 05 s". */
function secondsWords(seconds) {
    if (seconds < 1)
        return `${Math.round(seconds * 1000)} ms`;
    if (seconds < 120)
        return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
    const minutes = Math.floor(seconds / 60);
    return `${minutes} min ${String(Math.round(seconds - minutes * 60)).padStart(2, '0')} s`;
}
/** A signed per-cycle figure: "+10.3 KiB", "-2 B", "0". */
function signedBytes(bytes) {
    if (bytes === null)
        return 'n/a';
    if (Math.abs(bytes) < 0.5)
        return '0';
    return `${bytes > 0 ? '+' : ''}${bytesWords(bytes)}`;
}
/** A signed count per cycle with two significant figures. */
function signedCount(count) {
    if (count === null)
        return 'n/a';
    const value = round(count);
    if (value === 0)
        return '0';
    return `${value > 0 ? '+' : ''}${value}`;
}
const SPARKS = '▁▂▃▄▅▆▇█';
/** A one-line chart of a series, downsampled by averaging into `width` columns. */
function sparkline(values, width = 40) {
    const finite = values.filter((v) => v !== null && Number.isFinite(v));
    if (finite.length === 0)
        return '';
    const columns = Math.min(width, finite.length);
    const buckets = [];
    for (let c = 0; c < columns; c++) {
        const from = Math.floor((c * finite.length) / columns);
        const to = Math.max(from + 1, Math.floor(((c + 1) * finite.length) / columns));
        const slice = finite.slice(from, to);
        buckets.push(slice.reduce((a, b) => a + b, 0) / slice.length);
    }
    const low = Math.min(...buckets);
    const high = Math.max(...buckets);
    if (high - low <= 0)
        return SPARKS[0].repeat(columns);
    return buckets.map((v) => SPARKS[Math.min(SPARKS.length - 1, Math.floor(((v - low) / (high - low)) * SPARKS.length))]).join('');
}

/** Words of the report that are not a renderer's own: a scenario's verdict, the gate's note. */
/**
 * An error before the first cycle (Python or the scenario never started: a missing file, an
 * import error, a failing setup): nothing was measured, so only the error is shown, without a
 * table of n/a growth or the Python version line.
 */
function measuredNothing(s) {
    return s.verdict === 'error' && s.series.cycles.cycle.length === 0 && s.series.checkpoints.cycle.length === 0;
}
/** "Python memory leaks", "native memory leaks (outside Python objects)", "open descriptors leak". */
function kindWords(kind) {
    switch (kind) {
        case 'python':
            return 'Python memory leaks';
        case 'native':
            return 'native memory leaks (outside Python objects)';
        case 'fd':
            return 'open descriptors leak';
        default:
            return 'no leak';
    }
}
/** The gate's note: why it did not simply fail on what it found (the first reason), or null. */
function gateNoteWords(reasons) {
    const reason = reasons[0];
    if (!reason)
        return null;
    switch (reason.code) {
        case 'accepted':
            return `accepted with the '${reason.label}' label: the check passes despite the regression`;
        case 'no-usable-baseline':
            return 'no usable baseline: the gate fails on any leak until one is recorded (leakgate run … --save-baseline FILE on the default branch)';
        case 'fail-on-never':
            return 'fail-on is never: leaks are reported, the check does not fail on them';
    }
}
const MEMORY = { rss: 'RSS', heap: 'the malloc heap' };
/** One reason a run leaks, in words: "open descriptors grow by 1 descriptor per cycle". */
function leakReasonWords(reason) {
    switch (reason.code) {
        case 'fds-grow':
            return `open descriptors grow by ${perCycleWords(reason.fdsPerCycle, 'descriptor')}`;
        case 'traced-grows':
            return `traced Python memory grows by ${bytesWords(reason.bytesPerCycle)} per cycle`;
        case 'blocks-grow':
            return `allocated blocks grow by ${round(reason.blocksPerCycle)} per cycle after gc.collect()`;
        case 'type-grows':
            return `${reason.type} objects grow by ${perCycleWords(reason.objectsPerCycle, 'object')}`;
        case 'native-grows':
            return (`${MEMORY[reason.signal]} grows by ${bytesWords(reason.bytesPerCycle)} per cycle ` +
                `${reason.traced ? 'while traced Python memory stays flat' : 'while Python objects stay flat'}: ` +
                `memory outside Python's allocator, as in a C extension`);
        case 'memory-grows':
            return `${MEMORY[reason.signal]} grows by ${bytesWords(reason.bytesPerCycle)} per cycle`;
    }
}
const RELEASED_SIGNAL = { blocks: 'allocated blocks', heap: 'the malloc heap', rss: 'RSS', fds: 'open descriptors' };
/**
 * Why the run took the cycles it took beyond the measured ones, or null when no extension ran:
 * "extended by 100 cycles to confirm growth: it continued".
 */
function confirmationWords(c) {
    if (!c || c.cycles === 0)
        return null;
    const ran = c.limitedBy === 'time'
        ? `extended by ${c.cycles} of ${c.plannedCycles} cycles (stopped at its time bound, confirm-seconds)`
        : `extended by ${c.cycles} cycles`;
    return `${ran} to confirm growth: ${c.outcome === 'confirmed' ? 'it continued' : 'it did not continue, not a leak'}`;
}
/** Growth seen but not counted as a leak, in words, with what to do about it when there is something. */
function growthNoteWords(note) {
    switch (note.code) {
        case 'blocks-not-counted': {
            const where = note.runtimeSites.map((site) => `${site.file}:${site.line}`).join(', ');
            const seen = where
                ? `the traced window found only allocations by the Python runtime, with no frame of the scenario's code (${where})`
                : 'the traced window found no growing allocation';
            return (`allocated blocks grew by ${round(note.blocksPerCycle)} per cycle, but ${seen}: ` +
                `not counted as a leak; a longer --warmup lets internal caches settle`);
        }
        case 'objects-frozen':
            return (`leakgate froze the ${note.objects.toLocaleString('en-US')} objects alive after the warm-up (gc.freeze), ` +
                `so that each gc.collect() and census walks only newer ones: live-object counts are of objects born since`);
        case 'growth-released': {
            const what = note.signal === 'type' ? `${note.type} objects` : RELEASED_SIGNAL[note.signal];
            const per = note.signal === 'heap' || note.signal === 'rss' ? `${bytesWords(note.perCycle)} per cycle` : `${round(note.perCycle)} per cycle`;
            return (`${what} grew by ${per} for ${note.measuredCycles} cycles, then ` +
                (note.fellBack
                    ? `fell back during the ${note.extensionCycles}-cycle extension: periodic release, not a leak`
                    : `stopped growing during the ${note.extensionCycles}-cycle extension: it levelled off (a cache that filled), not a leak`));
        }
        case 'heap-below-native':
            return (`the malloc heap grew by ${bytesWords(note.bytesPerCycle)} per cycle with no Python growth, ` +
                `below the ${bytesWords(note.nativeMinimumBytesPerCycle)} a native leak needs: malloc's own caches move that much`);
    }
}
const lineOf = (frame) => `${frame.file}:${frame.line}`;
/** What a scenario's leak is, in a few words: its kind, or "known library leak (Django)" when one explains all of it. */
function leakSummaryWords(s) {
    if (s.leak.detected)
        return kindWords(s.leak.kind);
    const e = s.explanation;
    if (e?.knownLibraryLeak)
        return `known library leak (${[...new Set(e.knownLeaks.map((k) => k.library))].join(', ')})`;
    if (e && e.suppressed.length > 0 && e.explained.length > 0)
        return 'no leak left after suppressions';
    return 'no leak';
}
/** "known library leak: Django's test client (django-test-client-signal-finalizers), reached from your line app.py:12". */
function knownLeakWords(k) {
    return `known library leak: ${k.title} (${k.id})${k.calledFrom ? `, reached from your line ${lineOf(k.calledFrom)}` : ''}`;
}
/** "Upstream: <link>" or "Upstream source: <link>" (when no upstream issue was found). */
function knownLeakLinkWords(k) {
    return `${k.linkKind === 'issue' ? 'Upstream' : 'Upstream source'}: ${k.link}`;
}
/** "the growth is inside django (weakref.finalize._registry via django.dispatch), reached from your line app.py:12; the fix is not in your code". */
function libraryWords(library) {
    const where = [library.holder, library.module && library.module !== library.holder ? `via ${library.module}` : null].filter(Boolean).join(' ');
    return (`the growth is inside ${library.library}${where ? ` (${where})` : ''}` +
        `${library.calledFrom ? `, reached from your line ${lineOf(library.calledFrom)}` : ''}; the fix is not in your code`);
}
/** "suppressed: weakref.finalize — <reason> (pyproject.toml [[tool.leakgate.ignore]] #1)". */
function suppressedWords(s) {
    return `suppressed: ${s.name} — ${s.reason} (${s.source})`;
}
/** A reason that no longer stands, and what explains it. */
function explainedWords(e) {
    return `${e.reason}: explained by ${e.by.join(', ')}`;
}
/** "ignore entry type weakref.finalize (pyproject.toml … #2) matched nothing in this run: remove it". */
function staleIgnoreWords(stale) {
    const scenario = stale.scenario !== null ? ` for scenario ${stale.scenario}` : '';
    return `ignore entry ${stale.match}${scenario} (${stale.source}) matched nothing in this run: remove it`;
}
/** The heading of a native lead (issue 15): what it is, and that it is a lead, not proof. */
const NATIVE_LEAD_HEADING = 'Native memory grows; your cycle calls into';
const NATIVE_LEAD_CAVEAT = 'a lead, not proof: native code these lines call may allocate what is never freed';
/** How one native call site moved the heap, in words: "+256 KiB heap per cycle, 5 calls in 5 profiled cycles". */
function nativeCallWords(call, cycles) {
    const heap = call.heapBytesPerCycle === null ? '' : `${call.heapBytesPerCycle >= 0 ? '+' : ''}${bytesWords(call.heapBytesPerCycle)} heap per cycle, `;
    return `${heap}${call.calls} ${call.calls === 1 ? 'call' : 'calls'} in ${cycles} profiled ${cycles === 1 ? 'cycle' : 'cycles'}`;
}
/** When the profiled cycles saw no native call from the user's code. */
function nativeLeadEmptyWords(lead) {
    return `no call into native code from your lines was seen in ${lead.cycles} profiled ${lead.cycles === 1 ? 'cycle' : 'cycles'} (${lead.method})`;
}
const FD_NOUN = { socket: 'socket', file: 'file', pipe: 'pipe', selector: 'selector', other: 'descriptor' };
/**
 * A leaking descriptor group in words, its untrusted parts (paths, code, the holder path) quoted by
 * the renderer's `quote`: "+2 sockets per cycle, opened at app.py:33 (`conn.request(…)`), held by
 * `app.clients (list) → [41] (HTTPConnection).sock → socket.socket`" (issue 15).
 */
function fdOwnerWords(o, quote) {
    const parts = [`+${perCycleWords(o.perCycle, FD_NOUN[o.kind])}${o.kind === 'file' || o.kind === 'other' ? ` (${quote(o.target)})` : ''}`];
    const user = o.frames.find((frame) => frame.userCode);
    const shown = user ?? o.frames[0];
    if (shown) {
        const code = shown.code ? ` (${quote(shown.code)})` : '';
        parts.push(user ? `opened at ${quote(lineOf(shown))}${code}` : `opened in a library at ${quote(lineOf(shown))} in ${quote(shown.function)} (no frame in your code)`);
    }
    else {
        parts.push('where it was opened is not known');
    }
    if (o.objectType === null)
        parts.push('held by no Python object: the descriptor number was dropped without being closed (os.close)');
    else if (o.retainedBy && o.retainedBy !== NO_PATH_FOUND)
        parts.push(`held by ${quote(o.retainedBy)}`);
    else
        parts.push(`owned by a ${quote(o.objectType)}; ${NO_PATH_FOUND} to what holds it`);
    return parts.join(', ');
}
/**
 * Why a site shows no line of the user's: " (in a library thread (no frame in your code))", the
 * --frames advice only when --frames cut its stack; "" for a user site.
 */
function siteCaveatWords(site) {
    if (site.userCode)
        return '';
    return site.stackComplete ? ' (in a library thread (no frame in your code))' : ' (no user frame within --frames: raise --frames)';
}
/** What a site leaks: "bytes, not tracked by the GC"; null when not known. */
function siteObjectWords(site) {
    if (site.objectType == null)
        return null;
    return site.objectTracked === false ? `${site.objectType}, not tracked by the GC` : site.objectType;
}
/**
 * Where a site's objects are kept when it is not where they were allocated: "kept in leaky._cache,
 * inserted at leaky.py:22 in render"; null when not known or the same line.
 */
function keptWords(site) {
    const root = site.retainedByRoot;
    const at = root?.insertedAt;
    if (!root || !at || (at.file === site.file && at.line === site.line))
        return null;
    return `kept in ${root.label}, inserted at ${lineOf(at)} in ${at.function}${at.code ? `: ${at.code}` : ''}`;
}
/** A type's growth: "2 objects per cycle (240 alive)", or for what the GC does not track "1 bytes per cycle (not tracked by the GC)". */
function typeGrowthWords(t) {
    if (t.untracked)
        return `${round(t.perCycle)} ${t.type} per cycle (not tracked by the GC)`;
    return `${perCycleWords(t.perCycle, 'object')} (${t.count} alive)`;
}
/** "part of _asyncio.Task" for a type whose objects a growing owner holds; null for an owner. */
function partOfWords(t) {
    return t.partOf ? `part of ${t.partOf}` : null;
}

const MAX_SERIES_POINTS = 2000;
/**
 * One scenario's result as the report shows it: growth, leak, sites, types and series; its verdict
 * comes from the decision. With an explanation (the explain stage), the leak is what stands after it.
 */
function measuredScenario(run, analysis, explanation) {
    const { settings, failure } = run;
    const kind = explanation ? explanation.kind : analysis.kind;
    const reasons = explanation ? explanation.reasons : analysis.reasons;
    const explained = explanation ? explanationReport(explanation) : null;
    const checkpointSeconds = run.checkpoints.reduce((sum, c) => sum + c.seconds, 0);
    return {
        name: settings.name,
        target: settings.target,
        cycles: settings.cycles,
        warmup: settings.warmup,
        frames: settings.frames,
        environment: { python: run.hello?.python ?? null, implementation: run.hello?.implementation ?? null, platform: run.hello?.platform ?? null },
        unmeasured: run.hello?.notes ?? [],
        growth: analysis.growth,
        leak: { detected: kind !== null, kind, reasons: reasons.map(leakReasonWords), notes: analysis.notes.map(growthNoteWords) },
        confirmation: analysis.confirmation,
        sites: analysis.sites,
        types: analysis.types,
        fdTargets: analysis.fdTargets,
        ...(analysis.nativeLead ? { nativeLead: analysis.nativeLead } : {}),
        ...(analysis.fdOwners.length > 0 ? { fdOwners: analysis.fdOwners } : {}),
        series: seriesOf(run),
        timing: {
            wallSeconds: run.wallSeconds,
            cycleSeconds: run.samples.reduce((sum, s) => sum + s.seconds, 0),
            tracedCycles: run.window?.cycles ?? 0,
            checkpointSeconds,
            traceSeconds: run.window?.seconds ?? 0,
            retentionSeconds: run.window?.retentionSeconds ?? 0,
        },
        error: failure
            ? {
                kind: failure.kind,
                message: failure.message,
                hint: failure.hint,
                cycle: failure.cycle,
                traceback: failure.traceback,
                output: outputOf(run),
            }
            : null,
        ...(explained ? { explanation: explained } : {}),
    };
}
const explainerWords = (by) => (by.by === 'known' ? `known library leak ${by.id}` : by.source);
/** The explanation as the report carries it; null when there is nothing to say (no growth explained, none inside a library). */
function explanationReport(e) {
    if (e.knownLeaks.length === 0 && e.library === null && e.suppressed.length === 0 && e.explained.length === 0)
        return null;
    return {
        knownLibraryLeak: e.knownLibraryLeak,
        knownLeaksVersion: KNOWN_LEAKS_VERSION,
        knownLeaks: e.knownLeaks.map(({ leak, types, sites, calledFrom }) => ({
            id: leak.id,
            library: leak.library,
            title: leak.title,
            versions: `${leak.versions.range}; checked with ${leak.versions.checked.join(', ')}`,
            explanation: leak.explanation,
            workaround: leak.workaround,
            link: leak.link,
            linkKind: leak.linkKind,
            types,
            sites,
            calledFrom: calledFrom && { file: calledFrom.file, line: calledFrom.line, function: calledFrom.function },
        })),
        library: e.library && {
            library: e.library.library,
            module: e.library.module,
            holder: e.library.holder,
            calledFrom: e.library.calledFrom && { file: e.library.calledFrom.file, line: e.library.calledFrom.line, function: e.library.calledFrom.function },
        },
        suppressed: e.suppressed.map((s) => ({ what: s.what, name: s.name, reason: s.entry.reason, source: s.entry.source })),
        explained: e.explained.map((x) => ({ reason: leakReasonWords(x.reason), by: x.by.map(explainerWords) })),
    };
}
function outputOf(run) {
    const parts = [];
    if (run.output.stdoutTail.trim())
        parts.push(`--- stdout (last of ${run.output.stdoutBytes} bytes) ---\n${run.output.stdoutTail}`);
    if (run.output.stderrTail.trim())
        parts.push(`--- stderr (last of ${run.output.stderrBytes} bytes) ---\n${run.output.stderrTail}`);
    return parts.join('\n');
}
const finiteOrNull = (value) => (value === null || value === undefined || !Number.isFinite(value) ? null : value);
/** Per-cycle samples (thinned evenly past MAX_SERIES_POINTS), checkpoints and the traced window. */
function seriesOf(run) {
    const step = Math.max(1, Math.ceil(run.samples.length / MAX_SERIES_POINTS));
    const rows = run.samples.filter((_, index) => index % step === 0 || index === run.samples.length - 1);
    return {
        cycles: {
            cycle: rows.map((r) => r.cycle),
            phase: rows.map((r) => r.phase),
            seconds: rows.map((r) => r.seconds),
            blocks: rows.map((r) => finiteOrNull(r.blocks)),
            rssBytes: rows.map((r) => finiteOrNull(r.rssBytes)),
            fds: rows.map((r) => finiteOrNull(r.fds)),
            heapBytes: rows.map((r) => finiteOrNull(r.heapBytes)),
            tracedBytes: rows.map((r) => finiteOrNull(r.tracedBytes)),
        },
        checkpoints: {
            cycle: run.checkpoints.map((c) => c.cycle),
            blocks: run.checkpoints.map((c) => c.blocks),
            rssBytes: run.checkpoints.map((c) => c.rssBytes),
            fds: run.checkpoints.map((c) => c.fds),
            heapBytes: run.checkpoints.map((c) => c.heapBytes),
        },
        traced: { cycle: run.window?.checkpointCycles ?? [], tracedBytes: run.window?.tracedBytes ?? [] },
    };
}
/**
 * A scenario that was never measured, standing for an error around it (a leg that produced no
 * report, a run interrupted before it returned): no growth, no series, only the error.
 */
function unmeasuredScenario(what, error) {
    return {
        // Picked one by one: a caller may pass its settings, which hold more than a result shows.
        name: what.name,
        target: what.target,
        cycles: what.cycles,
        warmup: what.warmup,
        frames: what.frames,
        environment: { python: null, implementation: null, platform: null },
        unmeasured: [],
        growth: {
            tracedBytesPerCycle: null,
            tracedBytesPerCycleMargin: null,
            rssBytesPerCycle: null,
            blocksPerCycle: null,
            fdsPerCycle: null,
            heapBytesPerCycle: null,
        },
        leak: { detected: false, kind: null, reasons: [], notes: [] },
        sites: [],
        types: [],
        fdTargets: [],
        series: {
            cycles: { cycle: [], phase: [], seconds: [], blocks: [], rssBytes: [], fds: [], heapBytes: [], tracedBytes: [] },
            checkpoints: { cycle: [], blocks: [], rssBytes: [], fds: [], heapBytes: [] },
            traced: { cycle: [], tracedBytes: [] },
        },
        timing: { wallSeconds: 0, cycleSeconds: 0, tracedCycles: 0, checkpointSeconds: 0, traceSeconds: 0, retentionSeconds: 0 },
        error: { ...error, cycle: null, traceback: null, output: '' },
    };
}
/**
 * Each scenario with its comparison: the one compareWithBaseline made, or, for a scenario it
 * did not compare (not in the baseline, or not measured), one that says so.
 */
function withComparisons(scenarios, comparisons) {
    return scenarios.map((s) => ({ ...s, comparison: comparisons.get(s.name) ?? noComparison(s) }));
}
function noComparison(s) {
    return {
        class: 'no-baseline',
        reason: s.error !== null ? 'not compared: the scenario could not be measured' : 'no baseline yet',
        baseline: null,
        sites: [],
        types: [],
        caveats: [],
    };
}
/** What a scenario of a report brings to the decision (decide/decide.ts). */
function evidenceOf(s) {
    return {
        name: s.name,
        measured: s.error === null,
        leaking: s.leak.detected,
        knownLibraryLeak: s.explanation?.knownLibraryLeak ?? false,
        comparison: s.comparison?.class ?? null,
    };
}
const plural$1 = (count, one, many) => `${count} ${count === 1 ? one : many}`;
/** One line for people: what leaks, against the baseline when there is one. */
function summaryOf(scenarios) {
    const errors = scenarios.filter((s) => s.verdict === 'error').length;
    const compared = scenarios.some((s) => s.comparison);
    const parts = [];
    if (compared) {
        const count = (cls) => scenarios.filter((s) => s.verdict !== 'error' && s.comparison?.class === cls).length;
        const leakingWithoutBaseline = scenarios.filter((s) => s.verdict !== 'error' && s.comparison?.class === 'no-baseline' && s.leak.detected).length;
        if (count('new'))
            parts.push(plural$1(count('new'), 'new leak', 'new leaks'));
        if (count('worse'))
            parts.push(`${count('worse')} worse`);
        if (leakingWithoutBaseline)
            parts.push(`${leakingWithoutBaseline} leaking with no baseline yet`);
        if (count('unchanged'))
            parts.push(plural$1(count('unchanged'), 'known leak unchanged', 'known leaks unchanged'));
        if (count('improved'))
            parts.push(`${count('improved')} improved`);
        if (count('fixed'))
            parts.push(plural$1(count('fixed'), 'leak fixed 🎉', 'leaks fixed 🎉'));
        const clean = count('clean') + scenarios.filter((s) => s.verdict !== 'error' && s.comparison?.class === 'no-baseline' && !s.leak.detected).length;
        if (clean)
            parts.push(`${clean} clean`);
    }
    else {
        const leaking = scenarios.filter((s) => s.verdict !== 'error' && s.leak.detected).length;
        const known = scenarios.filter((s) => s.verdict !== 'error' && !s.leak.detected && s.explanation?.knownLibraryLeak).length;
        const clean = scenarios.filter((s) => s.verdict !== 'error' && !s.leak.detected && !s.explanation?.knownLibraryLeak).length;
        if (leaking === 0 && known === 0 && errors === 0)
            return `no leak in ${plural$1(scenarios.length, 'scenario', 'scenarios')}`;
        if (leaking)
            parts.push(`${leaking} leaking`);
        if (known)
            parts.push(plural$1(known, 'known library leak', 'known library leaks'));
        if (clean)
            parts.push(`${clean} clean`);
    }
    if (errors)
        parts.push(`${errors} failed to run`);
    return parts.join(', ');
}
/**
 * The report: each scenario with the status the verdict gave it (a result that carries an older
 * verdict, such as a leg's, takes this one), the run's verdict, and the gate with its note.
 */
function buildReport(scenarios, verdict, context) {
    if (verdict.scenarios.length !== scenarios.length)
        throw new Error(`buildReport: the verdict judges ${verdict.scenarios.length} scenarios, the report holds ${scenarios.length}`);
    const results = scenarios.map(({ name, target, verdict: _earlier, ...rest }, index) => ({
        name,
        target,
        verdict: verdict.scenarios[index].status,
        ...rest,
    }));
    return {
        schema: REPORT_SCHEMA,
        tool: { name: 'leakgate', version: LEAKGATE_VERSION },
        verdict: verdict.status,
        summary: summaryOf(results),
        gate: {
            failOn: verdict.gate.failOn,
            applied: verdict.gate.applied,
            note: gateNoteWords(verdict.reasons),
            acceptedBy: verdict.gate.acceptedBy,
            ...(context.failOnKnownLeaks ? { failOnKnownLeaks: true } : {}),
        },
        baseline: context.baseline,
        warnings: context.warnings,
        ...(context.staleIgnores && context.staleIgnores.length > 0 ? { staleIgnores: [...context.staleIgnores] } : {}),
        scenarios: results,
    };
}

/** Words and marks for comparisons with the baseline: their classes, rates, reasons and caveats. */
const CLASS_LABEL = {
    new: 'new leak',
    worse: 'worse',
    unchanged: 'known leak, unchanged',
    improved: 'improved',
    fixed: 'fixed',
    clean: 'clean',
    'no-baseline': 'no baseline yet',
};
const CLASS_MARK = {
    new: '🆕',
    worse: '📈',
    unchanged: '➖',
    improved: '📉',
    fixed: '🎉',
    clean: '✅',
    'no-baseline': '❔',
};
/** Rows of (signal, baseline, current) per cycle, for side-by-side tables. */
function growthRows(current, baseline) {
    const rows = [
        ['traced Python memory', 'tracedBytesPerCycle', signedBytes],
        ['allocated blocks', 'blocksPerCycle', signedCount],
        ['RSS', 'rssBytesPerCycle', signedBytes],
        ['malloc heap', 'heapBytesPerCycle', signedBytes],
        ['open descriptors', 'fdsPerCycle', signedCount],
    ];
    return rows.map(([label, key, format]) => [label, baseline ? format(baseline[key]) : '—', format(current[key])]);
}
const GROWTH_LABEL = {
    tracedBytesPerCycle: 'traced Python memory',
    blocksPerCycle: 'allocated blocks',
    heapBytesPerCycle: 'malloc heap',
    rssBytesPerCycle: 'RSS',
    fdsPerCycle: 'open descriptors',
};
/** What a compared signal measures: "traced Python memory", "live app.Session objects", "memory allocated at app.py:12". */
function signalLabel(signal) {
    if (signal.startsWith('type:'))
        return `live ${signal.slice('type:'.length)} objects`;
    if (signal.startsWith('site-bytes:'))
        return `memory allocated at ${signal.slice('site-bytes:'.length)}`;
    if (signal.startsWith('site-count:'))
        return `blocks allocated at ${signal.slice('site-count:'.length)}`;
    return GROWTH_LABEL[signal] ?? signal;
}
/** A rate in its unit: "722 B", "6.9 blocks", "1 descriptor". */
function rateWords(value, unit) {
    if (unit === 'bytes')
        return bytesWords(value);
    const rounded = round(value);
    const noun = unit === 'objects' ? 'object' : unit === 'blocks' ? 'block' : 'descriptor';
    return `${rounded} ${rounded === 1 ? noun : `${noun}s`}`;
}
const figure = (value, unit) => (unit === 'bytes' ? bytesWords(value) : String(round(value)));
/** True when a rate moved by more than both runs' margins and by at least 0.5% (shown as a ratio other than 1.00×). */
function rateMoved(s) {
    const margin = Math.hypot(s.currentMargin, s.baselineMargin);
    if (Math.abs(s.current - s.baseline) <= margin)
        return false;
    return s.ratio === null ? s.current !== s.baseline : Math.abs(s.ratio - 1) >= 0.005;
}
/** "1.76× (±0.10×)", or "from none" when the baseline had no growth. */
function ratioWords(s) {
    if (s.ratio === null || s.ratioMargin === null)
        return 'from none in the baseline';
    return `${s.ratio.toFixed(2)}× (±${s.ratioMargin.toFixed(2)}×)`;
}
/** The tolerance that applied: "the 50% tolerance" or "the tolerance of 256 B per cycle", and the margins when there are any. */
function toleranceWords(s) {
    const reference = Math.min(s.current, s.baseline);
    const relativeRules = (s.relativePercent / 100) * Math.abs(reference) >= s.floorPerCycle;
    const base = relativeRules ? `the ${round(s.relativePercent)}% tolerance` : `the tolerance of ${rateWords(s.floorPerCycle, s.unit)} per cycle`;
    const margin = Math.hypot(s.currentMargin, s.baselineMargin);
    return margin > 0 ? `${base} and the runs' margins (±${figure(margin, s.unit)})` : base;
}
/**
 * One compared rate in words: "traced Python memory 2.78 KiB → 4.90 KiB per cycle, 1.76× (±0.10×),
 * worse: over the 50% tolerance". "unchanged" only when the rate did not move beyond the margins;
 * a rate that moved but stayed within the tolerance says so with its ratio.
 */
function signalWords(s, withLabel) {
    const figures = s.unit === 'bytes' ? `${bytesWords(s.baseline)} → ${bytesWords(s.current)}` : `${figure(s.baseline, s.unit)} → ${rateWords(s.current, s.unit)}`;
    const head = `${withLabel ? `${signalLabel(s.signal)} ` : ''}${figures} per cycle, ${ratioWords(s)}`;
    if (s.class === 'worse')
        return `${head}, worse: over ${toleranceWords(s)}`;
    if (s.class === 'improved')
        return `${head}, improved: beyond ${toleranceWords(s)}`;
    return rateMoved(s) ? `${head}, within ${toleranceWords(s)}` : `${head}, unchanged`;
}
/**
 * The scenario's label: the class, except that a known leak whose rate moved within the
 * tolerance is not called "unchanged": "known leak, 1.25× (±0.02×), within tolerance".
 */
function comparisonLabel(c) {
    const primary = c.signals?.[0];
    if (c.class === 'unchanged' && primary && !primary.signal.includes(':') && rateMoved(primary))
        return `known leak, ${ratioWords(primary)}, within tolerance`;
    return CLASS_LABEL[c.class];
}
/** A growing site or type the baseline did not have: "a new growing site, app.py:12 (600 B per cycle)". */
function newGrowthWords(growth) {
    return growth.what === 'site'
        ? `a new growing site, ${growth.file}:${growth.line} (${rateWords(growth.bytesPerCycle, 'bytes')} per cycle)`
        : `a new growing type, ${growth.type} (${rateWords(growth.objectsPerCycle, 'objects')} per cycle)`;
}
/** Why a scenario compares as it does, in words: the reason of a report's comparison. */
function comparisonReasonWords(reason) {
    switch (reason.code) {
        case 'not-in-baseline':
            return 'no baseline yet: this scenario is not in the baseline';
        case 'clean':
            return 'no leak, as in the baseline';
        case 'explained':
            return `the ${reason.baselineKind ?? ''} leak of the baseline is still measured, but now explained: not counted`.replace('  ', ' ');
        case 'fixed':
            return `the ${reason.baselineKind ?? ''} leak of the baseline is gone`.replace('  ', ' ');
        case 'new-leak':
            return `a new ${reason.kind} leak: the baseline did not leak`;
        case 'new-kind':
            return `a new ${reason.kind} leak: the baseline leaked ${reason.baselineKind} memory`;
        case 'worse-rate':
            return signalWords(reason.signal, true);
        case 'new-growth':
            return `the known leak is still there${reason.primary ? ` (${signalWords(reason.primary, false)})` : ''}, and ${newGrowthWords(reason.growth)}`;
        case 'improved':
            return signalWords(reason.signal, true);
        case 'unchanged':
            return reason.primary ? `a known leak: ${signalWords(reason.primary, true)}` : 'a known leak, as in the baseline';
    }
}
/** What makes a comparison less exact, in words. */
function caveatWords(caveat) {
    switch (caveat.code) {
        case 'python-version':
            return `the baseline was recorded on Python ${caveat.baseline}, this run on ${caveat.current}: figures may differ between versions`;
        case 'implementation':
        case 'platform':
            return `the baseline was recorded on ${caveat.baseline}, this run on ${caveat.current}`;
        case 'run-length':
            return (`the baseline ran ${caveat.baseline.cycles} cycles after ${caveat.baseline.warmup} warm-up, ` +
                `this run ${caveat.current.cycles} after ${caveat.current.warmup}: compared per cycle`);
        case 'frames':
            return `the baseline kept ${caveat.baseline} frames per site, this run ${caveat.current}: sites may be attributed differently`;
    }
}
/** A comparison as the report holds it: its reason and caveats in words. */
function comparisonWords(c) {
    return { ...c, reason: comparisonReasonWords(c.reason), caveats: c.caveats.map(caveatWords) };
}
/** The warning for baseline scenarios this run did not run (the first ten named). */
function goneScenariosWords(gone) {
    return gone.length > 0
        ? [
            `the baseline names scenarios this run did not run (ignored): ` +
                `${gone.slice(0, 10).join(', ')}${gone.length > 10 ? `, and ${gone.length - 10} more` : ''}`,
        ]
        : [];
}

/**
 * The pipeline, visible in one place:
 *   config → run the harness → analyse → explain → compare with a baseline → decide → report
 * and then the caller applies the verdict. Adapters (the Python process, files, the terminal)
 * are passed in, so every stage here stays pure.
 */
/** Run every scenario (one process each, `jobs` at a time), analyse each, then compare, decide and build the report. */
async function runPipeline(config, adapters) {
    const measured = new Array(config.scenarios.length);
    const runWarnings = new Array(config.scenarios.length).fill([]);
    const explanations = [];
    let next = 0;
    const worker = async () => {
        while (next < config.scenarios.length) {
            const index = next++;
            // A run asked to stop before it starts does not start a process: it comes back interrupted.
            const hooks = { planConfirmation, planTrace, onProgress: adapters.onProgress, signal: adapters.signal };
            const run = await adapters.runHarness(config.scenarios[index], hooks);
            const analysis = analyseGrowth(run);
            const explanation = explainGrowth(analysis, { scenario: run.settings.name, ignore: config.ignore, thresholds: run.settings.thresholds });
            explanations.push(explanation);
            measured[index] = measuredScenario(run, analysis, explanation);
            runWarnings[index] = (run.warnings ?? []).map((warning) => `${run.settings.name}: ${warning}`);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(config.jobs ?? 1, config.scenarios.length)) }, worker));
    const thresholds = new Map(config.scenarios.map((s) => [s.name, s.thresholds]));
    const unmeasured = new Set(measured.filter((s) => s.error !== null).map((s) => s.name));
    const stale = staleIgnores(config.ignore ?? [], explanations, unmeasured).map(staleIgnoreOf);
    return reportOf(measured, { ...config, thresholds, staleIgnores: stale }, runWarnings.flat());
}
/** An ignore entry as the report lists it when it matched nothing. */
function staleIgnoreOf(entry) {
    const match = entry.site !== null ? `site ${entry.site}` : entry.type !== null ? `type ${entry.type}` : `holder ${entry.holder ?? ''}`;
    return { source: entry.source, match, scenario: entry.scenario, reason: entry.reason };
}
/**
 * The stages after the measurement, pure: compare with the baseline (when there is a usable
 * one) → decide → the report. failOn defaults to regression with a baseline, leak without.
 */
function reportOf(measured, config, runWarnings = []) {
    const warnings = [...runWarnings];
    let scenarios = [...measured];
    let baselineInfo = null;
    const loaded = config.baseline ?? null;
    if (loaded?.parsed.ok) {
        const compared = compareWithBaseline(measured, loaded.parsed.baseline, config.tolerance, config.thresholds);
        const comparisons = new Map([...compared.comparisons].map(([name, c]) => [name, comparisonWords(c)]));
        scenarios = withComparisons(measured, comparisons);
        warnings.push(...goneScenariosWords(compared.gone));
        const caveats = [...new Set([...comparisons.values()].flatMap((c) => c.caveats))];
        baselineInfo = { source: loaded.source, status: 'compared', createdAt: loaded.parsed.baseline.createdAt, caveats };
    }
    else if (loaded) {
        warnings.push(`baseline ${loaded.source} ${loaded.parsed.ok ? '' : loaded.parsed.reason}: compared with no baseline`);
        baselineInfo = { source: loaded.source, status: 'unusable', createdAt: null, caveats: [] };
    }
    const failOn = config.failOn ?? (loaded ? 'regression' : 'leak');
    const verdict = decide({
        scenarios: scenarios.map(evidenceOf),
        policy: { failOn, failOnKnownLeaks: config.failOnKnownLeaks ?? false },
        compared: baselineInfo?.status === 'compared',
        acceptedBy: config.acceptedBy ?? null,
    });
    return buildReport(scenarios, verdict, { baseline: baselineInfo, warnings, staleIgnores: config.staleIgnores, failOnKnownLeaks: config.failOnKnownLeaks });
}

/**
 * Untrusted text made inert for where it goes. Type names, qualnames, file paths, source lines,
 * retention paths, messages, tracebacks, output tails, descriptor targets, scenario and baseline
 * names all come from the scenario, the harness or an artifact: pull-request code chose them.
 * One function per destination:
 *
 *  - markdownText: Markdown prose, table cells, list items, headings (one line);
 *  - markdownCode / markdownPre: inside `<code>` / `<pre>` elements of that Markdown;
 *  - terminalText / terminalLines, then defuseWorkflowCommands over the whole output: a terminal,
 *    and the stdout of a GitHub Actions step (which the runner reads for workflow commands);
 *  - workflowLogLine: one line of the runner's log; stopCommandsBlock: a block of a step's stdout
 *    inside `::stop-commands::` (the action's terminal report);
 *  - workflowCommandData / workflowCommandProperty: inside a `::command prop=value::data` line.
 *
 * Every destination first shows hidden characters as escapes (`\x1b`, `\u202e`, `\n`), so a
 * reader sees that a name holds them and nothing can be reordered, hidden or drawn over.
 */
const ZWSP = '\u200b';
/**
 * Characters that end a line, drive a terminal, reorder text or hide it: C0 controls but tab,
 * DEL, C1 controls, soft hyphen, Arabic letter mark, Hangul fillers, Mongolian vowel separator,
 * zero-width spaces, joiners and directional marks, line and paragraph separators, bidi
 * embeddings, overrides and isolates, invisible operators, the byte-order mark, interlinear
 * annotations, tag characters (used to smuggle invisible text), and unpaired surrogates.
 */
const HIDDEN = new RegExp('[\\u0000-\\u0008\\u000a-\\u001f\\u007f-\\u009f\\u00ad\\u061c\\u115f\\u1160\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f' +
    '\\u3164\\ufeff\\uffa0\\ufff9-\\ufffb\\u{e0000}-\\u{e007f}]|[\\u{d800}-\\u{dfff}]', 'gu');
const NAMED = Object.assign(Object.create(null), { '\n': '\\n', '\r': '\\r' });
function escapeOf(char) {
    const named = NAMED[char];
    if (named !== undefined)
        return named;
    const code = char.codePointAt(0);
    if (code < 0x100)
        return `\\x${code.toString(16).padStart(2, '0')}`;
    if (code <= 0xffff)
        return `\\u${code.toString(16).padStart(4, '0')}`;
    return `\\u{${code.toString(16)}}`;
}
/**
 * Hidden characters shown as escapes. With `lines`, line breaks (`\n`, `\r\n`) are kept as
 * breaks; every other hidden character, a lone `\r` included, becomes its escape. Tabs stay.
 */
function showHidden(text, options = {}) {
    const source = String(text);
    if (!options.lines)
        return source.replace(HIDDEN, escapeOf);
    return source.replace(/\r\n/g, '\n').replace(HIDDEN, (c) => (c === '\n' ? c : escapeOf(c)));
}
/**
 * GitHub turns some plain text into links or notifications after Markdown: `@name` mentions,
 * `#123` and `GH-123` issue references, bare `https://` and `www.` links, e-mail addresses. A
 * zero-width space breaks each (`\@` does not stop a mention on GitHub; entities are decoded
 * before its filters run).
 */
function defuseAutolinks(text) {
    return text
        .replace(/@/g, `@${ZWSP}`)
        .replace(/#(?=\d)/g, `#${ZWSP}`)
        .replace(/\b(gh)-(?=\d)/gi, `$1-${ZWSP}`)
        .replace(/:(?=\/\/)/g, `:${ZWSP}`)
        .replace(/\b(www)\./gi, `$1${ZWSP}.`);
}
function entities(text) {
    return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
/** A quoted HTML attribute's value (a link we make): hidden characters as escapes, the five characters that matter as entities. */
function htmlAttribute(text) {
    return entities(showHidden(text));
}
/** HTML entities for the five characters that matter; `--` is split so no HTML comment can open or close. */
function escapeHtml(text) {
    return entities(text).replace(/--/g, `-${ZWSP}-`);
}
/**
 * Markdown prose, a table cell, a list item or a heading: one line that renders literally.
 * Hidden characters and line breaks are shown as escapes, Markdown punctuation is
 * backslash-escaped (`|` cannot end a cell, `$` cannot start math), HTML is escaped, and
 * mentions, issue references and bare links are broken (see defuseAutolinks).
 */
function markdownText(text) {
    const visible = defuseAutolinks(showHidden(text));
    // Punctuation before HTML, so the entities added next are not escaped again.
    const punctuation = visible.replace(/[\\`*_{}[\]()#+!~|$]/g, (c) => `\\${c}`);
    return escapeHtml(punctuation);
}
/**
 * Markdown punctuation as entities: inside `<code>` GitHub still parses Markdown (links,
 * emphasis, `__init__` as bold), and a backslash would be eaten as an escape.
 */
const CODE_ENTITIES = Object.assign(Object.create(null), {
    '\\': '&#92;',
    '`': '&#96;',
    '*': '&#42;',
    _: '&#95;',
    '[': '&#91;',
    ']': '&#93;',
    '|': '&#124;',
    '~': '&#126;',
    $: '&#36;',
    '#': '&#35;',
});
function codeEntities(text) {
    return escapeHtml(defuseAutolinks(text)).replace(/[\\`*_[\]|~$#]/g, (c) => CODE_ENTITIES[c]);
}
/** Text for inside a `<code>` element on one line (table cells included): shows exactly the characters, renders nothing. */
function markdownCode(text) {
    return codeEntities(showHidden(text));
}
/** Text for inside a `<pre>` element: like markdownCode, but its line breaks stay; no line starts with `::`. */
function markdownPre(text) {
    return codeEntities(showHidden(text, { lines: true })).replace(/^(\s*):/gm, '$1&#58;');
}
/** One line of terminal text: hidden characters (ESC, bidi controls, line breaks) shown as escapes. */
function terminalText(text) {
    return showHidden(text);
}
/** A block of terminal text (a traceback, an output tail): its lines, each shown like terminalText. */
function terminalLines(text) {
    return showHidden(text, { lines: true }).split('\n');
}
/**
 * Output for a GitHub Actions step's stdout or stderr, made unable to run workflow commands:
 * the runner reads `::command::` at the start of a line after leading whitespace, and the
 * legacy `##[command]` anywhere in a line (actions/runner ActionCommand.TryParseV2 and
 * TryParse). Such lines get a backslash before the `::`, and `##[` becomes `##\[`. Our own
 * output never starts a line with `::` or holds `##[`, so only what the scenario named changes.
 */
function defuseWorkflowCommands(output) {
    return String(output)
        .split(LINE_BREAK_PARTS)
        .map((part) => part.replace(/^(\s*)::/, '$1\\::').replace(/##\[/g, '##\\['))
        .join('');
}
// Line breaks for the runner (.NET's ReadLine: CR, LF, CRLF) and for people (NEL, LS, PS):
// a command after any of them is defused, and the break itself is kept.
const LINE_BREAK_PARTS = /(\r\n|[\r\n\u0085\u2028\u2029])/;

/**
 * renderMarkdown: the report as GitHub-flavoured Markdown, for files, job summaries and
 * PR comments. Pure. Every string from the scenario, the harness or an artifact is made inert
 * for where it goes (see inert.ts): markdownText in prose and cells, markdownCode in <code>,
 * markdownPre in <pre>.
 */
const MAX_SITES$1 = 5;
const MAX_TYPES$1 = 8;
const MAX_CHART_POINTS = 40;
const MAX_TRACEBACK_CHARS = 6000;
const ICON = { pass: '✅', fail: '❌', error: '⚠️' };
/** The whole report: a verdict line, a summary table, then each scenario, failing ones first. */
function renderMarkdown(report, options = {}) {
    const detail = options.detail ?? 'full';
    const out = [];
    out.push(`## ${ICON[report.verdict]} leakgate: ${markdownText(report.summary)}`, '');
    if (report.baseline?.status === 'compared') {
        out.push(`Compared with the baseline${report.baseline.createdAt ? ` recorded ${markdownText(report.baseline.createdAt)}` : ''}.`, '');
    }
    for (const caveat of report.baseline?.caveats ?? [])
        out.push(`> ⚠️ ${markdownText(caveat)}`, '');
    for (const warning of report.warnings)
        out.push(`> ⚠️ ${markdownText(warning)}`, '');
    for (const stale of report.staleIgnores ?? [])
        out.push(`> ⚠️ ${markdownText(staleIgnoreWords(stale))}`, '');
    if (report.gate.note)
        out.push(`> ${markdownText(report.gate.note)}`, '');
    const compared = report.scenarios.some((s) => s.comparison);
    out.push(compared
        ? '| scenario | verdict | vs baseline | traced / cycle | RSS / cycle | blocks / cycle | fds / cycle |'
        : '| scenario | verdict | traced / cycle | RSS / cycle | blocks / cycle | fds / cycle |', compared ? '|---|---|---|---:|---:|---:|---:|' : '|---|---|---:|---:|---:|---:|');
    for (const s of report.scenarios) {
        const verdict = s.verdict === 'fail'
            ? `${ICON.fail} ${markdownText(leakSummaryWords(s))}`
            : s.verdict === 'error'
                ? `${ICON.error} error`
                : s.leak.detected || s.explanation?.knownLibraryLeak
                    ? `${ICON.pass} ${markdownText(leakSummaryWords(s))}, not failing`
                    : `${ICON.pass} pass`;
        const against = s.comparison ? `${CLASS_MARK[s.comparison.class]} ${comparisonLabel(s.comparison)} | ` : compared ? '— | ' : '';
        const before = s.comparison?.baseline?.growth;
        const pair = (now, then) => (then === undefined ? now : `${then} → ${now}`);
        if (measuredNothing(s)) {
            // Nothing was measured: no growth to show, not even "n/a".
            out.push(`| ${markdownText(s.name)} | ${verdict} | ${against}— | — | — | — |`);
            continue;
        }
        out.push(`| ${markdownText(s.name)} | ${verdict} | ` +
            `${against}${pair(signedBytes(s.growth.tracedBytesPerCycle), before && signedBytes(before.tracedBytesPerCycle))} | ` +
            `${pair(signedBytes(s.growth.rssBytesPerCycle), before && signedBytes(before.rssBytesPerCycle))} | ` +
            `${pair(signedCount(s.growth.blocksPerCycle), before && signedCount(before.blocksPerCycle))} | ` +
            `${pair(signedCount(s.growth.fdsPerCycle), before && signedCount(before.fdsPerCycle))} |`);
    }
    const order = { error: 0, fail: 1, pass: 2 };
    const detailed = [...report.scenarios].sort((a, b) => order[a.verdict] - order[b.verdict]);
    if (detail !== 'minimal')
        for (const s of detailed)
            out.push('', ...renderScenario$1(s, detail, options.sourceUrl ?? (() => null)));
    out.push('', `<sub>leakgate ${markdownText(report.tool.version)} · report schema ${markdownText(report.schema)}</sub>`);
    return `${out.join('\n')}\n`;
}
function renderScenario$1(s, detail, sourceUrl) {
    const full = detail === 'full';
    const maxSites = full ? MAX_SITES$1 : 3;
    const maxTypes = full ? MAX_TYPES$1 : 3;
    const site = (file, line) => {
        const code = `<code>${markdownCode(`${file}:${line}`)}</code>`;
        const url = sourceUrl(file, line);
        return url ? `<a href="${htmlAttribute(url)}">${code}</a>` : code;
    };
    const out = [];
    const title = s.verdict === 'error' ? 'could not be measured' : s.verdict === 'fail' || s.explanation?.knownLibraryLeak ? markdownText(leakSummaryWords(s)) : 'no leak';
    out.push(`### ${ICON[s.verdict]} ${markdownText(s.name)}: ${title}`);
    if (measuredNothing(s))
        return [...out, ...errorSection(s, full)];
    const env = s.environment.python
        ? `Python ${markdownText(s.environment.python)} (${markdownText(s.environment.implementation ?? '')}, ${markdownText(s.environment.platform ?? '')})`
        : 'Python did not start';
    // No timings here: a comment whose figures did not change is left alone, not rewritten.
    const extended = confirmationWords(s.confirmation);
    out.push('', `${s.cycles} cycles after ${s.warmup} warm-up · ${env}${extended === null ? '' : ` · ${extended}`}`);
    out.push(...comparisonSection(s, maxSites, maxTypes, site));
    out.push(...errorSection(s, full));
    if (s.leak.reasons.length > 0) {
        out.push('');
        for (const reason of s.leak.reasons)
            out.push(`- ${markdownText(reason)}`);
    }
    for (const note of s.leak.notes)
        out.push('', `> Note: ${markdownText(note)}`);
    out.push(...explanationSection(s));
    if (s.sites.length > 0) {
        out.push('', '**Top growing sites**', '', '| # | site | function | per cycle | code |', '|---:|---|---|---:|---|');
        s.sites.slice(0, maxSites).forEach((entry, i) => {
            const leaks = siteObjectWords(entry);
            out.push(`| ${i + 1} | ${site(entry.file, entry.line)} | ${markdownText(entry.function + siteCaveatWords(entry))} | ` +
                `${bytesWords(entry.bytesPerCycle)} in ${round(entry.countPerCycle)} ${round(entry.countPerCycle) === 1 ? 'block' : 'blocks'}` +
                `${leaks ? ` of ${markdownText(leaks)}` : ''} | ` +
                `<code>${markdownCode(entry.code)}</code> |`);
        });
        const held = s.sites.slice(0, maxSites).filter((entry) => entry.retainedBy);
        if (held.length > 0) {
            out.push('', '**What keeps them alive**', '');
            for (const entry of held) {
                const kept = keptWords(entry);
                out.push(`- ${site(entry.file, entry.line)}: <code>${markdownCode(entry.retainedBy)}</code>${kept ? ` · ${markdownText(kept)}` : ''}`);
            }
        }
        if (full) {
            out.push('', '<details><summary>Tracebacks of the growing sites</summary>', '');
            s.sites.slice(0, maxSites).forEach((entry, i) => {
                // Each field on its own line: a newline in a name cannot forge another frame.
                const frames = entry.frames
                    .map((f) => `  ${showHidden(f.file)}:${f.line} in ${showHidden(f.function)}${f.code ? `\n      ${showHidden(f.code)}` : ''}`)
                    .join('\n');
                out.push(`${i + 1}. <code>${markdownCode(`${entry.file}:${entry.line}`)}</code> (most recent call first)`, '', `<pre>${markdownPre(clip(frames))}</pre>`, '');
            });
            out.push('</details>');
        }
    }
    if (s.types.length > 0) {
        out.push('', '**Top growing types**', '', '| type | growth | alive at the end | held by |', '|---|---|---:|---|');
        for (const t of s.types.slice(0, maxTypes)) {
            // A part is listed under its owner and says whose; what the GC does not track has no census count.
            const part = partOfWords(t);
            out.push(`| ${part ? '↳ ' : ''}<code>${markdownCode(t.type)}</code>${part ? ` (${markdownText(part)})` : ''} | ` +
                `${t.untracked ? markdownText(typeGrowthWords(t)) : perCycleWords(t.perCycle, 'object')} | ${t.untracked ? '—' : t.count} | ` +
                `${t.retainedBy ? `<code>${markdownCode(t.retainedBy)}</code>` : '—'} |`);
        }
    }
    if (s.fdTargets.length > 0) {
        out.push('', '**New open descriptors point at**', '');
        for (const t of s.fdTargets)
            out.push(`- +${t.growth} <code>${markdownCode(t.target)}</code>`);
    }
    if (s.nativeLead) {
        const lead = s.nativeLead;
        out.push('', `**${NATIVE_LEAD_HEADING}** (${NATIVE_LEAD_CAVEAT})`, '');
        if (lead.calls.length === 0)
            out.push(markdownText(nativeLeadEmptyWords(lead)));
        else {
            out.push('| # | calls into | site | function | heap and calls | code |', '|---:|---|---|---|---|---|');
            lead.calls.slice(0, maxSites).forEach((call, i) => {
                out.push(`| ${i + 1} | <code>${markdownCode(call.callee)}</code> | ${site(call.file, call.line)} | ${markdownText(call.function)} | ` +
                    `${markdownText(nativeCallWords(call, lead.cycles))} | <code>${markdownCode(call.code)}</code> |`);
            });
        }
    }
    if (s.fdOwners && s.fdOwners.length > 0) {
        out.push('', '**Leaking descriptors**', '');
        for (const o of s.fdOwners)
            out.push(`- ${fdOwnerWords(o, (text) => `<code>${markdownCode(text)}</code>`)}`);
    }
    const chart = full ? memoryChart(s) : [];
    if (chart.length > 0)
        out.push('', ...chart);
    if (s.unmeasured.length > 0) {
        out.push('', '<details><summary>Not measured on this platform</summary>', '');
        for (const note of s.unmeasured)
            out.push(`- ${markdownText(note)}`);
        out.push('', '</details>');
    }
    return out;
}
/**
 * Known library leaks with their workaround, growth inside a library, suppressed growth and the
 * reasons they explain (issue 14). Everything comes from the report (untrusted once read back):
 * a link is made clickable only when it is the one leakgate's own list gives that entry.
 */
function explanationSection(s) {
    const e = s.explanation;
    if (!e)
        return [];
    const out = [];
    for (const k of e.knownLeaks) {
        const ours = KNOWN_LEAKS.find((known) => known.id === k.id && known.link === k.link && /^https:\/\/[^\s"<>]+$/.test(known.link));
        const upstream = ours
            ? `${k.linkKind === 'issue' ? 'Upstream' : 'Upstream source'}: <a href="${htmlAttribute(ours.link)}">${markdownCode(ours.link)}</a>`
            : markdownText(knownLeakLinkWords(k));
        out.push('', `> **${markdownText(knownLeakWords(k))}**`, '>', `> ${markdownText(k.explanation)}`, '>', `> Workaround: ${markdownText(k.workaround)}`, '>', `> ${upstream}`);
        out.push('>', `> <sub>Versions: ${markdownText(k.versions)}</sub>`);
    }
    if (e.library)
        out.push('', `**Inside a library:** ${markdownText(libraryWords(e.library))}`);
    if (e.suppressed.length > 0) {
        out.push('', '**Suppressed**', '');
        for (const x of e.suppressed)
            out.push(`- ${markdownText(suppressedWords(x))}`);
    }
    if (e.explained.length > 0) {
        out.push('', '<details><summary>Explained, not counted</summary>', '');
        for (const x of e.explained)
            out.push(`- ${markdownText(explainedWords(x))}`);
        out.push('', '</details>');
    }
    return out;
}
/** Baseline beside current, with the class of the scenario, its sites and its types. */
function comparisonSection(s, maxSites, maxTypes, siteLink) {
    const c = s.comparison;
    if (!c)
        return [];
    const out = ['', `**Against the baseline: ${CLASS_MARK[c.class]} ${comparisonLabel(c)}** — ${markdownText(c.reason)}`];
    for (const caveat of c.caveats)
        out.push('', `> ⚠️ ${markdownText(caveat)}`);
    if (!c.baseline)
        return out;
    out.push('', '| per cycle | baseline | current |', '|---|---:|---:|');
    for (const [label, before, now] of growthRows(s.growth, c.baseline.growth))
        out.push(`| ${label} | ${before} | ${now} |`);
    const changed = [...c.sites.filter((site) => site.class !== 'unchanged'), ...c.sites.filter((site) => site.class === 'unchanged')].slice(0, maxSites + 3);
    if (changed.length > 0) {
        out.push('', '| site | class | baseline | current |', '|---|---|---:|---:|');
        for (const site of changed) {
            const before = site.baselineBytesPerCycle === null ? '—' : bytesWords(site.baselineBytesPerCycle);
            const now = site.bytesPerCycle === null ? '—' : bytesWords(site.bytesPerCycle);
            // An edited or moved line is one site: show where it was, and what it said.
            const was = site.baselineCode
                ? ` (was line ${site.baselineLine ?? site.line}: <code>${markdownCode(site.baselineCode)}</code>)`
                : site.baselineLine
                    ? ` (was line ${site.baselineLine})`
                    : '';
            out.push(`| ${siteLink(site.file, site.line)} ${markdownText(site.function)}${was} | ` +
                `${CLASS_MARK[site.class]} ${CLASS_LABEL[site.class]} | ${before} | ${now} |`);
        }
    }
    if (c.types.length > 0) {
        out.push('', '| type | class | baseline | current |', '|---|---|---:|---:|');
        for (const t of c.types.slice(0, maxTypes)) {
            out.push(`| <code>${markdownCode(t.type)}</code> | ${CLASS_MARK[t.class]} ${CLASS_LABEL[t.class]} | ` +
                `${t.baselinePerCycle === null ? '—' : perCycleWords(t.baselinePerCycle, 'object')} | ` +
                `${t.perCycle === null ? '—' : perCycleWords(t.perCycle, 'object')} |`);
        }
    }
    return out;
}
/** The error's message, its fix, and (in full detail) the traceback and the scenario's output. */
function errorSection(s, full) {
    if (!s.error)
        return [];
    const out = [];
    const message = markdownText(String(s.error.message).trim());
    out.push('', message ? `**${message}**` : '**the scenario failed without a message**');
    if (s.error.hint)
        out.push('', `Fix: ${markdownText(s.error.hint)}`);
    if (full && s.error.traceback)
        out.push('', '<details><summary>Traceback</summary>', '', `<pre>${markdownPre(clip(s.error.traceback))}</pre>`, '', '</details>');
    if (full && String(s.error.output ?? '').trim())
        out.push('', '<details><summary>Scenario output (tail)</summary>', '', `<pre>${markdownPre(clip(s.error.output))}</pre>`, '', '</details>');
    return out;
}
function clip(text) {
    const whole = String(text);
    return whole.length > MAX_TRACEBACK_CHARS ? `…${whole.slice(whole.length - MAX_TRACEBACK_CHARS)}` : whole;
}
/**
 * Memory growth over the measured cycles (the malloc heap, or RSS), relative to the first
 * measured cycle, as a Mermaid line chart, with the baseline's series beside it when there is
 * one, and the numbers in a table beneath for readers without Mermaid.
 */
function memoryChart(s) {
    const current = memorySeries(s, MAX_CHART_POINTS);
    if (current.cycle.length < 2)
        return [];
    const signal = s.series.cycles.heapBytes.some((v) => v !== null) ? 'malloc heap' : 'RSS';
    const baseline = s.comparison?.baseline?.series;
    // The baseline's points are placed at the current run's cycles by nearest measured cycle.
    const baselineAt = (cycle) => {
        if (!baseline || baseline.cycle.length === 0)
            return null;
        let best = 0;
        for (let i = 1; i < baseline.cycle.length; i++)
            if (Math.abs(baseline.cycle[i] - cycle) < Math.abs(baseline.cycle[best] - cycle))
                best = i;
        return baseline.bytes[best];
    };
    const kib = (bytes) => Math.round(bytes / 1024);
    const now = current.bytes.map(kib);
    const then = baseline && baseline.cycle.length > 1 ? current.cycle.map((c) => kib(baselineAt(c) ?? 0)) : null;
    const all = [...now, ...(then ?? [])];
    const low = Math.min(...all);
    const high = Math.max(...all);
    const rows = current.cycle.map((cycle, i) => ({ cycle, now: current.bytes[i], before: then ? baselineAt(cycle) : null }));
    const every = Math.max(1, Math.ceil(rows.length / 10));
    return [
        `<details><summary>Memory over cycles (${signal}${then ? ', baseline and current' : ''})</summary>`,
        '',
        '```mermaid',
        'xychart-beta',
        `    title "${signal} growth (KiB) over measured cycles${then ? ': baseline, then current' : ''}"`,
        `    x-axis "cycle after warm-up" [${current.cycle.join(', ')}]`,
        `    y-axis "KiB" ${low - 1} --> ${high + 1}`,
        ...(then ? [`    line [${then.join(', ')}]`] : []),
        `    line [${now.join(', ')}]`,
        '```',
        '',
        then ? `| cycle | baseline | current |` : '| cycle | growth |',
        then ? '|---:|---:|---:|' : '|---:|---:|',
        ...rows
            .filter((_, i) => i % every === 0 || i === rows.length - 1)
            .map((r) => then ? `| ${r.cycle} | ${r.before === null ? '—' : bytesWords(r.before)} | ${bytesWords(r.now)} |` : `| ${r.cycle} | ${bytesWords(r.now)} |`),
        '',
        '</details>',
    ];
}

/**
 * mergeReports: the JSON reports of the legs of a fan-out (leakgate run --shard i/n) into one
 * report, with one verdict. Pure. A leg that is missing or unusable is reported as an error
 * scenario, never dropped: a silent gap would let a leak through.
 *
 * Legs whose reports carry their shard (origin.shard, issue 10 §4) must be each of 1..n exactly
 * once: a missing shard, a shard given twice, a report of another fan-out size or without a
 * shard, and legs of different workflow runs are error scenarios naming the shard. Reports
 * without a shard (single runs, or written before reports had an origin) merge by count.
 */
/** error.kind of the scenarios that stand for a problem with a leg rather than with a scenario. */
const LEG_ERROR_KINDS = ['missing-leg', 'duplicate-leg', 'foreign-leg', 'too-many-scenarios'];
/** An error scenario standing for a problem with the legs, not with a scenario of theirs. */
function legError(name, kind, message, hint) {
    return unmeasuredScenario({ name, target: name, cycles: 1, warmup: 0, frames: 1 }, { kind, message, hint });
}
/** An error scenario standing for a leg that produced no usable report. */
function missingLeg(label, problem) {
    return legError(`(${label})`, 'missing-leg', `${label} produced no usable report: ${problem}`, "open that leg's job: it failed, was cancelled, or did not upload its report");
}
const times = (count) => (count === 2 ? 'twice' : `${count} times`);
const listed = (items) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);
const SHARD_HINT = 'run every leg of the matrix with --shard i/n of the same n, and merge one JSON report of each';
/**
 * One report from the legs' reports, decided again by the rules each leg decided by (the first
 * leg's fail-on, its baseline compared or not): the verdict is the worst of all scenarios.
 */
function mergeReports(legs, options = {}) {
    const expectLegs = options.expectLegs ?? null;
    const sharded = legs.some((leg) => leg.shard || leg.report?.origin?.shard);
    const count = expectLegs ?? legs.find((leg) => leg.shard)?.shard?.count ?? legs.find((leg) => leg.report?.origin?.shard)?.report?.origin?.shard?.count ?? legs.length;
    // Which legs claim each shard; the scenarios of the legs taken; the error scenarios at each leg's place.
    const claims = new Map();
    const byRun = new Map();
    const taken = [];
    const placed = legs.map(() => []);
    legs.forEach((leg, position) => {
        const out = placed[position];
        if (!leg.report) {
            out.push(missingLeg(leg.label, leg.problem ?? 'no report'));
            if (leg.shard)
                claims.set(leg.shard.index, [...(claims.get(leg.shard.index) ?? []), leg.label]);
            return;
        }
        const origin = leg.report.origin;
        if (sharded) {
            const shard = origin?.shard ?? null;
            const name = `(${leg.label})`;
            if (!shard) {
                out.push(legError(name, 'foreign-leg', `${leg.label} is not a shard: it was run without --shard, so it is not one of the ${count} legs`, SHARD_HINT));
                return;
            }
            if (shard.count !== count) {
                out.push(legError(name, 'foreign-leg', `${leg.label} is shard ${shard.index}/${shard.count}, not one of ${count} legs`, SHARD_HINT));
                return;
            }
            if (leg.shard && (leg.shard.index !== shard.index || leg.shard.count !== shard.count)) {
                out.push(legError(name, 'foreign-leg', `${leg.label} holds the report of shard ${shard.index}/${shard.count}, not of shard ${leg.shard.index}/${leg.shard.count}`, SHARD_HINT));
                return;
            }
            const claimants = [...(claims.get(shard.index) ?? []), leg.label];
            claims.set(shard.index, claimants);
            if (claimants.length > 1) {
                out.push(legError(`(shard ${shard.index}/${count} again)`, 'duplicate-leg', `shard ${shard.index}/${count} given ${times(claimants.length)}: ${listed(claimants)}`, `${SHARD_HINT}; only the first one's scenarios are kept`));
                return;
            }
        }
        else if (origin) {
            // An unsharded report given twice is the same process's run id twice.
            const first = byRun.get(origin.runId);
            if (first !== undefined) {
                out.push(legError(`(${leg.label})`, 'duplicate-leg', `${leg.label} is the same report as ${first} (run ${origin.runId}) given twice`, 'merge one JSON report of each leg'));
                return;
            }
            byRun.set(origin.runId, leg.label);
        }
        taken.push({ leg, report: leg.report });
    });
    const scenarios = [];
    const warnings = [];
    const seen = new Set();
    legs.forEach((leg, position) => {
        const kept = taken.find((t) => t.leg === leg);
        if (kept) {
            for (const scenario of kept.report.scenarios) {
                if (seen.has(scenario.name)) {
                    warnings.push(`scenario ${scenario.name} was reported by more than one leg; ${leg.label}'s copy is left out`);
                    continue;
                }
                seen.add(scenario.name);
                scenarios.push(scenario);
            }
            for (const warning of kept.report.warnings)
                if (!warnings.includes(warning))
                    warnings.push(warning);
        }
        scenarios.push(...placed[position]);
    });
    if (sharded) {
        for (let index = 1; index <= count; index++) {
            if (claims.has(index))
                continue;
            scenarios.push(legError(`(shard ${index}/${count})`, 'missing-leg', `shard ${index}/${count} missing: none of the reports given is shard ${index} of ${count}`, `give the JSON report of leakgate run --shard ${index}/${count}; if that leg failed or was cancelled, re-run it`));
        }
    }
    else {
        for (let leg = legs.length + 1; expectLegs !== null && leg <= expectLegs; leg++)
            scenarios.push(missingLeg(`leg ${leg} of ${expectLegs}`, 'no report was given for it'));
    }
    // Legs of different workflow runs measured different code (another commit, or another push):
    // merging them would gate this run on another one's results, as dangerous as a duplicated leg.
    // Different attempts of one run are fine: re-running failed jobs keeps the passed legs' reports.
    const runs = new Map();
    for (const { leg, report } of taken) {
        const ci = report.origin?.ci;
        if (ci)
            runs.set(ci.runId, [...(runs.get(ci.runId) ?? []), leg.label]);
    }
    if (runs.size > 1) {
        const which = [...runs].map(([run, labels]) => `${listed(labels)} from workflow run ${run}`);
        scenarios.push(legError('(legs of different runs)', 'foreign-leg', `the legs come from different workflow runs: ${which.join('; ')}`, 'merge the legs of one workflow run: download the artifacts of this run only'));
    }
    const first = legs.find((leg) => leg.report)?.report ?? null;
    const merged = withinLimit(scenarios);
    const verdict = decide({
        scenarios: merged.map(evidenceOf),
        policy: { failOn: first?.gate.failOn ?? 'leak', failOnKnownLeaks: first?.gate.failOnKnownLeaks ?? false },
        compared: first?.baseline?.status === 'compared',
        acceptedBy: options.acceptedBy ?? null,
    });
    const staleIgnores = staleInEveryLeg(taken.map((t) => t.report));
    return buildReport(merged, verdict, { baseline: first?.baseline ?? null, warnings, staleIgnores, failOnKnownLeaks: first?.gate.failOnKnownLeaks });
}
/** An ignore entry is stale in the merged report only when every leg's report calls it stale: another shard may have matched it. */
function staleInEveryLeg(reports) {
    if (reports.length === 0)
        return [];
    const key = (s) => JSON.stringify([s.source, s.match, s.scenario]);
    const [first, ...rest] = reports;
    const elsewhere = rest.map((r) => new Set((r.staleIgnores ?? []).map(key)));
    return (first.staleIgnores ?? []).filter((s) => elsewhere.every((keys) => keys.has(key(s))));
}
const isLegError = (s) => s.error !== null && LEG_ERROR_KINDS.includes(s.error.kind);
/** At most LIMITS.scenarios: past it, measured scenarios are left out (never the legs' errors) and one error says so. */
function withinLimit(scenarios) {
    if (scenarios.length <= LIMITS.scenarios)
        return scenarios;
    let room = LIMITS.scenarios - 1 - scenarios.filter(isLegError).length;
    const kept = scenarios.filter((s) => isLegError(s) || room-- > 0);
    const left = scenarios.length - kept.length;
    kept.push(legError('(too many scenarios)', 'too-many-scenarios', `the legs hold ${scenarios.length} scenarios together, more than the ${LIMITS.scenarios} one report may hold: ${left} are left out`, `split the scenarios over several fan-outs of at most ${LIMITS.scenarios} scenarios each`));
    return kept;
}

/**
 * Where a report came from: the leakgate process that made it, the GitHub Actions run it ran
 * in, and its shard of a fan-out. Merge uses it to take each leg exactly once (issue 10 §4).
 */
/** The origin of a report made now by this process; `env` is the process's environment. */
function reportOrigin(env, shard, startedAt, runId = randomUUID()) {
    const ciRunId = env.GITHUB_ACTIONS === 'true' && env.GITHUB_RUN_ID ? env.GITHUB_RUN_ID : null;
    return {
        runId,
        startedAt: startedAt.toISOString(),
        ci: ciRunId ? { runId: ciRunId, runAttempt: env.GITHUB_RUN_ATTEMPT || null } : null,
        shard,
    };
}
const plural = (count, one, many) => `${count} ${count === 1 ? one : many}`;
/** "shard 2/2 has no scenarios: 1 scenario split over 2 shards". */
function emptyShardSummary(shard) {
    return `shard ${shard.index}/${shard.count} has no scenarios: ${plural(shard.scenariosInAll, 'scenario', 'scenarios')} split over ${shard.count} shards`;
}
/** The report with its origin; a shard that got no scenarios says so in its summary. */
function withOrigin(report, origin) {
    const summary = origin.shard && report.scenarios.length === 0 ? emptyShardSummary(origin.shard) : report.summary;
    return { ...report, summary, origin };
}

/**
 * renderTerminal: the report as a person reads it in a terminal. Pure: data in, text out.
 * Every string from the scenario, the harness or an artifact goes through terminalText (one
 * line) or terminalLines (a block), so ESC, bidi controls and line breaks show as escapes; the
 * whole output then goes through defuseWorkflowCommands, because in GitHub Actions the runner
 * reads a step's stdout for `::commands::`.
 */
const CODES = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1, cyan: 36 };
function paint(style, code, text) {
    return style.color ? `\u001b[${CODES[code]}m${text}\u001b[0m` : text;
}
const MAX_SITES = 5;
const MAX_TYPES = 5;
/** Why no traced window ran: nothing grew, or what grew did not continue through the extension. */
function untracedWhy(s) {
    return s.confirmation?.outcome === 'released' ? 'the growth did not continue' : 'no growth seen';
}
/** Render every scenario, then the overall verdict. */
function renderTerminal(report, style) {
    // Failing scenarios first: they are what the reader came for.
    const order = { error: 0, fail: 1, pass: 2 };
    const sorted = report.scenarios.length > 1 ? [...report.scenarios].sort((a, b) => order[a.verdict] - order[b.verdict]) : report.scenarios;
    const blocks = sorted.map((s) => renderScenario(s, style));
    if (report.scenarios.length > 1)
        blocks.unshift(summaryTable(report, style));
    const header = [];
    if (report.baseline?.status === 'compared')
        header.push(`Compared with the baseline ${terminalText(report.baseline.source)}${report.baseline.createdAt ? ` (recorded ${terminalText(report.baseline.createdAt)})` : ''}`);
    for (const caveat of report.baseline?.caveats ?? [])
        header.push(paint(style, 'yellow', `  caveat: ${terminalText(caveat)}`));
    for (const warning of report.warnings)
        header.push(paint(style, 'yellow', `warning: ${terminalText(warning)}`));
    for (const stale of report.staleIgnores ?? [])
        header.push(paint(style, 'yellow', `warning: ${terminalText(staleIgnoreWords(stale))}`));
    if (report.gate.note)
        header.push(paint(style, 'dim', `gate: ${terminalText(report.gate.note)}`));
    if (header.length > 0)
        blocks.unshift(header.join('\n'));
    if (report.scenarios.length > 1 || report.baseline) {
        const mark = report.verdict === 'pass' ? paint(style, 'green', 'PASS') : report.verdict === 'fail' ? paint(style, 'red', 'FAIL') : paint(style, 'yellow', 'ERROR');
        blocks.push(`${paint(style, 'bold', 'leakgate')} ${mark}: ${terminalText(report.summary)}`);
    }
    return defuseWorkflowCommands(`${blocks.join('\n\n')}\n`);
}
/** One row per scenario: verdict, kind and growth per cycle, in the order they were given. */
function summaryTable(report, style) {
    const width = Math.min(48, Math.max(8, ...report.scenarios.map((s) => terminalText(s.name).length)));
    const rows = report.scenarios.map((s) => {
        const mark = s.verdict === 'pass' ? paint(style, 'green', 'pass ') : s.verdict === 'fail' ? paint(style, 'red', 'LEAK ') : paint(style, 'yellow', 'ERROR');
        const what = s.verdict === 'error'
            ? terminalText(s.error?.message ?? '').slice(0, 60)
            : s.leak.detected
                ? `${terminalText(String(s.leak.kind))} · traced ${signedBytes(s.growth.tracedBytesPerCycle)} ` +
                    `· RSS ${signedBytes(s.growth.rssBytesPerCycle)} · fds ${signedCount(s.growth.fdsPerCycle)}`
                : terminalText(leakSummaryWords(s));
        const against = s.comparison ? ` · ${comparisonLabel(s.comparison)}` : '';
        const name = terminalText(s.name);
        return `  ${mark}  ${(name.length > width ? `…${name.slice(name.length - width + 1)}` : name).padEnd(width)}  ${what}${against}`;
    });
    return [`${paint(style, 'bold', 'Scenarios')} (${report.scenarios.length})`, ...rows].join('\n');
}
function verdictLine(s, style) {
    const name = paint(style, 'bold', terminalText(s.name));
    const against = s.comparison && s.comparison.class !== 'no-baseline' ? ` (${comparisonLabel(s.comparison)})` : s.comparison ? ' (no baseline yet)' : '';
    if (s.verdict === 'error')
        return `${paint(style, 'yellow', '! ERROR')}  ${name}: the scenario could not be measured`;
    if (s.verdict === 'fail')
        return `${paint(style, 'red', '✗ LEAK')}  ${name}: ${terminalText(leakSummaryWords(s))}${against}`;
    if (s.leak.detected || s.explanation?.knownLibraryLeak)
        return `${paint(style, 'yellow', '✓ PASS')}  ${name}: ${terminalText(leakSummaryWords(s))}${against}, not failing`;
    return `${paint(style, 'green', '✓ PASS')}  ${name}: no leak${against}`;
}
function comparisonLines(s, style) {
    const c = s.comparison;
    if (!c)
        return [];
    const lines = ['', `  Against the baseline: ${paint(style, 'bold', comparisonLabel(c))} — ${terminalText(c.reason)}`];
    for (const caveat of c.caveats)
        lines.push(paint(style, 'yellow', `    caveat: ${terminalText(caveat)}`));
    if (!c.baseline)
        return lines;
    lines.push(`    ${''.padEnd(22)} ${'baseline'.padStart(12)} ${'current'.padStart(12)}`);
    for (const [label, before, now] of growthRows(s.growth, c.baseline.growth))
        lines.push(`    ${label.padEnd(22)} ${before.padStart(12)} ${now.padStart(12)}`);
    const sites = c.sites.filter((site) => site.class !== 'clean').slice(0, 6);
    for (const site of sites) {
        const before = site.baselineBytesPerCycle === null ? '—' : bytesWords(site.baselineBytesPerCycle);
        const now = site.bytesPerCycle === null ? '—' : bytesWords(site.bytesPerCycle);
        const was = site.baselineCode
            ? ` (was line ${site.baselineLine ?? site.line}: ${terminalText(site.baselineCode)})`
            : site.baselineLine
                ? ` (was line ${site.baselineLine})`
                : '';
        lines.push(`    [${CLASS_LABEL[site.class]}] ${terminalText(site.file)}:${site.line} in ${terminalText(site.function)}${was}  ${before} → ${now} per cycle`);
    }
    for (const t of c.types.slice(0, 6)) {
        const before = t.baselinePerCycle === null ? '—' : String(round(t.baselinePerCycle));
        const now = t.perCycle === null ? '—' : String(round(t.perCycle));
        lines.push(`    [${CLASS_LABEL[t.class]}] ${terminalText(t.type)}  ${before} → ${now} per cycle`);
    }
    if (c.baseline.series.bytes.length > 1) {
        const current = memorySeries(s);
        lines.push(`    memory   baseline ${sparkline(c.baseline.series.bytes, 30)}  current ${sparkline(current.bytes, 30)}`);
    }
    return lines;
}
function renderScenario(s, style) {
    const lines = [verdictLine(s, style)];
    // Nothing was measured: only the error is shown.
    if (measuredNothing(s))
        return [...lines, ...errorLines(s, style)].join('\n');
    const env = s.environment.python
        ? `Python ${terminalText(s.environment.python)} (${terminalText(s.environment.implementation ?? '')}, ${terminalText(s.environment.platform ?? '')})`
        : 'Python did not start';
    lines.push(paint(style, 'dim', `  ${s.cycles} cycles after ${s.warmup} warm-up · ${env} · ` +
        `${secondsWords(s.timing.wallSeconds)}${s.timing.tracedCycles ? ` · ${s.timing.tracedCycles} traced cycles` : ''}`));
    const extended = confirmationWords(s.confirmation);
    if (extended !== null)
        lines.push(paint(style, 'dim', `  ${extended}`));
    lines.push(...comparisonLines(s, style));
    lines.push(...errorLines(s, style));
    if (s.leak.reasons.length > 0) {
        lines.push('', '  Why');
        for (const reason of s.leak.reasons)
            lines.push(`    • ${terminalText(reason)}`);
    }
    for (const note of s.leak.notes)
        lines.push('', paint(style, 'dim', `  Note: ${terminalText(note)}`));
    lines.push(...explanationLines(s, style));
    const g = s.growth;
    lines.push('', '  Growth per cycle');
    const rows = [
        ['traced Python memory', g.tracedBytesPerCycle === null ? `not traced (${untracedWhy(s)})` : signedBytes(g.tracedBytesPerCycle)],
        ['allocated blocks', signedCount(g.blocksPerCycle)],
        ['RSS', signedBytes(g.rssBytesPerCycle)],
        ['malloc heap', signedBytes(g.heapBytesPerCycle)],
        ['open descriptors', signedCount(g.fdsPerCycle)],
    ];
    for (const [label, value] of rows)
        lines.push(`    ${label.padEnd(22)} ${value}`);
    if (s.sites.length > 0) {
        lines.push('', '  Top growing sites');
        s.sites.slice(0, MAX_SITES).forEach((site, i) => {
            const where = `${terminalText(site.file)}:${site.line}`;
            const caveat = siteCaveatWords(site);
            const leaks = siteObjectWords(site);
            lines.push(`    ${i + 1}. ${paint(style, 'cyan', where)} in ${terminalText(site.function)}  ` +
                `${bytesWords(site.bytesPerCycle)}/cycle, ` +
                `${round(site.countPerCycle)} ${round(site.countPerCycle) === 1 ? 'block' : 'blocks'}/cycle` +
                `${leaks ? ` of ${terminalText(leaks)}` : ''}${paint(style, 'dim', caveat)}`);
            if (site.code)
                lines.push(paint(style, 'dim', `         ${terminalText(site.code)}`));
            if (site.retainedBy)
                lines.push(`         held by: ${terminalText(site.retainedBy)}`);
            const kept = keptWords(site);
            if (kept)
                lines.push(`         ${terminalText(kept)}`);
        });
    }
    if (s.types.length > 0) {
        lines.push('', '  Top growing types');
        s.types.slice(0, MAX_TYPES).forEach((t, i) => {
            // A part is indented under its owner, whose path is the one to read.
            const part = partOfWords(t);
            lines.push(`    ${i + 1}. ${part ? '  ' : ''}${terminalText(t.type)}  ${terminalText(typeGrowthWords(t))}${part ? paint(style, 'dim', `, ${terminalText(part)}`) : ''}`);
            if (t.retainedBy && !part)
                lines.push(`         held by: ${terminalText(t.retainedBy)}`);
        });
    }
    if (s.fdTargets.length > 0) {
        lines.push('', '  New open descriptors point at');
        for (const t of s.fdTargets)
            lines.push(`    +${t.growth}  ${terminalText(t.target)}`);
    }
    if (s.nativeLead) {
        const lead = s.nativeLead;
        lines.push('', `  ${NATIVE_LEAD_HEADING} (${NATIVE_LEAD_CAVEAT})`);
        if (lead.calls.length === 0)
            lines.push(`    ${terminalText(nativeLeadEmptyWords(lead))}`);
        lead.calls.slice(0, MAX_SITES).forEach((call, i) => {
            const where = `${terminalText(call.file)}:${call.line}`;
            lines.push(`    ${i + 1}. ${terminalText(call.callee)} at ${paint(style, 'cyan', where)} in ${terminalText(call.function)}  ${nativeCallWords(call, lead.cycles)}`);
            if (call.code)
                lines.push(paint(style, 'dim', `         ${terminalText(call.code)}`));
        });
    }
    if (s.fdOwners && s.fdOwners.length > 0) {
        lines.push('', '  Leaking descriptors');
        s.fdOwners.forEach((o, i) => {
            lines.push(`    ${i + 1}. ${fdOwnerWords(o, (text) => `\`${terminalText(text)}\``)}`);
        });
    }
    const chart = chartLines(s);
    if (chart.length > 0)
        lines.push('', '  Memory over cycles (after warm-up)', ...chart);
    if (s.unmeasured.length > 0) {
        lines.push('', '  Not measured on this platform');
        for (const note of s.unmeasured)
            lines.push(`    - ${terminalText(note)}`);
    }
    return lines.join('\n');
}
/** Known library leaks with their workaround, growth inside a library, suppressed growth, and the reasons they explain (issue 14). */
function explanationLines(s, style) {
    const e = s.explanation;
    if (!e)
        return [];
    const lines = [];
    for (const k of e.knownLeaks) {
        lines.push('', `  ${paint(style, 'bold', terminalText(knownLeakWords(k)))}`);
        lines.push(`    ${terminalText(k.explanation)}`, `    Workaround: ${terminalText(k.workaround)}`, `    ${terminalText(knownLeakLinkWords(k))}`);
        lines.push(paint(style, 'dim', `    Versions: ${terminalText(k.versions)}`));
    }
    if (e.library)
        lines.push('', `  Inside a library: ${terminalText(libraryWords(e.library))}`);
    if (e.suppressed.length > 0) {
        lines.push('', '  Suppressed');
        for (const x of e.suppressed)
            lines.push(`    • ${terminalText(suppressedWords(x))}`);
    }
    if (e.explained.length > 0) {
        lines.push('', '  Explained, not counted');
        for (const x of e.explained)
            lines.push(paint(style, 'dim', `    • ${terminalText(explainedWords(x))}`));
    }
    return lines;
}
/** The verdict line and the error: message, fix, traceback and the scenario's output. */
function chartLines(s) {
    const c = s.series.cycles;
    const measured = c.phase.map((p, i) => (p === 'measure' || p === 'confirm' ? i : -1)).filter((i) => i >= 0);
    const pick = (values) => measured.map((i) => values[i]);
    const out = [];
    const add = (label, values, format) => {
        const finite = values.filter((v) => v !== null);
        if (finite.length < 2)
            return;
        out.push(`    ${label.padEnd(8)} ${sparkline(values)}  ${format(finite[0])} → ${format(finite[finite.length - 1])}`);
    };
    add('RSS', pick(c.rssBytes), bytesWords);
    add('heap', pick(c.heapBytes), bytesWords);
    add('blocks', s.series.checkpoints.blocks.filter((_, i) => s.series.checkpoints.cycle[i] > s.warmup), (v) => String(v));
    add('fds', pick(c.fds), (v) => String(v));
    add('traced', s.series.traced.tracedBytes, bytesWords);
    return out;
}
/** The error's message, its fix, its traceback and the scenario's output tail. */
function errorLines(s, style) {
    if (!s.error)
        return [];
    const lines = ['', `  ${paint(style, 'yellow', terminalText(s.error.message))}`];
    if (s.error.hint)
        lines.push(`  fix: ${terminalText(s.error.hint)}`);
    if (s.error.traceback)
        lines.push('', ...indent(String(s.error.traceback).trimEnd(), '    '));
    if (String(s.error.output ?? '').trim())
        lines.push('', ...indent(String(s.error.output).trimEnd(), '    '));
    return lines;
}
function indent(text, prefix) {
    return terminalLines(text).map((line) => `${prefix}${line}`);
}

/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
function getLineColFromPtr(string, ptr) {
    let lines = string.slice(0, ptr).split(/\r?\n/);
    return [lines.length, lines.pop().length + 1];
}
function makeCodeBlock(string, line, column) {
    let lines = string.split(/\r?\n/);
    let codeblock = '';
    let numberLen = (Math.log10(line + 1) | 0) + 1;
    for (let i = line - 1; i <= line + 1; i++) {
        let l = lines[i - 1];
        if (!l)
            continue;
        codeblock += i.toString().padEnd(numberLen, ' ');
        codeblock += ':  ';
        codeblock += l;
        codeblock += '\n';
        if (i === line) {
            codeblock += ' '.repeat(numberLen + column + 2);
            codeblock += '^\n';
        }
    }
    return codeblock;
}
class TomlError extends Error {
    line;
    column;
    codeblock;
    constructor(message, options) {
        const [line, column] = getLineColFromPtr(options.toml, options.ptr);
        const codeblock = makeCodeBlock(options.toml, line, column);
        super(`Invalid TOML document: ${message}\n\n${codeblock}`, options);
        this.line = line;
        this.column = column;
        this.codeblock = codeblock;
    }
    /** @internal */
    static x(message, ctx, ptr) {
        throw new TomlError(message, { toml: ctx.s, ptr: ptr ?? ctx.p });
    }
}

/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
/** @internal */
function parseString(ctx) {
    let startPtr = ctx.p;
    let c = ctx.s.charCodeAt(ctx.p++);
    let first = c;
    let isLiteral = c === 0x27; /* ' */
    let isMultiline = c === ctx.s.charCodeAt(ctx.p) && c === ctx.s.charCodeAt(ctx.p + 1);
    if (isMultiline) {
        // Trim initial newline
        if ((c = ctx.s.charCodeAt(ctx.p += 2)) === 0xa /* \n */)
            ctx.p++;
        else if (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */)
            ctx.p += 2;
    }
    // For the record: it is not worth it to use a fast-path for literal strings using `indexOf`.
    // Doing a char-by-char iteration ends up dispatching less instructions, for the same wall-clock runtime.
    let parsed = '';
    let sliceStart = ctx.p;
    // states:
    //   0 - decoding
    //   1 - decoding escape
    //   2 - whitespace escape (no newline encountered yet, must fail on non-whitespace)
    //   3 - whitespace escape (newline encountered, allowed to transition back to normal decode)
    let state = 0;
    for (; ctx.p < ctx.s.length; ctx.p++) {
        c = ctx.s.charCodeAt(ctx.p);
        // Deal with newlines first, since that simplifies control character checking and handling across all states
        if (isMultiline && (c === 0xa /* \n */ || (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */))) {
            state = state && 3;
        }
        // Control characters are banned in TOML, so we throw an error if we encounter them
        else if ((c < 0x20 && c !== 0x9 /* \t */) || c === 0x7f) {
            TomlError.x('control characters are not allowed in strings', ctx);
        }
        // The string might terminate while we're parsing through a newline escape.
        // It must have encountered a newline; otherwise, it'll simply fail in another branch.
        else if ((!state || state === 3) && c === first && (!isMultiline || (ctx.s.charCodeAt(ctx.p + 1) === first && ctx.s.charCodeAt(ctx.p + 2) === first))) {
            if (isMultiline) {
                // If the string ends with 4-5 quotes, then the first 1-2 are part of the string
                if (ctx.s.charCodeAt(ctx.p + 3) === first)
                    ctx.p++;
                if (ctx.s.charCodeAt(ctx.p + 3) === first)
                    ctx.p++;
            }
            // If we're in a newline escape still, then there's nothing to add.
            if (!state) {
                // Avoid a useless concat operation if the string can be used as-is.
                let s = ctx.s.slice(sliceStart, ctx.p);
                parsed = parsed ? parsed + s : s;
            }
            ctx.p += isMultiline ? 3 : 1;
            return parsed;
        }
        // Baseline state; keep moving forward unless an escape sequence starts
        else if (!state) {
            if (!isLiteral && c === 0x5c /* \ */) {
                parsed += ctx.s.slice(sliceStart, (sliceStart = ctx.p));
                state = 1;
            }
        }
        else if (state === 1) {
            if (c === 0x78 /* x */ || c === 0x75 /* u */ || c === 0x55 /* U */) { // Unicode escape
                let errPtr = ctx.p++ - 1;
                let value = 0;
                let len = c === 0x78 /* x */ ? 2 : c === 0x75 /* u */ ? 4 : 8;
                for (let j = 0; j < len; j++, ctx.p++) {
                    let hex = ctx.s.charCodeAt(ctx.p);
                    let digit = 
                    /* 0-9 */ hex >= 0x30 && hex <= 0x39 ? hex - 0x30 :
                        /* A-F */ hex >= 0x41 && hex <= 0x46 ? hex - 0x41 + 10 :
                            /* a-f */ hex >= 0x61 && hex <= 0x66 ? hex - 0x61 + 10 : -1;
                    if (digit < 0)
                        TomlError.x('invalid non-hex character in unicode escape', ctx);
                    value = (value << 4) | digit;
                }
                // Because JS does bitwise on signed 32bit integers, all 0xfzzzzzzz values are actually seen as negative
                if (value < 0 || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) {
                    TomlError.x('invalid unicode escape', ctx, errPtr);
                }
                parsed += String.fromCodePoint(value);
                sliceStart = ctx.p--;
                state = 0;
            }
            // Newline escape sequence. We only need to care about spaces and tabs; newlines are dealt with earlier
            else if (isMultiline && (c === 0x20 || c === 0x9 /* \t */)) {
                state = 2;
            }
            // Basic escape sequence
            else {
                if (c === 0x62 /* b */)
                    parsed += '\b';
                else if (c === 0x74 /* t */)
                    parsed += '\t';
                else if (c === 0x6e /* n */)
                    parsed += '\n';
                else if (c === 0x66 /* f */)
                    parsed += '\f';
                else if (c === 0x72 /* r */)
                    parsed += '\r';
                else if (c === 0x65 /* e */)
                    parsed += '\x1b';
                else if (c === 0x22 /* " */)
                    parsed += '"';
                else if (c === 0x5c /* \ */)
                    parsed += '\\';
                else
                    TomlError.x('unrecognised escape sequence', ctx);
                sliceStart = ctx.p + 1;
                state = 0;
            }
        }
        // Newline escape continuation: keep moving forward until the first non-whitespace char
        else if (c !== 0x20 && c !== 0x9 /* \t */) {
            if (state === 2)
                TomlError.x('invalid escape: only line-ending whitespace may be escaped', ctx, sliceStart);
            // State cannot be zero, or we'd have branched earlier already.
            // If it's a backslash, immediately transition to the escape state so it can be processed.
            state = !isLiteral && c === 0x5c /* \ */ ? 1 : 0;
            sliceStart = ctx.p;
        }
    }
    TomlError.x('unfinished string', ctx, startPtr);
}

/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
let DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})?[Tt ]?(?:(\d{2}):\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|z|[-+]\d{2}:\d{2})?$/i;
class TomlDate extends Date {
    #hasDate = false;
    #hasTime = false;
    #offset = null;
    constructor(date, fasttype, unsafeDelim) {
        let hasDate = true;
        let hasTime = true;
        let offset = 'Z';
        let c;
        if (typeof date === 'string') {
            if (fasttype)
                prep: {
                    // Date-time
                    if (fasttype < 3) {
                        if (+date.slice(11, 13) > 23) {
                            date = '';
                            break prep;
                        }
                        // Local
                        if (fasttype === 2) {
                            offset = null;
                            date += 'Z';
                        }
                        // Offset; keep track of offset if not Z
                        else if ((c = date.charCodeAt(date.length - 1)) !== 0x5a /* Z */ && c !== 0x7a /* z */) {
                            offset = date.slice(date.length - 6);
                        }
                        if (unsafeDelim)
                            date = date.slice(0, 10) + 'T' + date.slice(11);
                    }
                    // Time
                    else if (fasttype === 4) {
                        date = +date.slice(0, 2) > 23 ? '' : `0000-01-01T${date}Z`;
                    }
                    hasDate = fasttype !== 4;
                    hasTime = fasttype !== 3;
                }
            else {
                let match = date.match(DATE_TIME_RE);
                if (match) {
                    if (!match[1]) {
                        hasDate = false;
                        date = `0000-01-01T${date}`;
                    }
                    hasTime = !!match[2];
                    // Make sure to use T instead of a space. Breaks in case of extreme values otherwise.
                    hasTime && date[10] === ' ' && (date = date.replace(' ', 'T'));
                    // Do not allow rollover hours.
                    if (match[2] && +match[2] > 23) {
                        date = '';
                    }
                    else {
                        offset = match[3] || null;
                        if (!offset && hasTime)
                            date += 'Z';
                    }
                }
                else {
                    date = '';
                }
            }
        }
        super(date);
        if (!isNaN(this.getTime())) {
            this.#hasDate = hasDate;
            this.#hasTime = hasTime;
            this.#offset = offset;
        }
    }
    isDateTime() {
        return this.#hasDate && this.#hasTime;
    }
    isLocal() {
        return !this.#hasDate || !this.#hasTime || !this.#offset;
    }
    isDate() {
        return this.#hasDate && !this.#hasTime;
    }
    isTime() {
        return this.#hasTime && !this.#hasDate;
    }
    isValid() {
        return this.#hasDate || this.#hasTime;
    }
    toISOString() {
        let iso = super.toISOString();
        // Local Date
        if (this.isDate())
            return iso.slice(0, 10);
        // Local Time
        if (this.isTime())
            return iso.slice(11, 23);
        // Local DateTime
        if (this.#offset === null)
            return iso.slice(0, -1);
        // Offset DateTime
        if (this.#offset === 'Z' || this.#offset === 'z')
            return iso;
        // This part is quite annoying: JS strips the original timezone from the ISO string representation
        // Instead of using a "modified" date and "Z", we restore the representation "as authored"
        let offset = (+(this.#offset.slice(1, 3)) * 60) + +(this.#offset.slice(4, 6));
        offset = this.#offset[0] === '-' ? offset : -offset;
        let offsetDate = new Date(this.getTime() - (offset * 60e3));
        return offsetDate.toISOString().slice(0, -1) + this.#offset;
    }
    static wrapAsOffsetDateTime(jsDate, offset = 'Z') {
        let date = new TomlDate(jsDate);
        date.#offset = offset;
        return date;
    }
    static wrapAsLocalDateTime(jsDate) {
        let date = new TomlDate(jsDate);
        date.#offset = null;
        return date;
    }
    static wrapAsLocalDate(jsDate) {
        let date = new TomlDate(jsDate);
        date.#hasTime = false;
        date.#offset = null;
        return date;
    }
    static wrapAsLocalTime(jsDate) {
        let date = new TomlDate(jsDate);
        date.#hasDate = false;
        date.#offset = null;
        return date;
    }
}

/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
function isDigit(char, base = 10) {
    return base === 16
        ? (char > 0x2f && char < 0x3a) || (char > 0x40 && char < 0x47) || (char > 0x60 && char < 0x67)
        : (char > 0x2f && char < 0x30 + base);
}
function isEndOfValue(char, delim) {
    // Whitespace -- we're permissive on `\r` for performance; it'll be dealt with later anyway
    return char === 0x20 || char === 0x9 /* \t */ || char === 0xa /* \n */ || char === 0xd /* \r */ ||
        // Structure end or next value delimiter
        (delim && (char === delim || char === 0x2c /* , */)) ||
        // Comment
        char === 0x23; /* # */
}
/** @internal */
function extractValue(ctx, end) {
    let errPtr = ctx.p;
    let c = ctx.s.charCodeAt(ctx.p);
    // Structs
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
        ctx.d-- || TomlError.x('document contains excessively nested structures. aborting.', ctx);
        let value = c === 0x5b /* [ */
            ? parseArray(ctx)
            : parseInlineTable(ctx);
        ctx.d++;
        return value;
    }
    // Strings
    if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
        return parseString(ctx);
    }
    // Booleans
    // We can fast-path because the first character is enough to know the only possible value
    if (c === 0x74 /* t */) { // Only possible valid value is `true`
        if (ctx.s.charCodeAt(++ctx.p) !== 0x72 || ctx.s.charCodeAt(++ctx.p) !== 0x75 || ctx.s.charCodeAt(++ctx.p) !== 0x65)
            TomlError.x('invalid value', ctx, errPtr);
        return ctx.p++, true;
    }
    if (c === 0x66 /* f */) { // Only possible valid value is `false`
        if (ctx.s.charCodeAt(++ctx.p) !== 0x61 || ctx.s.charCodeAt(++ctx.p) !== 0x6c || ctx.s.charCodeAt(++ctx.p) !== 0x73 || ctx.s.charCodeAt(++ctx.p) !== 0x65)
            TomlError.x('invalid value', ctx, errPtr);
        return ctx.p++, false;
    }
    if (c === 0x2b /* + */ || c === 0x2d /* - */) {
        return parseNumber$1(ctx, ctx.p, ctx.s.charCodeAt(++ctx.p), 0x2c - c, end);
    }
    // Rough heuristic, but `parseDate` falls back to number parsing if it's a false positive.
    // e.g.: `a = 1\n-------------- = 1` would match this heuristic, but gracefully fallback to numbers.
    if (ctx.s.charCodeAt(ctx.p + 4) === 0x2d /* - */ && ctx.s.charCodeAt(ctx.p + 7) === 0x2d /* - */) {
        return parseDate(ctx, c, end);
    }
    // Same logic as above; `parseTime` falls back to number parsing if it's a false positive.
    if (ctx.s.charCodeAt(ctx.p + 2) === 0x3a /* : */) {
        return parseTime(ctx, c, end);
    }
    return parseNumber$1(ctx, ctx.p, c, 0, end);
}
// State:
// 0: init
// 1: integer
// 2: fractional dot
// 3: fractional
// 4: exponent letter
// 5: exponent
// 6: exponent sign
// 7: exponent with sign
// >9: underscore; see below
//     -> 12: was integer
//     -> 14: was fractional
//     -> 16: was exponent
// states 2-5, 14, 16 are ONLY permitted iif base === 10
function parseNumber$1(ctx, startPtr, startChr, sign, endChr) {
    let c = startChr;
    let state = 0;
    let hasUnderscores = false;
    // (+/-)inf
    if (c === 0x69 /* i */) {
        if (ctx.s.charCodeAt(++ctx.p) !== 0x6e || ctx.s.charCodeAt(++ctx.p) !== 0x66)
            TomlError.x('invalid value', ctx, startPtr);
        return ctx.p++, (sign || 1) / 0;
    }
    // (+/-)nan
    if (c === 0x6e /* n */) {
        if (ctx.s.charCodeAt(++ctx.p) !== 0x61 || ctx.s.charCodeAt(++ctx.p) !== 0x6e)
            TomlError.x('invalid value', ctx, startPtr);
        return ctx.p++, NaN;
    }
    // Leading zero
    // Only allowed cases: `0<EOV>`, `0.(...)`, `0e(...)`, `0x(...)`, `0b(...)`, `0o(...)`
    // FWIW, `0e(...)` is a stupid case, but it's not banned per-se so we have to parse it
    if (c === 0x30 /* 0 */) {
        if (++ctx.p >= ctx.s.length || isEndOfValue(c = ctx.s.charCodeAt(ctx.p), endChr))
            return ctx.bi === true ? 0n : 0; // note: conveniently deals with `-0`
        if (!sign) {
            if (c === 0x78 /* x */)
                return parseIntegerBaseN(ctx, startPtr, 16, endChr);
            else if (c === 0x62 /* b */)
                return parseIntegerBaseN(ctx, startPtr, 2, endChr);
            else if (c === 0x6f /* o */)
                return parseIntegerBaseN(ctx, startPtr, 8, endChr);
        }
        if (c === 0x2e /* . */)
            state = 2;
        else if (c === 0x65 /* e */ || c === 0x45 /* E */)
            state = 4;
        else
            TomlError.x('illegal leading zero', ctx, startPtr);
    }
    // If the 1st char is not a digit by now, then it's not a valid TOML value at all
    else if (!isDigit(c))
        TomlError.x('invalid value', ctx, startPtr);
    while (++ctx.p < ctx.s.length && (c = ctx.s.charCodeAt(ctx.p), !isEndOfValue(c, endChr))) {
        if (!state)
            state = 1; // Detects single-digit numbers we can use a fast parse path for
        // The way the states are numbered is not random: underscores are always permitted in odd-numbered states and
        // never permitted in even-numbered ones.
        if (c === 0x5f /* _ */) {
            if (!(state & 1))
                TomlError.x('illegal underscore', ctx);
            state += 11; // 11 is a marker that makes the state even and greater than 9; see the numbering + rationale above
            hasUnderscores = true;
        }
        // Transition to fractional part.
        else if (state === 1 && c === 0x2e /* . */)
            state = 2;
        // Transition to exponent part.
        else if ((state === 1 || state === 3) && (c === 0x65 /* e */ || c === 0x45 /* E */))
            state = 4;
        // + and - are permitted in state 4 only (handled before entering the function for state 0)
        else if (state === 4 && (c === 0x2b /* + */ || c === 0x2d /* - */)) {
            state = 6;
        }
        // All special cases have been handled; only digits are allowed here
        else if (!isDigit(c))
            TomlError.x(`illegal character in numeric literal`, ctx);
        // Clear state flags
        else if (state > 9)
            state -= 11;
        else if (!(state & 1))
            state++;
    }
    // Single-char number; we can fast-path these very easily.
    if (!state) {
        let val = (startChr - 0x30 /* 0 */) * (sign || 1);
        return ctx.bi === true ? BigInt(val) : val;
    }
    // Even-numbered states absolutely require a digit next; not even end of value is permitted
    if (!(state & 1))
        TomlError.x('unfinished numeric value', ctx, startPtr);
    let str = ctx.s.slice(startPtr, ctx.p);
    if (hasUnderscores)
        str = str.replaceAll('_', ''); // perf: replaceAll 1.25x faster than replace with a regex
    return state > 1
        ? parseFloat(str)
        : parseInteger(ctx, str, 10, startPtr);
}
function parseIntegerBaseN(ctx, startPtr, base, endChr) {
    let c, underscore = 1;
    while (++ctx.p < ctx.s.length && (c = ctx.s.charCodeAt(ctx.p), !isEndOfValue(c, endChr))) {
        if (c === 0x5f /* _ */) {
            if (underscore & 1)
                TomlError.x('illegal underscore', ctx);
            underscore = 3;
        }
        // We only need to check if the number is a valid digit, nothing else is permitted
        else if (!isDigit(c, base))
            TomlError.x(`illegal character in numeric literal`, ctx);
        // Clear underscore flag
        else if (underscore & 1)
            underscore--;
    }
    // Trailing underscore is not allowed
    if (underscore & 1)
        TomlError.x('unfinished numeric value', ctx);
    let str = ctx.s.slice(startPtr + 2, ctx.p);
    if (underscore)
        str = str.replaceAll('_', ''); // perf: replaceAll 1.25x faster than replace with a regex
    return parseInteger(ctx, str, base, startPtr);
}
function parseInteger(ctx, str, base, startPtr) {
    if (ctx.bi !== true)
        int: {
            let val = parseInt(str, base);
            if (!Number.isSafeInteger(val)) {
                if (ctx.bi)
                    break int;
                TomlError.x('integer value cannot be represented losslessly', ctx, startPtr);
            }
            return val;
        }
    return base === 10 ? BigInt(str) : BigInt((base === 2 ? '0b' : base === 8 ? '0o' : '0x') + str);
}
function parseDate(ctx, c, endChr) {
    let startPtr = ctx.p++, unsafeSeparator;
    if (!isDigit(c) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++)) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++)) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++))) {
        return parseNumber$1(ctx, ctx.p = startPtr, c, 0, endChr);
    }
    ctx.p += 5;
    if (!isDigit(ctx.s.charCodeAt(ctx.p++)))
        TomlError.x('invalid date-time: date part is malformed', ctx, startPtr);
    if (ctx.p >= ctx.s.length || (((c = ctx.s.charCodeAt(ctx.p)) !== 0x20 || (unsafeSeparator = true, !isDigit(ctx.s.charCodeAt(ctx.p + 1)))) && c !== 0x54 /* T */ && c !== 0x74 /* t */)) {
        let t = ctx.s.slice(startPtr, ctx.p);
        return readDate(ctx, t, 3, false, startPtr);
    }
    if (ctx.s.charCodeAt(ctx.p += 3) !== 0x3a /* : */)
        TomlError.x('invalid date-time: time part is malformed', ctx, startPtr);
    if (ctx.s.charCodeAt(ctx.p += 3) === 0x3a /* : */)
        ctx.p += 3;
    if (ctx.s.charCodeAt(ctx.p) === 0x2e /* . */)
        while (isDigit(ctx.s.charCodeAt(++ctx.p)))
            ;
    if (c = ctx.s.charCodeAt(ctx.p)) {
        if (c === 0x5a /* Z */ || c === 0x7a /* z */) {
            let t = ctx.s.slice(startPtr, ++ctx.p);
            return readDate(ctx, t, 1, unsafeSeparator, startPtr, '[+00:00]');
        }
        if (c === 0x2b /* + */ || c === 0x2d /* - */) {
            // Temporal's ZonedDateTime is weird asf when it comes to dealing with traditional offsets...
            // It's 1.2x faster to allocate a new string to pass to ZDT than use Instant.toZonedDateTimeISO
            let t = ctx.s.slice(startPtr, ctx.p += 6);
            return readDate(ctx, t, 1, unsafeSeparator, startPtr, !ctx.ld && ('[' + ctx.s.slice(ctx.p - 6, ctx.p) + ']'));
        }
    }
    let t = ctx.s.slice(startPtr, ctx.p);
    return readDate(ctx, t, 2, unsafeSeparator, startPtr);
}
function parseTime(ctx, c, endChr) {
    let start = ctx.p;
    if (!isDigit(c) || !isDigit(ctx.s.charCodeAt(++ctx.p))) {
        return parseNumber$1(ctx, --ctx.p, c, 0, endChr);
    }
    if (ctx.s.charCodeAt(ctx.p += 4) === 0x3a /* : */)
        ctx.p += 3;
    if (ctx.s.charCodeAt(ctx.p) === 0x2e /* . */)
        while (isDigit(ctx.s.charCodeAt(++ctx.p)))
            ;
    let t = ctx.s.slice(start, ctx.p);
    return readDate(ctx, t, 4, false, start);
}
function readDate(ctx, str, type, unsafeDelim, errPtr, temporalSuffix) {
    if (ctx.ld) {
        let date = new TomlDate(str, type, unsafeDelim);
        if (!date.isValid())
            TomlError.x('invalid date', ctx, errPtr);
        return date;
    }
    try {
        if (temporalSuffix)
            str += temporalSuffix;
        switch (type) {
            case 1: return Temporal.ZonedDateTime.from(str);
            case 2: return Temporal.PlainDateTime.from(str);
            case 3: return Temporal.PlainDate.from(str);
            case 4: return Temporal.PlainTime.from(str);
        }
    }
    catch (e) {
        TomlError.x(e instanceof Error ? e.message : '' + e, ctx, errPtr);
    }
}

/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
/** @internal */
function skipComment(ctx) {
    for (; ctx.p < ctx.s.length; ctx.p++) {
        let c = ctx.s.charCodeAt(ctx.p);
        if (c === 0xa /* \n */)
            break;
        if (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */) {
            ctx.p++;
            break;
        }
        if ((c < 0x20 && c !== 0x9 /* \t */) || c === 0x7f) {
            TomlError.x('control characters are not allowed in comments', ctx);
        }
    }
}
/** @internal */
function skipVoid(ctx, banNewLines, banComments) {
    let c;
    while (ctx.p < ctx.s.length) {
        while (ctx.p < ctx.s.length && ((c = ctx.s.charCodeAt(ctx.p)) === 0x20 ||
            c === 0x9 /* \t */ ||
            (!banNewLines &&
                (c === 0xa /* \n */ || (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */)))))
            ctx.p++;
        if (banComments || c !== 0x23 /* # */)
            break;
        skipComment(ctx);
    }
}

/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
/** @internal */
function parseKey(ctx, end = 0x3d /* = */) {
    // States:
    // 0: before first char
    // 1: parsing bare key
    // 2: after key component
    let startPtr;
    let state = 0;
    let parsed = [];
    let sliceStart;
    let c = ctx.s.charCodeAt(startPtr = ctx.p);
    do {
        // End of key
        if (c === end) {
            if (!state)
                TomlError.x('unexpected end of key', ctx);
            if (state === 1)
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
            return ctx.p++, parsed;
        }
        // Dotted key separator
        else if (c === 0x2e /* . */) {
            if (!state)
                TomlError.x('illegal empty bare key', ctx);
            if (state === 1)
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
            state = 0;
        }
        // Quoted key
        else if (!state && (c === 0x22 /* " */ || c === 0x27 /* ' */)) {
            if (c === ctx.s.charCodeAt(ctx.p + 1) && c === ctx.s.charCodeAt(ctx.p + 2))
                TomlError.x('illegal quoted key: multiline strings are not allowed', ctx);
            parsed.push(parseString(ctx));
            state = 2;
            ctx.p--;
        }
        // Whitespace; no-op in state 0 and 2, end of bare key in state 1
        else if (c === 0x20 || c === 0x9 /* \t */) {
            if (state === 1) {
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
                state = 2;
            }
        }
        // If state is post-key, no character is allowed; otherwise ensure it's a bare-key component
        else if (state === 2 || (c < 0x30 && c !== 0x2d /* - */) || (c > 0x39 && c < 0x41) || (c > 0x5a && c < 0x61 && c !== 0x5f /* _ */) || c > 0x7a) {
            TomlError.x('illegal character in key', ctx);
        }
        // Illegal character
        else if (!state) {
            state = 1;
            sliceStart = ctx.p;
        }
    } while (c = ctx.s.charCodeAt(++ctx.p));
    TomlError.x('incomplete key-value: cannot find end of key', ctx, startPtr);
}
/** @internal */
function parseInlineTable(ctx) {
    let startPtr = ctx.p++;
    let res = Object.create(null);
    let seen = new Set();
    let c;
    while (ctx.p < ctx.s.length) {
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p)) === 0x7d /* } */) {
            ctx.p++;
            return res;
        }
        let k;
        let t = res;
        let hasOwn = false;
        let errPtr = ctx.p;
        let key = parseKey(ctx);
        for (let i = 0; i < key.length; i++) {
            if (i)
                t = hasOwn ? t[k] : (t[k] = Object.create(null));
            k = key[i];
            if ((hasOwn = Object.hasOwn(t, k)) && (typeof t[k] !== 'object' || seen.has(t[k]))) {
                TomlError.x('trying to redefine an already defined value', ctx, errPtr);
            }
            let unsafe = k === '__proto__';
            if (ctx.uk && (unsafe || k === 'constructor')) {
                t = ctx.uk !== 1 && TomlError.x('document contains an unsafe property', ctx, errPtr);
                break;
            }
            if (!hasOwn && unsafe) {
                Object.defineProperty(t, k, { enumerable: true, configurable: true, writable: true });
            }
        }
        if (hasOwn) {
            TomlError.x('trying to redefine an already defined value', ctx, errPtr);
        }
        skipVoid(ctx, true, true);
        let value = extractValue(ctx, 0x7d /* } */);
        if (t && typeof (t[k] = value) === 'object')
            seen.add(value);
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p++)) === 0x7d /* } */) {
            return res;
        }
        if (c !== 0x2c /* , */)
            TomlError.x('expected comma or end of structure', ctx, ctx.p - 1);
    }
    TomlError.x('unfinished table', ctx, startPtr);
}
/** @internal */
function parseArray(ctx) {
    let startPtr = ctx.p++;
    let res = [];
    let c;
    while (ctx.p < ctx.s.length) {
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p)) === 0x5d /* ] */) {
            ctx.p++;
            return res;
        }
        res.push(extractValue(ctx, 0x5d /* ] */));
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p++)) === 0x5d /* ] */) {
            return res;
        }
        if (c !== 0x2c /* , */)
            TomlError.x('expected comma or end of structure', ctx, ctx.p - 1);
    }
    TomlError.x('unfinished array', ctx, startPtr);
}

/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
function peekTable(ctx, key, table, meta, type) {
    let t = table;
    let m = meta;
    let k;
    let hasOwn = false;
    let state;
    for (let i = 0; i < key.length; i++) {
        if (i) {
            t = hasOwn ? t[k] : (t[k] = Object.create(null));
            m = (state = m[k]).c;
            if (type === 0 /* Type.DOTTED */ && (state.t === 1 /* Type.EXPLICIT */ || state.t === 2 /* Type.ARRAY */)) {
                return null;
            }
            if (state.t === 2 /* Type.ARRAY */) {
                let l = t.length - 1;
                t = t[l];
                m = m[l].c;
            }
        }
        k = key[i];
        if ((hasOwn = Object.hasOwn(t, k)) && m[k]?.t === 0 /* Type.DOTTED */ && m[k]?.d) {
            return null;
        }
        if (!hasOwn) {
            let unsafe = k === '__proto__';
            if (ctx.uk && (unsafe || k === 'constructor'))
                return false;
            if (unsafe) {
                Object.defineProperty(t, k, { enumerable: true, configurable: true, writable: true });
                Object.defineProperty(m, k, { enumerable: true, configurable: true, writable: true });
            }
            m[k] = {
                t: i < key.length - 1 && type === 2 /* Type.ARRAY */
                    ? 3 /* Type.ARRAY_DOTTED */ : type,
                d: false,
                i: 0,
                c: Object.create(null),
            };
        }
    }
    state = m[k];
    if (state.t !== type && !(type === 1 /* Type.EXPLICIT */ && state.t === 3 /* Type.ARRAY_DOTTED */)) {
        // Bad key type!
        return null;
    }
    if (type === 2 /* Type.ARRAY */) {
        if (!state.d) {
            state.d = true;
            t[k] = [];
        }
        t[k].push(t = Object.create(null));
        state.c[state.i++] = (state = { t: 1 /* Type.EXPLICIT */, d: false, i: 0, c: Object.create(null) });
    }
    if (state.d) {
        // Redefining a table!
        return null;
    }
    state.d = true;
    if (type === 1 /* Type.EXPLICIT */) {
        t = hasOwn ? t[k] : (t[k] = Object.create(null));
    }
    else if (type === 0 /* Type.DOTTED */ && hasOwn) {
        return null;
    }
    return [k, t, state.c];
}
function validateTablePeek(ctx, peek, ptr) {
    if (peek === null || ctx.uk === 2)
        TomlError.x(peek === null
            ? 'trying to redefine an already defined table or value'
            : 'document contains an unsafe property', ctx, ptr);
}
function parse(toml, options = {}) {
    let ctx = {
        s: toml,
        p: 0,
        d: options.maxDepth ?? 1000,
        bi: options.integersAsBigInt ?? false,
        ld: options.useLegacyDate ?? true,
        uk: options.unsafeKeyBehaviour === 'throw' ? 2 : options.unsafeKeyBehaviour === 'drop' ? 1 : 0,
    };
    let res = Object.create(null);
    let meta = Object.create(null);
    let tmp;
    let skipping = false;
    let tbl = res;
    let m = meta;
    // BOM is allowed, skip.
    // JS is UTF-16, so we have to check for the UTF-16 BOM instead of the UTF-8 BOM sequence!
    if (toml.charCodeAt(0) === 0xfeff)
        ctx.p++;
    skipVoid(ctx);
    while (ctx.p < toml.length) {
        if (toml.charCodeAt(ctx.p) === 0x5b /* [ */) {
            let isTableArray = toml.charCodeAt(++ctx.p) === 0x5b; /* [ */
            tmp = ctx.p += +isTableArray;
            skipping = false;
            let k = parseKey(ctx, 0x5d /* ] */);
            if (isTableArray) {
                if (toml.charCodeAt(ctx.p) !== 0x5d /* ] */) {
                    TomlError.x('expected end of table array declaration', ctx);
                }
                ctx.p++;
            }
            let p = peekTable(ctx, k, res, meta, isTableArray ? 2 /* Type.ARRAY */ : 1 /* Type.EXPLICIT */);
            if (!p) {
                validateTablePeek(ctx, p, tmp);
                skipping = true;
            }
            else {
                m = p[2];
                tbl = p[1];
            }
        }
        else {
            tmp = ctx.p;
            let k = parseKey(ctx);
            let p = peekTable(ctx, k, tbl, m, 0 /* Type.DOTTED */);
            if (!p && !skipping)
                validateTablePeek(ctx, p, tmp);
            skipVoid(ctx, true, true);
            let v = extractValue(ctx, void 0);
            if (p && !skipping)
                p[1][p[0]] = v;
        }
        skipVoid(ctx, true);
        if (ctx.p < toml.length && (tmp = toml.charCodeAt(ctx.p)) !== 0xa /* \n */ && (tmp !== 0xd /* \r */ || toml.charCodeAt(ctx.p + 1) !== 0xa /* \n */)) {
            TomlError.x('each key-value declaration must be followed by an end-of-line', ctx);
        }
        skipVoid(ctx);
    }
    return res;
}

/** "Did you mean": the closest known name to a mistyped one, for flags, keys and scenario names. */
/** The closest known key, if it is close enough to be a typo. */
function didYouMean(key, known) {
    let best = null;
    let bestDistance = Infinity;
    for (const candidate of known) {
        const distance = editDistance(key.toLowerCase().replace(/_/g, '-'), candidate);
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best !== null && bestDistance <= Math.max(2, Math.floor(best.length / 4)) ? best : null;
}
/** Levenshtein distance. */
function editDistance(a, b) {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let previous = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const current = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
            previous = current;
        }
    }
    return row[b.length];
}

/** A mistake in flags, inputs or configuration: the message names it and the fix; exit code 2. */
class UsageError extends Error {
    name = 'UsageError';
}

/**
 * Suppressions (issue 14 §4): `[[tool.leakgate.ignore]]` of pyproject.toml, `[[ignore]]` of
 * leakgate.toml, and the action's `ignore` input (the same `[[ignore]]` tables as TOML text) →
 * IgnoreEntry[]. Pure. Each entry matches by exactly one of `site`, `type` and `holder`, and
 * carries a required `reason`; every error names where the entry was written, its number,
 * the key, the value and the fix.
 */
const MATCHERS = ['site', 'type', 'holder'];
const EXAMPLES = {
    site: 'site = "app/views.py:handle" (or "app/views.py:42")',
    type: 'type = "weakref.finalize"',
    holder: 'holder = "weakref.finalize._registry"',
};
/**
 * `path:function` or `path:line`: the path is anything up to the last colon (a Windows drive
 * letter keeps its own), the function a Python name (`<module>`, `<lambda>` and `Class.method`
 * included), the line a positive integer.
 */
const SITE_SHAPE = /^[^\r\n]*[^\s:][^\r\n]*:(?:[1-9]\d*|[A-Za-z_<][\w.<>]*)$/;
/** One entry's shape; the rules across keys (exactly one matcher) are checked after it. */
const ignoreTableSchema = once(() => {
    const text = (max) => string()
        .trim()
        .min(1)
        .max(max)
        .regex(/^[^\r\n]*$/);
    return strictObject({
        site: text(LIMITS.ignorePatternChars).regex(SITE_SHAPE).optional(),
        type: text(LIMITS.ignorePatternChars).optional(),
        holder: text(LIMITS.ignorePatternChars).optional(),
        reason: string().trim().min(1).max(LIMITS.ignoreReasonChars),
        scenario: string().trim().min(1).max(LIMITS.scenarioNameChars).optional(),
    });
});
/** The first thing wrong with one table, in words: the key, the value and the fix. */
function tableProblem(table) {
    if (table === null || typeof table !== 'object' || Array.isArray(table)) {
        return `must be a table with a reason and one of site, type, holder, but got ${describe(table)}`;
    }
    const result = ignoreTableSchema().safeParse(table);
    if (result.success) {
        const given = MATCHERS.filter((key) => result.data[key] !== undefined);
        if (given.length === 0)
            return `says what to ignore with none of site, type, holder: give exactly one, e.g. ${Object.values(EXAMPLES).join(', or ')}`;
        if (given.length > 1)
            return `has both ${given.join(' and ')}: give exactly one of site, type, holder per entry (write one entry for each)`;
        return null;
    }
    // An unknown key first: a misspelt `reason` is better told as a typo than as a missing reason.
    const issue = result.error.issues.find((i) => i.code === 'unrecognized_keys') ?? result.error.issues[0];
    if (issue.code === 'unrecognized_keys') {
        const key = issue.keys[0];
        const suggestion = didYouMean(key, IGNORE_KEYS);
        const hint = suggestion ? `; did you mean '${suggestion}'?` : '';
        return `has the key '${key}', which is not a key of an ignore entry${hint} (known: ${IGNORE_KEYS.join(', ')})`;
    }
    const key = String(issue.path[0]);
    const value = table[key];
    if (key === 'reason' && (value === undefined || (typeof value === 'string' && value.trim() === ''))) {
        return 'needs a reason: say why this growth is accepted, e.g. reason = "Django 3.2\'s test client keeps a finalizer per request; fixed in Django 4.0"';
    }
    if (typeof value === 'string' && value.trim().length > 0 && issue.code === 'too_big') {
        return `${key} must be at most ${String(issue.maximum)} characters, but got ${value.trim().length}: ${describe(value)}`;
    }
    if (key === 'site' && typeof value === 'string' && value.trim() !== '' && !/[\r\n]/.test(value)) {
        return `site must look like path:function or path:line (e.g. "app/views.py:handle" or "app/views.py:42"), but got ${describe(value)}`;
    }
    const what = key === 'scenario' ? 'the name of a configured scenario' : 'a non-empty string on one line';
    return `${key} must be ${what}, but got ${describe(value)}`;
}
function describe(value) {
    if (typeof value === 'string')
        return `'${value.length > 60 ? `${value.slice(0, 60)}…` : value}'`;
    if (value === undefined)
        return 'nothing';
    return JSON.stringify(value) ?? String(value);
}
/** The tables of `[[…ignore]]` (what TOML gave), checked → entries; throws a UsageError naming the first bad one. */
function parseIgnoreTables(tables, origin) {
    if (tables === undefined)
        return [];
    if (!Array.isArray(tables)) {
        throw new UsageError(`${origin.where}: ${origin.table} must be an array of tables (write each entry as ${origin.table}), but got ${describe(tables)}`);
    }
    if (tables.length > LIMITS.ignoreEntries) {
        throw new UsageError(`${origin.where}: ${tables.length} ${origin.table} entries, more than the ${LIMITS.ignoreEntries} leakgate reads; ` +
            'match by type or holder to cover many sites with one entry');
    }
    return tables.map((table, index) => {
        const problem = tableProblem(table);
        if (problem !== null)
            throw new UsageError(`${origin.where}: ${origin.table} #${index + 1} ${problem}`);
        const data = ignoreTableSchema().parse(table);
        return {
            site: data.site ?? null,
            type: data.type ?? null,
            holder: data.holder ?? null,
            reason: data.reason,
            scenario: data.scenario ?? null,
            source: `${origin.sourcePrefix} #${index + 1}`,
        };
    });
}
/**
 * Entries that name a scenario must name a configured one, when scenarios are configured. With
 * no scenarios configured (TARGETs on the command line) a scenario's name is its target, not
 * known in advance: such an entry applies when a scenario of that name runs (cli-args.ts
 * ignoreFor). Throws naming the entry, the name and the configured names.
 */
function checkIgnoreScenarios(entries, configured, configuredIn) {
    if (configured.length === 0)
        return;
    const names = new Set(configured);
    for (const entry of entries) {
        if (entry.scenario === null || names.has(entry.scenario))
            continue;
        const suggestion = didYouMean(entry.scenario, configured);
        throw new UsageError(`${entry.source}: scenario '${entry.scenario}' is not configured in ${configuredIn}${suggestion ? `; did you mean '${suggestion}'?` : ''} ` +
            `(configured: ${configured.join(', ')}); leave scenario out to apply the entry to every scenario`);
    }
}

/**
 * parseConfigFile: `[tool.leakgate]` of pyproject.toml, or a leakgate.toml, → FileConfig.
 * Pure: it is given the text and the file's name. TOML is parsed with smol-toml and checked
 * with zod; every error names the file, the key path, the bad value and what is accepted, and
 * an unknown key gets a "did you mean" suggestion.
 *
 * Keys are the command line's flag names (cycles, warmup, frames, timeout, confirm-cycles,
 * confirm-seconds, python, fail-on, tolerance, alpha, min-…-per-cycle, tolerance-…-per-cycle,
 * fail-on-known-leaks); each [[scenarios]] table has a name, a target and any of the
 * per-scenario keys as overrides; each [[ignore]] table is a suppression with a reason (ignore.ts).
 */
/** Settings a scenario table may override (the rest apply to the run as a whole). */
const PER_SCENARIO = [
    'cycles',
    'warmup',
    'frames',
    'timeoutSeconds',
    'confirmCycles',
    'confirmSeconds',
    'alpha',
    'minObjectsPerCycle',
    'minBytesPerCycle',
    'minRssBytesPerCycle',
    'minFdsPerCycle',
];
const RUN_WIDE = ['tolerancePercent', 'toleranceBytesPerCycle', 'toleranceObjectsPerCycle'];
const settings = NUMERIC_SETTINGS;
const byKey = new Map(Object.entries(settings).map(([name, s]) => [s.flag, name]));
function accepted(setting) {
    const kind = setting.integer ? 'an integer' : 'a number';
    return `${kind} from ${setting.min} to ${setting.max}${setting.flag === 'tolerance' ? ' (or a string like "50%")' : ''}`;
}
function numberSchema(setting) {
    const base = number().min(setting.min).max(setting.max);
    const number$1 = setting.integer ? base.int() : base;
    if (setting.flag !== 'tolerance')
        return number$1;
    // "50%" is how people write a percentage in TOML.
    return union([
        number$1,
        string()
            .regex(/^\s*\d+(\.\d+)?\s*%\s*$/)
            .transform((text) => Number(text.trim().replace('%', ''))),
    ])
        .pipe(number$1);
}
const shape = (names) => Object.fromEntries(names.map((name) => [settings[name].flag, numberSchema(settings[name]).optional()]));
/** The root table's schema, the [[scenarios]] tables', and their keys for "did you mean". */
function buildSchemas() {
    const scenario = strictObject({
        name: string().min(1).max(LIMITS.scenarioNameChars),
        target: string().min(1).max(LIMITS.targetChars),
        python: string().min(1).optional(),
        ...shape(PER_SCENARIO),
    });
    const root = strictObject({
        python: string().min(1).optional(),
        'fail-on': _enum(FAIL_ON_VALUES).optional(),
        ...shape([...PER_SCENARIO, ...RUN_WIDE]),
        scenarios: array(scenario).max(LIMITS.scenarios).optional(),
        [SWITCHES.failOnKnownLeaks.flag]: boolean().optional(),
        // Checked entry by entry in ignore.ts, whose messages name the entry's number.
        [IGNORE_TABLE]: unknown().optional(),
    });
    return { root, rootKeys: Object.keys(root.shape), scenarioKeys: Object.keys(scenario.shape) };
}
let schemas = null;
/**
 * The zod schemas, built on first use: building them costs milliseconds at start-up, and most
 * runs read no configuration file.
 */
function configSchemas() {
    schemas ??= buildSchemas();
    return schemas;
}
function keyPath(prefix, path) {
    return path.reduce((text, part) => (typeof part === 'number' ? `${text}[${part}]` : `${text}.${String(part)}`), prefix);
}
function valueAt(root, path) {
    return path.reduce((value, part) => (value !== null && typeof value === 'object' ? value[part] : undefined), root);
}
function describeValue(value) {
    if (typeof value === 'string')
        return `'${value.length > 60 ? `${value.slice(0, 60)}…` : value}'`;
    if (value === undefined)
        return 'nothing';
    return JSON.stringify(value) ?? String(value);
}
/** Parse a configuration file's text; throws a UsageError that names the file and key. */
function parseConfigFile(text, source) {
    let document;
    try {
        document = parse(text);
    }
    catch (error) {
        throw new UsageError(`${source} is not valid TOML: ${error.message.split('\n')[0]}`, { cause: error });
    }
    const isPyproject = source.endsWith('pyproject.toml');
    const prefix = isPyproject ? 'tool.leakgate' : source.replace(/^.*\//, '');
    const section = isPyproject ? document.tool?.leakgate : document;
    if (section === undefined)
        return null;
    const { root, rootKeys, scenarioKeys } = configSchemas();
    const result = root.safeParse(section);
    if (!result.success) {
        const issue = result.error.issues[0];
        const at = keyPath(isPyproject ? 'tool.leakgate' : '', issue.path).replace(/^\./, '');
        if (issue.code === 'unrecognized_keys') {
            const key = issue.keys[0];
            const known = issue.path.length > 0 ? scenarioKeys : rootKeys;
            const where = keyPath(isPyproject ? 'tool.leakgate' : '', [...issue.path, key]).replace(/^\./, '');
            const suggestion = didYouMean(key, known);
            throw new UsageError(`${source}: ${where} is not a leakgate setting${suggestion ? `; did you mean '${suggestion}'?` : ''} (known: ${known.join(', ')})`);
        }
        const last = issue.path[issue.path.length - 1];
        const setting = typeof last === 'string' ? byKey.get(last) : undefined;
        const value = valueAt(section, issue.path);
        if (issue.code === 'too_big' && Array.isArray(value)) {
            throw new UsageError(`${source}: ${at || prefix} has ${value.length} scenarios, more than the ${LIMITS.scenarios} leakgate runs at once; ` +
                `split them over several configuration files or workflows`);
        }
        if (issue.code === 'too_big' && typeof value === 'string') {
            throw new UsageError(`${source}: ${at || prefix} must be at most ${String(issue.maximum)} characters, but got ${value.length}: ${describeValue(value)}`);
        }
        const expected = setting !== undefined
            ? accepted(settings[setting])
            : last === 'fail-on'
                ? `one of ${FAIL_ON_VALUES.join(', ')}`
                : last === SWITCHES.failOnKnownLeaks.flag
                    ? 'true or false'
                    : last === 'scenarios'
                        ? 'an array of [[scenarios]] tables'
                        : issue.path.length >= 2 && typeof issue.path[issue.path.length - 1] === 'number'
                            ? 'a table with name and target'
                            : 'a non-empty string';
        throw new UsageError(`${source}: ${at || prefix} must be ${expected}, but got ${describeValue(value)}`);
    }
    const data = result.data;
    const numbersOf = (table, names) => Object.fromEntries(names.filter((name) => table[settings[name].flag] !== undefined).map((name) => [name, table[settings[name].flag]]));
    const scenarios = (data.scenarios ?? []).map((s) => ({
        name: s.name,
        target: s.target,
        python: s.python,
        numbers: numbersOf(s, PER_SCENARIO),
    }));
    const names = new Set();
    scenarios.forEach((s, i) => {
        if (names.has(s.name))
            throw new UsageError(`${source}: ${keyPath(isPyproject ? 'tool.leakgate.scenarios' : 'scenarios', [i])}.name repeats the name '${s.name}': scenario names must be unique`);
        names.add(s.name);
    });
    const table = isPyproject ? `[[tool.leakgate.${IGNORE_TABLE}]]` : `[[${IGNORE_TABLE}]]`;
    const ignore = parseIgnoreTables(data[IGNORE_TABLE], { where: source, table, sourcePrefix: `${source} ${table}` });
    checkIgnoreScenarios(ignore, scenarios.map((s) => s.name), source);
    return {
        source,
        python: data.python,
        failOn: data['fail-on'],
        numbers: numbersOf(data, [...PER_SCENARIO, ...RUN_WIDE]),
        scenarios,
        ignore,
        failOnKnownLeaks: data[SWITCHES.failOnKnownLeaks.flag],
    };
}

/** Which scenarios a run takes: by name (`--scenario`) and by shard (`--shard i/n`). */
/** Which scenarios `--scenario NAME` picks; an unknown name is an error with a suggestion. */
function pickScenarios(scenarios, names, source) {
    if (names.length === 0)
        return [...scenarios];
    const known = scenarios.map((s) => s.name);
    return names.map((name) => {
        const found = scenarios.find((s) => s.name === name);
        if (!found) {
            const suggestion = didYouMean(name, known);
            throw new UsageError(`--scenario '${name}' is not configured in ${source}${suggestion ? `; did you mean '${suggestion}'?` : ''} (configured: ${known.join(', ') || 'none'})`);
        }
        return found;
    });
}
/** Parse `i/n` (1-based): the shard this run takes. */
function parseShard(raw, origin) {
    const match = raw.trim().match(/^(\d+)\s*\/\s*(\d+)$/);
    const index = match ? Number(match[1]) : NaN;
    const count = match ? Number(match[2]) : NaN;
    if (!match || count < 1 || index < 1 || index > count || count > LIMITS.legs) {
        throw new UsageError(`${origin} must be i/n with 1 ≤ i ≤ n ≤ ${LIMITS.legs}, e.g. 2/4, but got '${raw}'`);
    }
    return { index, count };
}
/** The scenarios of shard i of n: every scenario lands in exactly one shard (round robin). */
function shardOf(items, shard) {
    return items.filter((_, position) => position % shard.count === shard.index - 1);
}

/**
 * The command line: parseCliArgs turns arguments into flags (only what was given), and
 * resolveRunConfig merges them over the configuration file and the defaults:
 *     flag  >  [[scenarios]] table  >  [tool.leakgate] top level  >  default.
 * Both are pure; every mistake is a UsageError naming the flag, the value and what is accepted.
 */
/** Every other flag, in the order --help lists them; the parser and its messages read this table. */
const OTHER_OPTIONS = [
    { flag: 'python', value: 'PATH', description: `Python interpreter (default ${DEFAULT_PYTHON})` },
    { flag: 'cwd', value: 'DIR', description: 'working directory: the repository root (default .)' },
    { flag: 'config', value: 'FILE', description: 'the configuration file (default: leakgate.toml, else pyproject.toml)' },
    { flag: 'scenario', value: 'NAME', description: 'run this configured scenario (repeatable)', multiple: true },
    { flag: 'shard', value: 'I/N', description: 'run the I-th of N shares of the scenarios (for a CI matrix)' },
    { flag: 'jobs', value: 'N', description: 'run N scenarios at a time (default 1; see the README on noise)' },
    { flag: 'json', value: 'FILE', description: 'write the JSON report (schema: schema/report.schema.json)' },
    { flag: 'markdown', value: 'FILE', description: 'write the report as GitHub-flavoured Markdown' },
    { flag: 'baseline', value: 'FILE', description: 'compare with a baseline recorded on the default branch' },
    { flag: 'save-baseline', value: 'FILE', description: 'record this run as the baseline (schema: schema/baseline.schema.json)' },
    { flag: 'fail-on', value: 'regression|leak|never', description: 'what fails the run (default: regression with --baseline, else leak)' },
    { flag: SWITCHES.failOnKnownLeaks.flag, value: null, description: SWITCHES.failOnKnownLeaks.description },
    { flag: 'expect-legs', value: 'N', description: 'merge: how many legs there should be; missing ones are errors' },
    { flag: 'progress', value: 'bar|lines|none', description: 'progress on stderr (default: bar in a terminal, lines in CI)' },
    { flag: 'no-color', value: null, description: 'no colours in the terminal report' },
    { flag: 'help', value: null, description: 'show this help', short: 'h' },
    { flag: 'version', value: null, description: 'show the version', short: 'V' },
];
const USAGE = `Usage: leakgate run [TARGET...] [options]
       leakgate merge REPORT.json... [--expect-legs N] [--json FILE] [--markdown FILE]

run: runs each TARGET (a Python load scenario) for N cycles after a warm-up, finds what keeps
growing and exits 0 (no leak), 1 (leak) or 2 (error). With no TARGET it runs the scenarios
configured in [tool.leakgate] of pyproject.toml, or in leakgate.toml.

TARGET is path/to/file.py (the function cycle), path/to/file.py:func, or package.module:func
importable from the working directory. The module may define setup() and teardown(); any of
them may be async.

merge: joins the JSON reports of several legs (leakgate run --shard i/n) into one report.

Options:
${Object.values(NUMERIC_SETTINGS)
    .map((s) => `  --${`${s.flag} ${s.integer ? 'N' : 'X'}`.padEnd(30)} ${s.description} (default ${s.default})`)
    .join('\n')}
${OTHER_OPTIONS.map((o) => `  ${(o.short ? `-${o.short}, --${o.flag}` : `--${o.flag}${o.value ? ` ${o.value}` : ''}`).padEnd(31)} ${o.description}`).join('\n')}
`;
/** Parse a number flag, naming the flag, the value and the accepted range on error. */
function parseNumber(setting, raw, origin) {
    // A percentage may be written with its sign: --tolerance 50%.
    const trimmed = setting.flag === 'tolerance' ? raw.trim().replace(/%$/, '') : raw.trim();
    const value = Number(trimmed);
    const kind = setting.integer ? 'an integer' : 'a number';
    if (trimmed === '' || !Number.isFinite(value) || (setting.integer && !Number.isInteger(value))) {
        throw new UsageError(`${origin} must be ${kind} from ${setting.min} to ${setting.max}, but got '${raw}'`);
    }
    if (value < setting.min || value > setting.max) {
        throw new UsageError(`${origin} must be ${kind} from ${setting.min} to ${setting.max}, but got ${value}`);
    }
    return value;
}
/** The options as node:util's parseArgs takes them, with what each flag's value is, for messages. */
function optionTable() {
    const options = {};
    const valueWords = new Map();
    for (const s of Object.values(NUMERIC_SETTINGS)) {
        options[s.flag] = { type: 'string' };
        valueWords.set(s.flag, `${s.integer ? 'N' : 'X'}, ${s.integer ? 'an integer' : 'a number'} from ${s.min} to ${s.max}`);
    }
    for (const o of OTHER_OPTIONS) {
        options[o.flag] = { type: o.value ? 'string' : 'boolean', ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
        valueWords.set(o.flag, o.value);
    }
    return { options, valueWords };
}
/**
 * Arguments → values, with messages that name the flag and the fix. node:util's own messages
 * ("Unknown option '--cycels'. To specify a positional argument starting with a '-', place it
 * at the end of the command after '--', as in '-- \"--cycels\"") name no fix and carry an
 * unbalanced quote (issue 10 §3), so its tokens are checked here and it never throws.
 */
function readArgs(argv) {
    const { options, valueWords } = optionTable();
    const parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false, tokens: true });
    const longNames = [...valueWords.keys()];
    for (const token of parsed.tokens) {
        if (token.kind !== 'option')
            continue;
        const shown = token.rawName;
        if (!Object.hasOwn(options, token.name)) {
            const typed = shown.startsWith('--') ? shown.slice(2) : shown.replace(/^-/, '');
            const suggestion = didYouMean(typed, longNames);
            throw new UsageError(`unknown option ${shown}${suggestion ? `; did you mean --${suggestion}?` : `; run 'leakgate --help' for the options`}`);
        }
        const placeholder = valueWords.get(token.name) ?? null;
        if (options[token.name].type === 'boolean') {
            if (token.inlineValue)
                throw new UsageError(`${shown} takes no value, but got '${token.value ?? ''}': write ${shown} alone`);
            continue;
        }
        const value = token.value;
        const example = `${shown} ${placeholder}`;
        if (value === undefined)
            throw new UsageError(`${shown} needs a value: ${example}`);
        // "--cycles --json r.json": parseArgs took the next flag as the value. A negative number is
        // a value (its range check names it); a value that must start with '-' can be written inline.
        if (!token.inlineValue && value.length > 1 && value.startsWith('-') && !/^-\.?\d/.test(value)) {
            const inline = placeholder && /^[A-Z]+$/.test(placeholder) ? ` (write ${shown}=${value} if the value starts with '-')` : '';
            throw new UsageError(`${shown} needs a value, but is followed by the option ${value}: ${example}${inline}`);
        }
    }
    return { values: parsed.values, positionals: parsed.positionals };
}
/** Parse `leakgate ...` arguments (without the node and script paths). */
function parseCliArgs(argv, env, isTTY) {
    const numeric = NUMERIC_SETTINGS;
    const parsed = readArgs(argv);
    const values = parsed.values;
    if (values.help)
        return { command: 'help' };
    if (values.version)
        return { command: 'version' };
    const [command, ...positionals] = parsed.positionals;
    if (command === undefined)
        throw new UsageError("missing command: use 'leakgate run [TARGET]'; run 'leakgate --help' for the options");
    if (command !== 'run' && command !== 'merge')
        throw new UsageError(`unknown command '${command}': the commands are 'run' (leakgate run TARGET) and 'merge'`);
    const numbers = {};
    for (const [name, setting] of Object.entries(numeric)) {
        const raw = values[setting.flag];
        if (typeof raw === 'string')
            numbers[name] = parseNumber(setting, raw, `--${setting.flag}`);
    }
    const failOn = values['fail-on'];
    if (failOn !== undefined && !FAIL_ON_VALUES.includes(failOn)) {
        throw new UsageError(`--fail-on must be one of ${FAIL_ON_VALUES.join(', ')}, but got '${failOn}'`);
    }
    const progressRaw = values.progress;
    if (progressRaw !== undefined && !['bar', 'lines', 'none'].includes(progressRaw)) {
        throw new UsageError(`--progress must be one of bar, lines, none, but got '${progressRaw}'`);
    }
    const jobsRaw = values.jobs;
    const jobs = jobsRaw === undefined ? 1 : Number(jobsRaw);
    if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64)
        throw new UsageError(`--jobs must be an integer from 1 to 64, but got '${jobsRaw}'`);
    const inCi = Boolean(env.CI) && env.CI !== 'false';
    const str = (key) => (typeof values[key] === 'string' && values[key].trim() !== '' ? values[key] : null);
    const flags = {
        targets: command === 'run' ? positionals : [],
        scenarioNames: values.scenario ?? [],
        numbers,
        python: str('python') ?? undefined,
        failOn: failOn,
        cwd: resolve(str('cwd') ?? '.'),
        configPath: str('config'),
        shard: str('shard') ? parseShard(str('shard'), '--shard') : null,
        jobs,
        jsonPath: str('json'),
        markdownPath: str('markdown'),
        baselinePath: str('baseline'),
        saveBaselinePath: str('save-baseline'),
        progress: progressRaw ?? (isTTY && !inCi ? 'bar' : 'lines'),
        color: isTTY && !values['no-color'] && env.NO_COLOR === undefined,
        ignore: [],
        failOnKnownLeaks: values[SWITCHES.failOnKnownLeaks.flag] === true ? true : undefined,
    };
    if (command === 'merge') {
        if (positionals.length === 0)
            throw new UsageError("'leakgate merge' needs the JSON reports of the legs, e.g. leakgate merge leg-1.json leg-2.json");
        const expectRaw = str('expect-legs');
        const expectLegs = expectRaw === null ? null : Number(expectRaw);
        if (expectLegs !== null && (!Number.isInteger(expectLegs) || expectLegs < 1 || expectLegs > LIMITS.legs))
            throw new UsageError(`--expect-legs must be an integer from 1 to ${LIMITS.legs}, but got '${expectRaw}'`);
        if (positionals.length > LIMITS.legs)
            throw new UsageError(`'leakgate merge' was given ${positionals.length} reports, more than the ${LIMITS.legs} legs a fan-out may have`);
        return { command: 'merge', reports: positionals, expectLegs, flags };
    }
    if (flags.targets.length > LIMITS.scenarios)
        throw new UsageError(`'leakgate run' was given ${flags.targets.length} TARGETs, more than the ${LIMITS.scenarios} scenarios one run may hold; ` +
            `split them with --shard or over several runs`);
    const long = flags.targets.find((target) => target.length > LIMITS.targetChars);
    if (long !== undefined)
        throw new UsageError(`TARGET '${long.slice(0, 60)}…' is ${long.length} characters, more than the ${LIMITS.targetChars} a target may have`);
    if (flags.targets.length > 0 && flags.scenarioNames.length > 0) {
        throw new UsageError('give either TARGETs or --scenario NAMEs, not both: --scenario picks configured scenarios by name');
    }
    return { command: 'run', flags };
}
/** Merge flags over the configuration file and the defaults into what runs. */
function resolveRunConfig(flags, file) {
    const numeric = NUMERIC_SETTINGS;
    const value = (name, table = {}) => flags.numbers[name] ?? table[name] ?? file?.numbers[name] ?? numeric[name].default;
    let chosen;
    if (flags.targets.length > 0) {
        chosen = flags.targets.map((target) => ({ name: target, target, numbers: {} }));
    }
    else if (file && file.scenarios.length > 0) {
        chosen = pickScenarios(file.scenarios, flags.scenarioNames, file.source);
    }
    else if (flags.scenarioNames.length > 0) {
        throw new UsageError(`--scenario needs scenarios configured in [tool.leakgate] of pyproject.toml or in leakgate.toml, ` +
            `and ${file ? `${file.source} has none` : 'there is no such file'}`);
    }
    else {
        throw new UsageError("'leakgate run' needs a TARGET (e.g. leakgate run examples/unbounded_cache/leaky.py), or [[tool.leakgate.scenarios]] in pyproject.toml");
    }
    const shard = flags.shard ? { ...flags.shard, scenariosInAll: chosen.length } : null;
    if (file)
        checkIgnoreScenarios(flags.ignore, file.scenarios.map((s) => s.name), file.source);
    // Before sharding: merge calls an entry stale only when every leg found it stale (report/merge.ts).
    const ignore = ignoreFor([...(file?.ignore ?? []), ...flags.ignore], chosen);
    if (flags.shard)
        chosen = shardOf(chosen, flags.shard);
    const scenarios = chosen.map((s) => ({
        name: s.name,
        target: s.target,
        cwd: flags.cwd,
        python: flags.python ?? s.python ?? file?.python ?? DEFAULT_PYTHON,
        cycles: value('cycles', s.numbers),
        warmup: value('warmup', s.numbers),
        frames: value('frames', s.numbers),
        timeoutSeconds: value('timeoutSeconds', s.numbers),
        confirmCycles: confirmCyclesFor(value('confirmCycles', s.numbers), value('cycles', s.numbers)),
        confirmSeconds: value('confirmSeconds', s.numbers),
        thresholds: {
            alpha: value('alpha', s.numbers),
            minObjectsPerCycle: value('minObjectsPerCycle', s.numbers),
            minBytesPerCycle: value('minBytesPerCycle', s.numbers),
            minRssBytesPerCycle: value('minRssBytesPerCycle', s.numbers),
            minFdsPerCycle: value('minFdsPerCycle', s.numbers),
        },
    }));
    return {
        scenarios,
        failOn: flags.failOn ?? file?.failOn ?? null,
        tolerance: {
            relativePercent: value('tolerancePercent'),
            bytesPerCycle: value('toleranceBytesPerCycle'),
            objectsPerCycle: value('toleranceObjectsPerCycle'),
        },
        baselinePath: flags.baselinePath,
        saveBaselinePath: flags.saveBaselinePath,
        jsonPath: flags.jsonPath,
        markdownPath: flags.markdownPath,
        progress: flags.progress,
        color: flags.color,
        jobs: flags.jobs,
        shard,
        ignore,
        failOnKnownLeaks: flags.failOnKnownLeaks ?? file?.failOnKnownLeaks ?? SWITCHES.failOnKnownLeaks.default,
    };
}
/**
 * The entries that apply to the scenarios this run takes (TARGETs, or --scenario's picks): an
 * entry for a scenario left out is not this run's, and would otherwise be reported as stale.
 * Every leg of a fan-out keeps the same entries, so that merge can tell which matched nowhere.
 */
function ignoreFor(entries, chosen) {
    const names = new Set(chosen.map((s) => s.name));
    return entries.filter((entry) => entry.scenario === null || names.has(entry.scenario));
}

/** Reading the configuration file: the adapter in front of parseConfigFile. */
/** The configuration: --config FILE, else leakgate.toml, else pyproject.toml's [tool.leakgate]. */
async function readConfigFile(cwd, configPath) {
    if (configPath) {
        const text = await readFile(resolve(cwd, configPath), 'utf8').catch((error) => {
            throw new UsageError(`--config ${configPath} cannot be read: ${error.message}`);
        });
        const config = parseConfigFile(text, configPath);
        if (!config)
            throw new UsageError(`${configPath} has no [tool.leakgate] section`);
        return config;
    }
    for (const name of ['leakgate.toml', 'pyproject.toml']) {
        const text = await readFile(join(cwd, name), 'utf8').catch(() => null);
        if (text === null)
            continue;
        const config = parseConfigFile(text, name);
        if (config)
            return config;
    }
    return null;
}

/**
 * BaselineStore for files: reads a baseline (bounded, as untrusted data) and writes one.
 * Reading never throws: a baseline that cannot be used comes back with the reason.
 */
/** Read a baseline file; the reason names what is wrong (missing, empty, truncated, invalid…). */
async function readBaselineFile(path) {
    let handle;
    try {
        handle = await open$1(path, 'r');
    }
    catch (error) {
        const code = error.code;
        const reason = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot be read (${error.message})`;
        return { source: path, parsed: { ok: false, reason } };
    }
    try {
        const { size } = await handle.stat();
        if (size > BASELINE_LIMITS.fileBytes)
            return { source: path, parsed: { ok: false, reason: `is ${size} bytes, over the ${BASELINE_LIMITS.fileBytes}-byte cap` } };
        const text = (await handle.readFile()).toString('utf8');
        return { source: path, parsed: parseBaseline(text) };
    }
    catch (error) {
        return { source: path, parsed: { ok: false, reason: `cannot be read (${error.message})` } };
    }
    finally {
        await handle.close();
    }
}
/**
 * The baseline's text, checked as the reader will check it: a baseline that would be refused
 * when read (too many scenarios, over the file cap) is refused now, while the run can say why.
 */
function serializeBaseline(baseline) {
    const text = `${JSON.stringify(baseline, null, 1)}\n`;
    const check = parseBaseline(text);
    if (!check.ok)
        throw new Error(`the baseline would be refused when read: it ${check.reason}; record fewer scenarios per baseline (--scenario, --shard)`);
    return text;
}
/** Write a baseline as pretty JSON, creating its folder; throws when it could not be read back. */
async function writeBaselineFile(path, baseline) {
    const text = serializeBaseline(baseline);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
}

const BAR_WIDTH = 24;
/** A progress reporter writing to `write` (stderr), in the given style. */
function progressReporter(style, write) {
    if (style === 'none')
        return { onProgress: () => undefined, done: () => undefined };
    if (style === 'lines') {
        let lastKey = '';
        return {
            onProgress: (e) => {
                // One line per phase, and one per checkpoint-sized step of the measured phase.
                const tenth = e.phase === 'measure' ? Math.floor((10 * e.cycle) / Math.max(1, e.totalCycles)) : 0;
                const key = `${e.scenario}|${e.phase}|${tenth}`;
                if (key === lastKey)
                    return;
                lastKey = key;
                // The scenario's name is the pull request's (a configuration file): one inert line.
                write(`leakgate: ${terminalText(e.scenario)}: ${terminalText(e.phase)}${e.cycle ? ` (cycle ${e.cycle} of ${e.totalCycles})` : ''}\n`);
            },
            done: () => undefined,
        };
    }
    let drawn = false;
    return {
        onProgress: (e) => {
            const share = Math.min(1, e.cycle / Math.max(1, e.totalCycles));
            const filled = Math.round(share * BAR_WIDTH);
            write(`\r\u001b[2K[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ` +
                `${terminalText(e.phase).padEnd(8)} ${String(e.cycle).padStart(6)}/${e.totalCycles}  ${terminalText(e.scenario)}`);
            drawn = true;
        },
        done: () => {
            if (drawn)
                write('\r\u001b[2K');
            drawn = false;
        },
    };
}

/**
 * Writing a report file so that it is whole or absent: the text goes to a temporary name in the
 * same folder, which is renamed over the target only once it is fully written (issue 11: on a
 * full disk the CLI left a truncated 4,096-byte JSON report). The file functions are a seam, so
 * that a failing disk can be tested without one.
 */
const NODE_FILES = { mkdir, writeFile, rename, rm };
/** Write `text` to `path` whole, or leave `path` as it was and throw; no temporary file is left behind. */
async function writeFileAtomic(path, text, files = NODE_FILES) {
    await files.mkdir(dirname(path), { recursive: true });
    const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
        await files.writeFile(temporary, text);
        await files.rename(temporary, path);
    }
    catch (error) {
        await files.rm(temporary, { force: true }).catch(() => undefined);
        throw error;
    }
}

/**
 * The command line: parse → run the pipeline → print and write the reports → exit code.
 * Exit codes: 0 no leak, 1 leak found, 2 error (bad flags, a scenario that cannot run);
 * 130/143/129 when interrupted by SIGINT/SIGTERM/SIGHUP (the reports are written first).
 *
 * The harness and the report guard are imported by the commands that use them, so each
 * lands in a chunk of its own: `--version` loads neither, which keeps its start-up short.
 */
/** Run `leakgate` with these arguments; resolves to the exit code. */
async function runCli(argv, io) {
    let parsed;
    try {
        parsed = parseCliArgs(argv, io.env, io.isTTY);
    }
    catch (error) {
        if (error instanceof UsageError) {
            io.stderr(`leakgate: ${error.message}\n`);
            return EXIT.error;
        }
        throw error;
    }
    if (parsed.command === 'help') {
        io.stdout(USAGE);
        return EXIT.pass;
    }
    if (parsed.command === 'version') {
        io.stdout(`leakgate ${LEAKGATE_VERSION}\n`);
        return EXIT.pass;
    }
    if (parsed.command === 'merge')
        return mergeCommand(parsed.reports, parsed.expectLegs, parsed.flags, io);
    let config;
    try {
        config = resolveRunConfig(parsed.flags, await readConfigFile(parsed.flags.cwd, parsed.flags.configPath));
    }
    catch (error) {
        if (error instanceof UsageError) {
            io.stderr(`leakgate: ${error.message}\n`);
            return EXIT.error;
        }
        throw error;
    }
    const startedAt = new Date();
    const baseline = config.baselinePath ? await readBaselineFile(config.baselinePath) : null;
    // Several scenarios at once would interleave a progress bar: lines instead.
    const progress = progressReporter(config.jobs > 1 && config.progress === 'bar' ? 'lines' : config.progress, io.stderr);
    const { runHarness } = await import('./cli-python-harness.js');
    const report = withOrigin(await runPipeline({ ...config, baseline }, { runHarness, onProgress: progress.onProgress, signal: io.signal }), reportOrigin(io.env, config.shard, startedAt));
    progress.done();
    // A shard with no scenarios still writes its report: merge counts it as a leg that ran.
    io.stdout(report.scenarios.length === 0 ? `leakgate: ${report.summary}\n` : renderTerminal(report, { color: config.color }));
    for (const warning of report.warnings)
        io.stderr(`leakgate: warning: ${terminalText(warning)}\n`);
    let written = await writeReports(report, config.jsonPath, config.markdownPath, io);
    // An interrupted run is not recorded as a baseline: it measured only part of what it should.
    if (io.signal?.aborted) {
        const signal = interruptSignalName(io.signal.reason);
        io.stderr(`leakgate: interrupted by ${signal}: the scenarios were stopped and the reports keep what was measured\n`);
        return interruptExitCode(signal);
    }
    if (config.saveBaselinePath)
        written = (await saveBaseline(report, config.saveBaselinePath, io)) && written;
    if (!written)
        return EXIT.error;
    return EXIT[report.verdict];
}
/** `leakgate merge`: one report from the legs' JSON reports, each read as untrusted data. */
async function mergeCommand(paths, expectLegs, flags, io) {
    const startedAt = new Date();
    const { parseUntrustedReport } = await import('./cli-guard.js');
    const legs = [];
    for (const path of paths) {
        const text = await readFile(path, 'utf8').catch((error) => {
            legs.push({ label: path, report: null, problem: `cannot be read (${error.message})` });
            return null;
        });
        if (text === null)
            continue;
        const parsed = parseUntrustedReport(text);
        legs.push(parsed.ok ? { label: path, report: parsed.report, problem: null } : { label: path, report: null, problem: `the report ${parsed.reason}` });
    }
    const report = withOrigin(mergeReports(legs, { expectLegs }), reportOrigin(io.env, null, startedAt));
    io.stdout(renderTerminal(report, { color: flags.color }));
    for (const scenario of report.scenarios)
        if (scenario.error && LEG_ERROR_KINDS.includes(scenario.error.kind))
            io.stderr(`leakgate: ${terminalText(scenario.error.message)}\n`);
    const written = await writeReports(report, flags.jsonPath, flags.markdownPath, io);
    if (flags.saveBaselinePath && !(await saveBaseline(report, flags.saveBaselinePath, io)))
        return EXIT.error;
    return written ? EXIT[report.verdict] : EXIT.error;
}
/** Record the run as a baseline; scenarios that could not be measured are left out, with a warning. */
async function saveBaseline(report, path, io) {
    const { baseline, skipped } = recordBaseline(report, new Date());
    if (skipped.length > 0)
        io.stderr(`leakgate: warning: the baseline leaves out scenarios that could not be measured: ${terminalText(skipped.join(', '))}\n`);
    try {
        await writeBaselineFile(path, baseline);
        io.stderr(`leakgate: baseline of ${baseline.scenarios.length} scenario${baseline.scenarios.length === 1 ? '' : 's'} written to ${path}\n`);
        return true;
    }
    catch (error) {
        io.stderr(`leakgate: cannot write the baseline to ${path}: ${error.message}; pick a writable path\n`);
        return false;
    }
}
/** Write the JSON and Markdown reports, each whole or not at all; a failure is an error (exit 2) but the terminal report stands. */
async function writeReports(report, jsonPath, markdownPath, io) {
    let ok = true;
    const write = async (path, text, what) => {
        try {
            await writeFileAtomic(path, text);
        }
        catch (error) {
            ok = false;
            io.stderr(`leakgate: cannot write the ${what} to ${path}: ${error.message}; pick a writable path\n`);
        }
    };
    if (jsonPath)
        await write(jsonPath, `${JSON.stringify(report, null, 2)}\n`, 'JSON report');
    if (markdownPath)
        await write(markdownPath, renderMarkdown(report), 'Markdown report');
    return ok;
}

var main = /*#__PURE__*/Object.freeze({
    __proto__: null,
    runCli: runCli
});

export { DOCUMENT_WORDS as D, ENV_ALLOW_LIST as E, FAIL_ON_VALUES as F, HARNESS_RECORDS as H, LIMITS as L, OUTPUT_TAIL_BYTES as O, RECORD_WORDS as R, _enum as _, ENV_ALLOW_PREFIXES as a, HARNESS_POLICY as b, strictObject as c, string as d, array as e, boolean as f, scenarioComparisonSchema as g, harnessPolicy as h, int as i, seriesSchema as j, fdOwnerReportSchema as k, literal as l, maxTracedCycles as m, number as n, once as o, pathText as p, nativeLeadSchema as q, siteReportSchema as r, shown as s, typeReportSchema as t, confirmationSchema as u, leakKindSchema as v, growthSchema as w, REPORT_SCHEMA as x, documentProblem as y, main as z };
