/**
 * Every string from the scenario is made inert for where it goes (issue 11 §2): one function per
 * destination, each run over the same table of hostile strings.
 */
import {
  defuseWorkflowCommands,
  markdownCode,
  markdownPre,
  markdownText,
  showHidden,
  terminalLines,
  terminalText,
  workflowCommandData,
  workflowCommandProperty,
} from '../src/report/inert.js';
import { HOSTILE, RAW_HIDDEN } from './helpers/hostile.js';

/** What GitHub's runner does to a command's data and properties (actions/runner ActionCommand Unescape). */
const unescapeData = (text: string) => text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (text: string) => unescapeData(text.replace(/%3A/g, ':').replace(/%2C/g, ','));

/** Lines the runner would take for a workflow command: `::` first after whitespace, or `##[` anywhere. */
const commandLines = (output: string) => output.split(/\r\n|\r|\n/).filter((line) => /^\s*::/.test(line) || line.includes('##['));

const withoutEntities = (text: string) => text.replace(/&(#\d+|[a-z]+);/g, '');

/** Markdown that would not stay literal: links, images, HTML, mentions, issue references, autolinks, emphasis. */
function liveMarkdown(text: string): string[] {
  const found: string[] = [];
  if (/<[a-z!/]/i.test(text)) found.push('an HTML tag');
  if (/(^|[^\\])\]\(/.test(text)) found.push('a link');
  if (/@[a-z0-9]/i.test(text)) found.push('a mention');
  if (/(?<!&)#\d/.test(text)) found.push('an issue reference'); // &#95; is an entity
  if (/:\/\/|www\./i.test(text)) found.push('an autolink');
  if (/-->|<!--/.test(text)) found.push('an HTML comment');
  if (RAW_HIDDEN.test(text)) found.push('a hidden character');
  return found;
}

describe.each(HOSTILE)('$what', ({ text }) => {
  it('in Markdown text: one line, nothing live, no cell-ending pipe, punctuation escaped', () => {
    const out = markdownText(text);
    expect(out).not.toMatch(/[\r\n]/);
    expect(liveMarkdown(out)).toEqual([]);
    expect(out).not.toMatch(/(^|[^\\])(\\\\)*\|/); // every pipe escaped
    expect(out).not.toMatch(/(^|[^\\])(\\\\)*[*_`[\]$]/); // no emphasis, code, link or math opener
    expect(`| ${out} |`.split(/(?<!\\)\|/)).toHaveLength(3);
  });

  it('inside <code>: one line, Markdown punctuation as entities, nothing live', () => {
    const out = markdownCode(text);
    expect(out).not.toMatch(/[\r\n]/);
    expect(liveMarkdown(out)).toEqual([]);
    expect(withoutEntities(out)).not.toMatch(/[|*_`[\]~$#\\<>]/);
  });

  it('inside <pre>: lines kept, but no line is a heading or a tag, nothing live', () => {
    const out = markdownPre(text);
    expect(out.split('\n')).toHaveLength(showHidden(text, { lines: true }).split('\n').length);
    expect(liveMarkdown(out)).toEqual([]);
    expect(withoutEntities(out)).not.toMatch(/[|*_`[\]~$#\\<>]/);
  });

  it('in the terminal: one line, hidden characters shown as escapes, no workflow command once defused', () => {
    const out = terminalText(text);
    expect(out).not.toMatch(/[\r\n]/);
    expect(out).not.toMatch(RAW_HIDDEN);
    expect(out).not.toContain('\u200b');
    expect(commandLines(defuseWorkflowCommands(`    ${out}\n${out}\n`))).toEqual([]);
    const block = terminalLines(text);
    for (const line of block) expect(line).not.toMatch(RAW_HIDDEN);
    expect(commandLines(defuseWorkflowCommands(block.map((line) => `    ${line}`).join('\n')))).toEqual([]);
  });

  it('in a workflow command: one line whose data the runner decodes back to the text (hidden characters as escapes)', () => {
    const data = workflowCommandData(text);
    const property = workflowCommandProperty(text);
    const line = `::warning file=${property},title=${property}::${data}`;
    expect(line).not.toMatch(/[\r\n]/);
    expect(line).not.toMatch(RAW_HIDDEN);
    expect(property).not.toMatch(/[:,]/);
    expect(unescapeData(data)).toBe(showHidden(text, { lines: true }));
    expect(unescapeProperty(property)).toBe(showHidden(text));
  });
});

describe('what a reader sees', () => {
  it.each([
    { what: 'ESC as \\x1b', text: '\x1b[31mred', shown: '\\x1b[31mred' },
    { what: 'a bidi override as \\u202e', text: '\u202Eevil', shown: '\\u202eevil' },
    { what: 'a newline in a name as \\n', text: 'K\n::error', shown: 'K\\n::error' },
    { what: 'a tag character as \\u{e0041}', text: 'a\u{e0041}', shown: 'a\\u{e0041}' },
    { what: 'an unpaired surrogate as \\ud800', text: 'a\ud800b', shown: 'a\\ud800b' },
    { what: 'a tab as a tab', text: 'a\tb', shown: 'a\tb' },
  ])('the terminal shows $what', ({ text, shown }) => {
    expect(terminalText(text)).toBe(shown);
  });

  it.each([
    { text: '__init__', code: '&#95;&#95;init&#95;&#95;', prose: '\\_\\_init\\_\\_' },
    { text: '@someone', code: '&#64;someone', prose: '@\u200bsomeone' },
    { text: "it's", code: 'it&#39;s', prose: 'it&#39;s' },
    { text: 'https://x.example', code: 'https&#58;//x.example', prose: 'https:\u200b//x.example' },
    { text: '#123', code: '&#35;123', prose: '\\#\u200b123' },
    { text: 'a|b', code: 'a&#124;b', prose: 'a\\|b' },
    { text: 'C:\\x', code: 'C:&#92;x', prose: 'C:\\\\x' },
    { text: 'constructor', code: 'constructor', prose: 'constructor' },
  ])('$text is shown as itself, in code and in prose', ({ text, code, prose }) => {
    expect(markdownCode(text)).toBe(code);
    expect(markdownText(text)).toBe(prose);
  });

  it('a traceback keeps its lines in <pre>, a lone carriage return cannot overwrite one', () => {
    expect(markdownPre('Traceback:\r\n  File "a.py"\rforged')).toBe('Traceback:\n  File &quot;a.py&quot;&#92;rforged');
  });

  it("our own colours pass, workflow commands in the scenario's lines do not", () => {
    const out = defuseWorkflowCommands('\x1b[1mleakgate\x1b[0m\n  ::error::x\n\t::add-mask::y\nok ##[error]z\n');
    expect(out).toBe('\x1b[1mleakgate\x1b[0m\n  \\::error::x\n\t\\::add-mask::y\nok ##\\[error]z\n');
  });

  it('escapes a 10,000-character name in linear time', () => {
    const started = process.hrtime.bigint();
    for (const f of [markdownText, markdownCode, markdownPre, terminalText, workflowCommandData, workflowCommandProperty]) f('@#_|\u202e\n'.repeat(100_000));
    // A quadratic escaper would take minutes on 600,000 characters; a generous bound on a loaded machine.
    expect(Number(process.hrtime.bigint() - started) / 1e9).toBeLessThan(20);
  });
});
