/**
 * Escaping untrusted text (type names, file paths, source lines, exception messages)
 * for GitHub-flavoured Markdown. Everything from the scenario or an artifact passes here.
 */

const ZERO_WIDTH_SPACE = '\u200b';

/**
 * Text that renders literally in Markdown and in a table cell: HTML is escaped, Markdown
 * punctuation is backslash-escaped, `|` cannot end a cell, `-->` cannot close our hidden
 * marker, and `@name` cannot mention anyone (a zero-width space after `@`; `\@` does not
 * stop a mention on GitHub).
 */
export function escapeMarkdown(text: string): string {
  // Punctuation first, on the raw text, so the entities added next are not escaped again.
  const punctuation = text.replace(/[\\`*_{}[\]()#+!~|]/g, (c) => `\\${c}`);
  return escapeHtml(punctuation)
    .replace(/@/g, `@${ZERO_WIDTH_SPACE}`)
    .replace(/\r?\n/g, ' ');
}

/** Text for inside <code> or <pre>: HTML-escaped, with table pipes and mentions defused. */
export function escapeCode(text: string): string {
  return escapeHtml(text).replace(/\|/g, '&#124;').replace(/@/g, `@${ZERO_WIDTH_SPACE}`);
}

/** HTML entities for the five characters that matter; `--` is split so no comment can open or close. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/--/g, `-${ZERO_WIDTH_SPACE}-`);
}
