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
const HIDDEN = new RegExp(
  '[\\u0000-\\u0008\\u000a-\\u001f\\u007f-\\u009f\\u00ad\\u061c\\u115f\\u1160\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f' +
    '\\u3164\\ufeff\\uffa0\\ufff9-\\ufffb\\u{e0000}-\\u{e007f}]|[\\u{d800}-\\u{dfff}]',
  'gu',
);

const NAMED: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, { '\n': '\\n', '\r': '\\r' });

function escapeOf(char: string): string {
  const named = NAMED[char];
  if (named !== undefined) return named;
  const code = char.codePointAt(0)!;
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\u{${code.toString(16)}}`;
}

/**
 * Hidden characters shown as escapes. With `lines`, line breaks (`\n`, `\r\n`) are kept as
 * breaks; every other hidden character, a lone `\r` included, becomes its escape. Tabs stay.
 */
export function showHidden(text: string, options: { lines?: boolean } = {}): string {
  const source = String(text);
  if (!options.lines) return source.replace(HIDDEN, escapeOf);
  return source.replace(/\r\n/g, '\n').replace(HIDDEN, (c) => (c === '\n' ? c : escapeOf(c)));
}

/**
 * GitHub turns some plain text into links or notifications after Markdown: `@name` mentions,
 * `#123` and `GH-123` issue references, bare `https://` and `www.` links, e-mail addresses. A
 * zero-width space breaks each (`\@` does not stop a mention on GitHub; entities are decoded
 * before its filters run).
 */
function defuseAutolinks(text: string): string {
  return text
    .replace(/@/g, `@${ZWSP}`)
    .replace(/#(?=\d)/g, `#${ZWSP}`)
    .replace(/\b(gh)-(?=\d)/gi, `$1-${ZWSP}`)
    .replace(/:(?=\/\/)/g, `:${ZWSP}`)
    .replace(/\b(www)\./gi, `$1${ZWSP}.`);
}

function entities(text: string): string {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A quoted HTML attribute's value (a link we make): hidden characters as escapes, the five characters that matter as entities. */
export function htmlAttribute(text: string): string {
  return entities(showHidden(text));
}

/** HTML entities for the five characters that matter; `--` is split so no HTML comment can open or close. */
export function escapeHtml(text: string): string {
  return entities(text).replace(/--/g, `-${ZWSP}-`);
}

/**
 * Markdown prose, a table cell, a list item or a heading: one line that renders literally.
 * Hidden characters and line breaks are shown as escapes, Markdown punctuation is
 * backslash-escaped (`|` cannot end a cell, `$` cannot start math), HTML is escaped, and
 * mentions, issue references and bare links are broken (see defuseAutolinks).
 */
export function markdownText(text: string): string {
  const visible = defuseAutolinks(showHidden(text));
  // Punctuation before HTML, so the entities added next are not escaped again.
  const punctuation = visible.replace(/[\\`*_{}[\]()#+!~|$]/g, (c) => `\\${c}`);
  return escapeHtml(punctuation);
}

/**
 * Every character that means something to Markdown, HTML or GitHub's autolinker, as an entity, in
 * one pass (an entity is never escaped again: `'` stays `&#39;`, not `&&#35;39;`). Inside `<code>`
 * GitHub still parses Markdown (links, emphasis, `__init__` as bold), a backslash would be eaten as
 * an escape, and its extended autolinks (`https://…`, `www.…`, `a@b.example`) are made at parse
 * time; mentions and `#123` references are not made inside code, so no zero-width space is needed
 * and the text copies exactly as it was written.
 */
const CODE_ENTITIES: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
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
  '@': '&#64;',
});

function codeEntities(text: string): string {
  return text
    .replace(/[&<>"'\\`*_[\]|~$#@]/g, (c) => CODE_ENTITIES[c])
    .replace(/:(?=\/\/)/g, '&#58;')
    .replace(/\b(www)\./gi, '$1&#46;');
}

/** Text for inside a `<code>` element on one line (table cells included): shows exactly the characters, renders nothing. */
export function markdownCode(text: string): string {
  return codeEntities(showHidden(text));
}

/** Text for inside a `<pre>` element: like markdownCode, but its line breaks stay; no line starts with `::`. */
export function markdownPre(text: string): string {
  return codeEntities(showHidden(text, { lines: true })).replace(/^(\s*):/gm, '$1&#58;');
}

/** One line of terminal text: hidden characters (ESC, bidi controls, line breaks) shown as escapes. */
export function terminalText(text: string): string {
  return showHidden(text);
}

/** A block of terminal text (a traceback, an output tail): its lines, each shown like terminalText. */
export function terminalLines(text: string): string[] {
  return showHidden(text, { lines: true }).split('\n');
}

/**
 * Output for a GitHub Actions step's stdout or stderr, made unable to run workflow commands:
 * the runner reads `::command::` at the start of a line after leading whitespace, and the
 * legacy `##[command]` anywhere in a line (actions/runner ActionCommand.TryParseV2 and
 * TryParse). Such lines get a backslash before the `::`, and `##[` becomes `##\[`. Our own
 * output never starts a line with `::` or holds `##[`, so only what the scenario named changes.
 */
export function defuseWorkflowCommands(output: string): string {
  return String(output)
    .split(LINE_BREAK_PARTS)
    .map((part) => part.replace(/^(\s*)::/, '$1\\::').replace(/##\[/g, '##\\['))
    .join('');
}

// Line breaks for the runner (.NET's ReadLine: CR, LF, CRLF) and for people (NEL, LS, PS):
// a command after any of them is defused, and the break itself is kept.
const LINE_BREAK_PARTS = /(\r\n|[\r\n\u0085\u2028\u2029])/;

/** One line for the runner's log (a core.info message): its line breaks shown as ⏎, then defused. */
export function workflowLogLine(text: string): string {
  return defuseWorkflowCommands(
    String(text)
      .split(LINE_BREAK_PARTS)
      .filter((_, i) => i % 2 === 0)
      .join(' ⏎ '),
  );
}

/**
 * A block of untrusted text for a step's stdout: every line defused, and the whole block inside
 * `::stop-commands::TOKEN` … `::TOKEN::`, so that even a command syntax this code does not know
 * is not run. The token is random, so the text cannot end the block early.
 */
export function stopCommandsBlock(text: string, token: string = crypto.randomUUID()): string {
  const body = defuseWorkflowCommands(text.endsWith('\n') ? text.slice(0, -1) : text);
  return `::stop-commands::${token}\n${body}\n::${token}::\n`;
}

/** The data of a workflow command (after the second `::`), escaped as the toolkit does; hidden characters but line breaks shown as escapes. */
export function workflowCommandData(text: string): string {
  return showHidden(text, { lines: true }).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value of a workflow command (`file=…,title=…`): the data escaping plus `:` and `,`, on one line. */
export function workflowCommandProperty(text: string): string {
  return showHidden(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/:/g, '%3A').replace(/,/g, '%2C');
}
