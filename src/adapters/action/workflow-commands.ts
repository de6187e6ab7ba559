/**
 * Text from the scenario (type names, file names, scenario names, messages) on the action's
 * stdout and stderr, made inert for the runner. The runner reads every output line for
 * workflow commands: `::name props::data` at the start of the line after trimming
 * whitespace, and the old `##[name]` anywhere in a line. A type named
 * "K\n::add-mask::leakgate" printed as is would mask, annotate or set outputs (issue 11 §2).
 * Pure, except that inertBlock draws a random token.
 *
 * The toolkit's core.warning/error/notice escape their message and properties themselves
 * (`%`, CR, LF, and `:`/`,` in properties); core.info and raw writes do not, so those go
 * through here.
 */
import { randomUUID } from 'node:crypto';

const ZERO_WIDTH_SPACE = '\u200b';
// Line breaks for the runner (.NET's ReadLine: CR, LF) and for people (NEL, LS, PS).
const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029]/;

/** One line of output that cannot be a command: `::` at its start and `##[` are broken up. */
function inertLine(line: string): string {
  const defused = line.replace(/##\[/g, `##${ZERO_WIDTH_SPACE}[`);
  return defused.replace(/^(\s*):(?=:)/, `$1:${ZERO_WIDTH_SPACE}`);
}

/** Text whose every line is inert; the line breaks are kept. */
export function inertLines(text: string): string {
  return text
    .split(LINE_BREAKS)
    .map(inertLine)
    .join('\n');
}

/** One line of text (a message for core.info): its line breaks shown as ⏎, then made inert. */
export function inertText(text: string): string {
  return inertLine(text.split(LINE_BREAKS).join(' ⏎ '));
}

/**
 * A block of untrusted text for stdout: every line inert, and the whole block inside
 * `::stop-commands::TOKEN` … `::TOKEN::`, so even a command syntax this code does not know
 * is not run. The token is random: the text cannot end the block early.
 */
export function inertBlock(text: string, token: string = randomUUID()): string {
  const body = inertLines(text.endsWith('\n') ? text.slice(0, -1) : text);
  return `::stop-commands::${token}\n${body}\n::${token}::\n`;
}
