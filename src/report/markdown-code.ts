/**
 * Untrusted text as code in Markdown, shown exactly as written on GitHub (issue 16): a code span or
 * a fenced block whose backtick fence is longer than any run of backticks in the text, so the text
 * cannot close it; inside them Markdown, HTML, entities, mentions, `#123` and URLs are all literal.
 * Hidden characters and line breaks are shown as escapes first (inert.ts showHidden).
 * Not for table cells: there a `|` would still end the cell; use `<code>` with markdownCode.
 */
import { showHidden } from './inert.js';

function fenceFor(text: string, shortest: number): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
  return '`'.repeat(Math.max(shortest, longest + 1));
}

/** One line of untrusted text as an inline code span: `` `x` ``, ``` `` a`b `` ```. */
export function codeSpan(text: string): string {
  const shown = showHidden(text);
  if (shown.length === 0) return '<code></code>';
  const fence = fenceFor(shown, 1);
  // A span that starts or ends with a backtick or a space gets one space each side, which CommonMark strips again.
  const pad = /^[` ]|[` ]$/.test(shown) && shown.trim().length > 0 ? ' ' : '';
  return `${fence}${pad}${shown}${pad}${fence}`;
}

/** One line of untrusted source code as a fenced block of `language`, each line indented by `indent` (inside a list item). */
export function codeBlock(text: string, language: string, indent = ''): string[] {
  const shown = showHidden(text);
  const fence = fenceFor(shown, 3);
  return [`${indent}${fence}${language}`, `${indent}${shown}`, `${indent}${fence}`];
}
