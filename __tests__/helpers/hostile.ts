/**
 * One table of hostile strings, as a scenario can name them (type names, qualnames, paths,
 * source lines, messages): every destination's escaper is tested with all of them.
 */
export const HOSTILE: { what: string; text: string }[] = [
  { what: 'workflow commands after newlines', text: 'K\n::error file=app.py,line=1::forged\n::add-mask::leakgate' },
  { what: 'a legacy workflow command mid-line, after a carriage return', text: 'ok\r##[error]forged ##[add-mask]leakgate' },
  { what: 'a heading with a link', text: '# [link](https://evil.example/c)' },
  { what: 'an image tag', text: '<img src=https://evil.example/x>' },
  { what: 'an image in Markdown', text: '![x](https://evil.example/x.png)' },
  { what: 'a bidi override', text: '\u202Eevil' },
  { what: 'bidi isolates and zero-width characters', text: 'a\u2066b\u2069c\u200bd\u200de\ufeff' },
  { what: 'line and paragraph separators', text: 'one\u2028two\u2029three' },
  { what: 'an ANSI colour', text: '\x1b[31mred' },
  { what: 'a C1 control and DEL', text: 'a\u009bb\u007fc' },
  { what: 'a table pipe', text: 'a|b' },
  { what: 'a mention', text: '@someone' },
  { what: 'an issue reference', text: '#123' },
  { what: 'a dunder name', text: '__init__' },
  { what: 'emphasis', text: '*a*' },
  { what: 'backticks', text: '``` `code` ```' },
  { what: 'an HTML comment closer', text: 'x --> y <!-- z' },
  { what: 'a bare link', text: 'see www.evil.example and https://evil.example' },
  { what: 'math', text: '$\\color{red}{x}$' },
  { what: 'a backslash path', text: 'C:\\temp\\_x' },
  { what: 'a 10,000-character string', text: `${'A'.repeat(9_990)}\n# h <b>|` },
  { what: 'constructor', text: 'constructor' },
  { what: '__proto__', text: '__proto__' },
];

/** Characters that must never reach output raw: controls, bidi, zero-width (U+200B aside: our own mention breaker), separators. */
export const RAW_HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200c-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;

/** A fenced block of code in a list item: its fence, one line, its fence again (src/report/markdown-code.ts codeBlock). */
export const FENCED_BLOCK = /^( *)(`{3,})python\n.*\n\1\2$/gm;
/** A code span: a run of backticks not escaped, to the next run of exactly as many (CommonMark 6.1). */
export const CODE_SPAN = /(?<![`\\])(`+)(?!`).*?(?<!`)\1(?!`)/g;

/** Markdown without its fenced blocks and code spans, where untrusted text is literal and renders nothing. */
export function outsideCode(markdown: string): string {
  return markdown.replace(FENCED_BLOCK, '').replace(CODE_SPAN, '');
}
