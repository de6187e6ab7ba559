/**
 * The PR comment, the job summary and `--markdown` as a reviewer sees them on GitHub (issue 16):
 * each of the five report cases (__tests__/helpers/report-cases.ts) rendered through a GFM
 * renderer with GitHub's sanitizer and reference filters (__tests__/helpers/gfm.ts), and the
 * assertions made on the rendered HTML, not on the Markdown text. Each describe block names the
 * part of issue 16 it encodes and whose work makes it pass; none is skipped.
 */
import { COMMENT_LIMIT_CHARS, renderComment, renderSummary } from '../src/adapters/action/comment.js';
import { markdownFile } from '../src/adapters/cli/main.js';
import { renderMarkdown } from '../src/report/markdown.js';
import type { Report, ScenarioResult } from '../src/report/types.js';
import { type RenderedGfm, renderGfm } from './helpers/gfm.js';
import { baselineState, type CaseName, HOSTILE_CODE, HOSTILE_FUNCTION, NOW, type ReportCase, RUN_URL, reportCases } from './helpers/report-cases.js';

type OutputKind = 'comment' | 'summary' | 'markdown';
interface Output {
  kind: OutputKind;
  markdown: string;
  rendered: RenderedGfm;
}

const CASES = new Map(reportCases().map((c) => [c.name, c]));
const KINDS: OutputKind[] = ['comment', 'summary', 'markdown'];
const memo = new Map<string, Output>();

function caseOf(name: CaseName): ReportCase {
  return CASES.get(name)!;
}

/** One output of one case, rendered once. */
function output(name: CaseName, kind: OutputKind): Output {
  const key = `${name}/${kind}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const c = caseOf(name);
  const markdown =
    kind === 'comment'
      ? renderComment(c.comment)
      : kind === 'summary'
        ? renderSummary(c.report, c.summaryNotes, c.sourceUrl, { baseline: baselineState(c.report), headSha: c.comment.headSha, now: NOW })
        : markdownFile(c.report, 'report.json', NOW);
  const made = { kind, markdown, rendered: renderGfm(markdown) };
  memo.set(key, made);
  return made;
}

/** Notes as GitHub shows them: quotes, and alerts (`> [!NOTE]`). */
const NOTES = 'blockquote, .markdown-alert';
const ALL = [...CASES.keys()].flatMap((name) => KINDS.map((kind) => ({ name, kind })));
const FAILING_CASES: CaseName[] = ['single-leak', 'mixed', 'comparison', 'fifty'];

/** Inline code: `code` elements outside `pre` (a code block's text is checked on its own). */
function inlineCode(root: Element): Element[] {
  return [...root.querySelectorAll('code')].filter((code) => !code.closest('pre'));
}

/** What a reader sees without clicking: the text, with each closed `<details>` reduced to its summary. */
function seenText(node: Node, stopAt?: (element: Element) => boolean, state = { stopped: false }): string {
  let text = '';
  for (const child of [...node.childNodes]) {
    if (state.stopped) break;
    if (child.nodeType === 3) text += (child as Text).data;
    else if (child.nodeType === 1) {
      const element = child as Element;
      if (stopAt?.(element)) {
        state.stopped = true;
        break;
      }
      if (element.tagName === 'DETAILS' && !element.hasAttribute('open')) {
        const summary = [...element.children].find((e) => e.tagName === 'SUMMARY');
        text += summary ? seenText(summary, stopAt, state) : '';
      } else text += seenText(element, stopAt, state);
    }
  }
  return text;
}

/** Every string of a report, and every `file:line` it names: what a code element may show. */
function sourceTexts(report: Report): string[] {
  const out: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      if (typeof o.file === 'string' && typeof o.line === 'number') out.push(`${o.file}:${o.line}`);
      for (const v of Object.values(o)) walk(v);
    }
  };
  walk(report);
  return out;
}

/** A code element's text came from the report: a part of one of its strings, or a path shown from a root (`<stdlib>/json/decoder.py`). */
function fromSource(text: string, sources: readonly string[]): boolean {
  const wanted = text.trim();
  if (wanted === '') return true;
  const rooted = /^<[a-z-]+>\/(.+)$/.exec(wanted);
  return sources.some((s) => s.includes(wanted) || (rooted !== null && s.includes(`/${rooted[1]}`)));
}

/** Where a failing scenario leaks, as `file:line`: its top site, else the line that opened its descriptors, else its native lead. */
function whereOf(s: ScenarioResult): { file: string; line: number } | null {
  const site = s.sites.find((x) => x.userCode) ?? s.sites[0];
  if (site) return site;
  const frame = s.fdOwners?.flatMap((o) => o.frames).find((f) => f.userCode);
  if (frame) return frame;
  const call = s.nativeLead?.calls[0];
  return call ?? null;
}
const basename = (path: string) => path.split('/').pop() ?? path;

/** A clean scenario with nothing to report: passing, no leak, no known leak, nothing changed against a baseline. */
function nothingToSay(s: ScenarioResult): boolean {
  const classy = s.comparison?.class;
  return (
    s.verdict === 'pass' &&
    !s.leak.detected &&
    !s.explanation?.knownLibraryLeak &&
    (s.explanation?.knownLeaks.length ?? 0) === 0 &&
    (classy === undefined || classy === 'clean' || classy === 'no-baseline')
  );
}

/** The columns of a table: the cells of its widest row. */
function columns(table: Element): number {
  return Math.max(...[...table.querySelectorAll('tr')].map((row) => row.querySelectorAll('th, td').length));
}

/** The Mermaid blocks, each with the nearest heading before it. */
function charts(root: Element): { source: string; heading: string }[] {
  let heading = '';
  const out: { source: string; heading: string }[] = [];
  for (const element of root.querySelectorAll('h1, h2, h3, h4, h5, h6, pre[lang="mermaid"]')) {
    if (element.tagName === 'PRE') out.push({ source: element.textContent ?? '', heading });
    else heading = element.textContent ?? '';
  }
  return out;
}

describe('the GFM renderer renders as GitHub does (the tool the other tests stand on)', () => {
  it('parses Markdown inside an HTML <code> element, as GitHub does: __init__ turns bold', () => {
    const { root } = renderGfm('<code>self.__init__()</code>');
    expect(root.querySelector('code strong')?.textContent).toBe('init');
  });
  it('keeps a code span literal', () => {
    const { root } = renderGfm('`self.__init__(*a*) #123 https://example.invalid/x`');
    expect(root.querySelector('code')?.textContent).toBe('self.__init__(*a*) #123 https://example.invalid/x');
  });
  it('links #123 and @name in text, not in code', () => {
    const { root } = renderGfm('see #123 and @octocat, not `#124` or `@hubot`');
    expect([...root.querySelectorAll('a')].map((a) => a.textContent)).toEqual(['#123', '@octocat']);
  });
  it('links bare https:// and www. URLs but not file names with a country TLD', () => {
    const { root } = renderGfm('https://example.invalid/x and www.example.invalid, not leaky.py');
    expect([...root.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['https://example.invalid/x', 'http://www.example.invalid']);
  });
  it('strips what GitHub strips: script, style attributes, event handlers, javascript: links', () => {
    const { html } = renderGfm('<script>x()</script><span style="color:red" onclick="y()">s</span> <a href="javascript:z()">l</a>');
    expect(html).not.toMatch(/script|style=|onclick|javascript/);
    expect(html).toContain('<span>s</span>');
  });
  it('turns a [!NOTE] quote into an alert, as GitHub does', () => {
    const { root } = renderGfm('> [!NOTE]\n> **No baseline yet**: record one.');
    const alert = root.querySelector('.markdown-alert-note')!;
    expect(alert.querySelector('.markdown-alert-title')?.textContent).toBe('Note');
    expect(alert.textContent).not.toContain('[!NOTE]');
    expect(alert.querySelector('strong')?.textContent).toBe('No baseline yet');
  });
  it('renders a GFM table and a fenced block with its language', () => {
    const { root } = renderGfm('| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nx = 1\n```\n');
    expect(columns(root.querySelector('table')!)).toBe(2);
    expect(root.querySelector('pre[lang="python"] code')?.textContent).toBe('x = 1\n');
  });
});

describe('holds today: sizes and inert untrusted text', () => {
  it.each([...CASES.keys()])('the comment of %s is under 65,536 characters', (name) => {
    expect(output(name, 'comment').markdown.length).toBeLessThan(COMMENT_LIMIT_CHARS);
  });
  it.each([...CASES.keys()])('the job summary of %s is under 65,536 characters, as the comment is', (name) => {
    expect(output(name, 'summary').markdown.length).toBeLessThan(COMMENT_LIMIT_CHARS);
  });
  it.each(ALL)('nothing from the report becomes a mention, an issue link or a link to it in the $kind of $name', ({ name, kind }) => {
    const { root } = output(name, kind).rendered;
    expect(root.querySelectorAll('a.user-mention, a.issue-link')).toHaveLength(0);
    expect(root.querySelectorAll('a[href*="example.invalid"]')).toHaveLength(0);
  });
});

describe('holds today: an edited leak line (the pull request made its buffer 4× larger) is one site', () => {
  it.each(KINDS)('the edited line shows as worse, never as fixed and new, in the %s of the comparison', (kind) => {
    const edited = caseOf('comparison')
      .report.scenarios.flatMap((s) => s.comparison?.sites ?? [])
      .find((site) => site.baselineCode && site.baselineCode !== site.code)!;
    expect(edited).toBeDefined();
    const { root } = output('comparison', kind).rendered;
    const where = `${basename(edited.file)}:${edited.line}`;
    const rows = [...root.querySelectorAll('tr, li')].filter((row) => (row.textContent ?? '').includes(where) && !row.querySelector('tr, li'));
    const classes = rows.map((row) => row.textContent ?? '').filter((text) => /fixed|new leak|worse/i.test(text));
    expect(classes.length).toBeGreaterThan(0);
    expect(classes.filter((text) => /fixed|new leak/i.test(text))).toEqual([]);
  });
});

describe('issue 16 "Wrong text": code renders exactly as written (needs "detail": markdown-scenario.ts)', () => {
  it.each(ALL)('no code element in the $kind of $name holds Markdown rendered as bold, italics or links', ({ name, kind }) => {
    const { root } = output(name, kind).rendered;
    const formatted = inlineCode(root).filter((code) => code.querySelector('strong, em, a, del, s'));
    expect(formatted.map((code) => code.innerHTML)).toEqual([]);
  });
  it.each(ALL)('the text of each code element in the $kind of $name is text of the report, not changed', ({ name, kind }) => {
    const { root } = output(name, kind).rendered;
    const { comment } = caseOf(name);
    // Commits come from the action (the head, the baseline's run), the JSON report's path from the CLI: not from the report.
    const commits = [comment.headSha ?? '', comment.baseline.origin?.commit ?? '', comment.baseline.origin?.branch ?? '', 'report.json'];
    const sources = [
      ...sourceTexts(comment.report),
      comment.acceptLabel,
      comment.baseline.artifactName,
      ...commits,
      ...ourCodeSpans(output(name, kind).markdown),
    ];
    const changed = inlineCode(root)
      .map((code) => code.textContent ?? '')
      .filter((text) => !fromSource(text, sources));
    expect(changed).toEqual([]);
  });
  it.each(ALL)('no code element in the $kind of $name holds a zero-width space (copied commands and names work)', ({ name, kind }) => {
    const { root } = output(name, kind).rendered;
    const broken = [...root.querySelectorAll('code')].map((code) => code.textContent ?? '').filter((text) => text.includes('\u200b'));
    expect(broken).toEqual([]);
  });
  it.each(KINDS)('the hostile code line, function and holder show exactly as written in the %s (underscores, asterisks, #123, the URL, |, \\)', (kind) => {
    const { root } = output('mixed', kind).rendered;
    const texts = [...root.querySelectorAll('code')].map((code) => (code.textContent ?? '').trim());
    expect(texts).toContain(HOSTILE_CODE);
    // The function may be prose or code; either way its underscores stay. The holder (HOSTILE_HOLDER) may be shown
    // whole or in parts: the test above checks that each code element is a part of the report's text, unchanged.
    expect(root.textContent).toContain(HOSTILE_FUNCTION);
  });
  it.each(['summary', 'markdown'] as const)("each failing scenario's top code line is a code element's whole text in the %s", (kind) => {
    for (const name of FAILING_CASES) {
      const { root } = output(name, kind).rendered;
      const texts = new Set([...root.querySelectorAll('code')].map((code) => (code.textContent ?? '').trim()));
      const missing = caseOf(name)
        .report.scenarios.filter((s) => s.verdict === 'fail' && s.sites.length > 0)
        .map((s) => s.sites[0].code.trim())
        .filter((code) => !texts.has(code));
      expect({ name, missing }).toEqual({ name, missing: [] });
    }
  });
  it.each(KINDS)('a known leak, unchanged against the baseline, is titled as a known leak, never "no leak", in the %s', (kind) => {
    const { root } = output('comparison', kind).rendered;
    const known = caseOf('comparison').report.scenarios.find((s) => s.comparison?.class === 'unchanged')!;
    const naming = [...root.querySelectorAll('h1, h2, h3, h4, h5, h6, li, tr, p, summary')].filter((e) => (e.textContent ?? '').includes(basename(known.name)));
    expect(naming.length).toBeGreaterThan(0);
    expect(naming.filter((e) => /no leak/i.test(e.textContent ?? '')).map((e) => e.textContent)).toEqual([]);
    expect(naming.some((e) => /known/i.test(e.textContent ?? ''))).toBe(true);
  });
  it.each(KINDS)("a known library leak's row in the summary table says so, never 'failing', in the %s", (kind) => {
    const { root } = output('comparison', kind).rendered;
    const known = caseOf('comparison').report.scenarios.find((s) => s.explanation?.knownLibraryLeak)!;
    const row = [...root.querySelectorAll('tr')].find((tr) => (tr.textContent ?? '').includes(known.name))!;
    expect(row.textContent).toMatch(/known library leak/);
    expect(row.textContent).not.toMatch(/failing/);
  });
  it.each(['summary', 'markdown'] as const)("an interpreter's paths show as <stdlib>/…, not as where Python is installed, in the %s", (kind) => {
    const text = output('mixed', kind).rendered.root.textContent ?? '';
    expect(text.match(/\S*\/lib\/python3\.\d+\/\S*/g) ?? []).toEqual([]);
    expect(text).toContain('<stdlib>/json/decoder.py');
  });
});

describe('issue 16 "Tables that do not fit" (needs "answer": markdown.ts, and "detail": markdown-scenario.ts)', () => {
  it.each(ALL)('no table in the $kind of $name has more than 4 columns (the PR column is ~780 px)', ({ name, kind }) => {
    const { root } = output(name, kind).rendered;
    const wide = [...root.querySelectorAll('table')].filter((t) => columns(t) > 4).map((t) => (t.querySelector('tr')?.textContent ?? '').trim());
    expect(wide).toEqual([]);
  });
  it.each(ALL)('blocks are whole numbers (never "0.077 blocks") in the $kind of $name', ({ name, kind }) => {
    const text = output(name, kind).rendered.root.textContent ?? '';
    expect(text.match(/\b\d+\.\d+ blocks?\b/g) ?? []).toEqual([]);
  });
});

describe('issue 16 "The answer is far down" (needs "answer": markdown.ts top and comment.ts)', () => {
  const failing = FAILING_CASES.flatMap((name) => KINDS.map((kind) => ({ name, kind })));
  it.each(failing)(
    'the first file:line of a failing scenario is read before any table, in the first 600 characters, in the $kind of $name',
    ({ name, kind }) => {
      const { root } = output(name, kind).rendered;
      const wheres = caseOf(name)
        .report.scenarios.filter((s) => s.verdict === 'fail')
        .map(whereOf)
        .filter((w) => w !== null)
        .map((w) => `${basename(w.file)}:${w.line}`);
      expect(wheres.length).toBeGreaterThan(0);
      const beforeTable = seenText(root, (e) => e.tagName === 'TABLE');
      const first = seenText(root).slice(0, 600);
      expect(wheres.some((w) => beforeTable.includes(w) && first.includes(w))).toBe(true);
    },
  );
  it.each([...CASES.keys()])('the verdict is the first thing the comment of %s shows, before any note', (name) => {
    const { root } = output(name, 'comment').rendered;
    const first = root.firstElementChild!;
    expect(first.matches('blockquote, .markdown-alert')).toBe(false);
    expect(first.textContent).toMatch(/❌|✅|⚠️/u);
  });
  it.each(['mixed', 'fifty'] as const)('leaks plus an error make the verdict ❌, not ⚠️ (which reads as non-blocking), in the comment of %s', (name) => {
    const { root } = output(name, 'comment').rendered;
    const verdict = [...root.querySelectorAll('h1, h2, h3, p')].find((e) => /leakgate/i.test(e.textContent ?? ''))!;
    expect(verdict.textContent).toContain('❌');
    expect(verdict.textContent).not.toContain('⚠️');
  });
  it.each(['single-leak', 'clean', 'mixed', 'fifty'] as const)('the comment of %s says "no baseline yet" in one note, not two', (name) => {
    const { root } = output(name, 'comment').rendered;
    const notes = [...root.querySelectorAll(NOTES)].filter((q) => /baseline/i.test(q.textContent ?? ''));
    expect(notes).toHaveLength(1);
  });
  it.each(ALL)('a command-line flag in the notes of the $kind of $name can be copied (no zero-width space inside `--save-baseline`)', ({ name, kind }) => {
    const { root } = output(name, kind).rendered;
    const broken = [...root.querySelectorAll(NOTES)].map((q) => q.textContent ?? '').filter((text) => text.includes('-\u200b-'));
    expect(broken).toEqual([]);
  });
  it('50 scenarios: the passing ones are folded into a <details>, each failing one is in sight', () => {
    const { root } = output('fifty', 'comment').rendered;
    const report = caseOf('fifty').report;
    const rows = [...root.querySelectorAll('tr, li')];
    const unfolded = report.scenarios
      .filter(nothingToSay)
      .filter((s) => rows.some((row) => (row.textContent ?? '').includes(basename(s.name)) && !row.closest('details')))
      .map((s) => s.name);
    expect(unfolded).toEqual([]);
    const seen = seenText(root);
    const hidden = report.scenarios.filter((s) => s.verdict === 'fail' && !seen.includes(basename(s.name))).map((s) => s.name);
    expect(hidden).toEqual([]);
  });
  it('50 scenarios: the link to the job summary (the full report, which does not fit) comes before the first table', () => {
    // The full report of 50 scenarios is far over 65,536 characters, so the comment drops detail.
    expect(renderMarkdown(caseOf('fifty').report, { detail: 'full' }).length).toBeGreaterThan(COMMENT_LIMIT_CHARS);
    const { root } = output('fifty', 'comment').rendered;
    // Document order from one selector query (linkedom's compareDocumentPosition answers the reverse).
    const inOrder = [...root.querySelectorAll('a, table')];
    const link = inOrder.findIndex((e) => e.tagName === 'A' && e.getAttribute('href') === RUN_URL);
    const firstTable = inOrder.findIndex((e) => e.tagName === 'TABLE');
    expect(link).toBeGreaterThanOrEqual(0);
    expect(firstTable).toBeGreaterThan(link);
  });
});

describe('issue 16 "Noise" and "Every Markdown output bounded" (needs "answer" and "detail")', () => {
  it.each(ALL)('no heading in the $kind of $name is a passing scenario with nothing to report', ({ name, kind }) => {
    const { root } = output(name, kind).rendered;
    const quiet = caseOf(name).report.scenarios.filter(nothingToSay);
    const headings = [...root.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => h.textContent ?? '');
    const empty = headings.filter((h) => quiet.some((s) => h.includes(s.name) || h.includes(` ${basename(s.name)}`)));
    expect(empty).toEqual([]);
  });
  it.each(ALL)('the $kind of $name shows no raw timestamp', ({ name, kind }) => {
    const text = output(name, kind).rendered.root.textContent ?? '';
    expect(text.match(/\d{4}-\d\d-\d\dT\d\d:\d\d[^\s]*/g) ?? []).toEqual([]);
  });
  it.each([...CASES.keys()])('`--markdown` of %s is under 65,536 characters, as the comment is', (name) => {
    expect(output(name, 'markdown').markdown.length).toBeLessThan(COMMENT_LIMIT_CHARS);
  });
});

describe('issue 16 "Charts that mislead" (needs "charts": chart.ts)', () => {
  it.each(KINDS)('a clean run has no chart in the %s', (kind) => {
    expect(charts(output('clean', kind).rendered.root)).toEqual([]);
  });
  it.each(KINDS)('clean and failed scenarios get no chart among six mixed ones, in the %s', (kind) => {
    const report = caseOf('mixed').report;
    const quiet = report.scenarios.filter((s) => s.verdict === 'error' || nothingToSay(s)).map((s) => basename(s.name));
    const under = charts(output('mixed', kind).rendered.root).filter((c) => quiet.some((name) => c.heading.includes(name)));
    expect(under.map((c) => c.heading)).toEqual([]);
  });
  it.each(ALL)('every chart in the $kind of $name sets its own palette (the default draws the first line nearly white)', ({ name, kind }) => {
    const found = charts(output(name, kind).rendered.root);
    expect(found.filter((c) => !/plotColorPalette/.test(c.source)).map((c) => c.heading)).toEqual([]);
  });
  it.each(ALL)('every chart in the $kind of $name has evenly spaced cycles on x', ({ name, kind }) => {
    const uneven = charts(output(name, kind).rendered.root).filter((c) => {
      const categories = /x-axis[^[\n]*\[([^\]]*)\]/.exec(c.source);
      if (!categories) return false; // a numeric range (`x-axis 0 --> 100`) is even
      const cycles = categories[1].split(',').map((v) => Number(v.replace(/"/g, '').trim()));
      const steps = new Set(cycles.slice(1).map((v, i) => v - cycles[i]));
      return cycles.some(Number.isNaN) || steps.size > 1;
    });
    expect(uneven.map((c) => c.heading)).toEqual([]);
  });
  it.each(ALL)('no chart in the $kind of $name counts past 2,048 KiB (MiB above ~1 MiB)', ({ name, kind }) => {
    const unscaled = charts(output(name, kind).rendered.root).filter((c) => {
      const axis = /y-axis\s+"([^"]*)"\s+(-?[\d.]+)\s*-->\s*(-?[\d.]+)/.exec(c.source);
      return axis !== null && /KiB/.test(axis[1]) && Number(axis[3]) > 2048;
    });
    expect(unscaled.map((c) => c.heading)).toEqual([]);
  });
  it.each(['summary', 'markdown'] as const)('the fd leak charts open descriptors, not the malloc heap, in the %s', (kind) => {
    const found = charts(output('mixed', kind).rendered.root);
    expect(found.filter((c) => /descriptor/i.test(c.source))).toHaveLength(1);
  });
});

/**
 * leakgate's own words in code spans (`labeled`, `npx leakgate run …`): a code span renders its text as
 * written, so it may stand beside the report's text, unless it holds an escaper's marks (a backslash,
 * an entity, a zero-width space), which would show on GitHub.
 */
function ourCodeSpans(markdown: string): string[] {
  return [...markdown.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]).filter((span) => !/[\\&\u200b]/.test(span));
}
