/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The DOM types of linkedom's documents (tsconfig's lib is ES2023 only: src/ runs in Node, never in a page).
/**
 * Markdown rendered as GitHub renders a PR comment or a job summary, as closely as an offline
 * renderer allows (issue 16, item 6): tests assert on what a reviewer sees, not on the Markdown.
 *
 * GitHub's pipeline is cmark-gfm (CommonMark + the GFM extensions), then HTML filters: a
 * sanitizer with an allow-list, and reference filters (@mentions, #123 issue links) over text
 * outside `code`, `pre` and `a`. Here: markdown-it (CommonMark; tables and strikethrough as GFM),
 * then the same filters over a linkedom DOM. Approximations, each on purpose:
 *
 *  - Raw HTML is on, as on GitHub: Markdown inside inline `<code>…</code>` is still parsed
 *    (`__init__` becomes bold), and an HTML block (a line starting with `<details>`) is not
 *    parsed until the next blank line; both as in CommonMark.
 *  - Extended autolinks: `https://…` and `http://…` are linked by markdown-it's linkify, also
 *    inside inline `<code>` (cmark-gfm's autolink extension works on text nodes and does not
 *    know an HTML tag is open either). `www.` links are added as a linkify schema. Bare domains
 *    (`leaky.py`, `.py` is a country TLD) are NOT linked, as on GitHub: fuzzy links are off.
 *    E-mail autolinks are left out (no test needs them).
 *  - A character reference splits linkify's text in markdown-it (`https:&#47;&#47;x` is not
 *    linked); cmark-gfm may differ there. Nothing here relies on it.
 *  - Fenced code renders as `<pre lang="python"><code>`, as cmark-gfm's github_pre_lang does;
 *    GitHub then highlights it (not modelled) and draws ```mermaid blocks (see scripts/screenshots.mjs).
 *  - The sanitizer keeps GitHub's allow-list of elements and attributes (html-pipeline's
 *    SanitizationFilter, abridged to what a report can hold); other elements are unwrapped,
 *    `script`/`style` are dropped with their content, `href` keeps http(s), mailto and relative URLs.
 *  - `@name` and `#123` become links, outside `code`, `pre` and `a`, as GitHub's MentionFilter and
 *    IssueReferenceFilter do (their IGNORE_PARENTS). Team mentions, `GH-123`, `owner/repo#1`,
 *    commit SHAs and emoji shortcodes are not modelled.
 *  - Alerts: a blockquote whose first line is `[!NOTE]` (TIP, IMPORTANT, WARNING, CAUTION) becomes
 *    `<div class="markdown-alert markdown-alert-note">` with a `<p class="markdown-alert-title">Note</p>`,
 *    as GitHub does (its octicon in the title is left out). Tests find notes as `blockquote, .markdown-alert`.
 */

import { parseHTML } from 'linkedom';
import MarkdownIt from 'markdown-it';

/** What GitHub's sanitizer keeps (html-pipeline SanitizationFilter), abridged to what a report can hold. */
const ALLOWED_ELEMENTS = new Set(
  (
    'h1 h2 h3 h4 h5 h6 h7 h8 br b i strong em a pre code img tt div ins del sup sub p ol ul table thead tbody tfoot ' +
    'blockquote dl dt dd kbd q samp var hr ruby rt rp li tr td th s strike summary details caption figure figcaption ' +
    'abbr bdo cite dfn mark small span time wbr'
  ).split(' '),
);
/** Elements GitHub removes together with their content. */
const DROPPED_ELEMENTS = new Set(['script', 'style', 'iframe', 'object', 'embed', 'template', 'noscript', 'textarea', 'title']);
const ALLOWED_ATTRIBUTES: Record<string, Set<string>> = Object.assign(Object.create(null) as Record<string, Set<string>>, {
  a: new Set(['href']),
  img: new Set(['src', 'longdesc']),
  blockquote: new Set(['cite']),
  del: new Set(['cite']),
  ins: new Set(['cite']),
  q: new Set(['cite']),
  pre: new Set(['lang']),
});
/** Attributes GitHub keeps on any allowed element (abridged); `style`, `class` and `on*` are not among them. */
const ANY_ELEMENT_ATTRIBUTES = new Set([
  'abbr',
  'align',
  'alt',
  'border',
  'colspan',
  'datetime',
  'dir',
  'height',
  'lang',
  'open',
  'rowspan',
  'scope',
  'start',
  'title',
  'type',
  'valign',
  'width',
]);
const SAFE_HREF = /^(?:https?:|mailto:|#|\/|\.{0,2}\/|[^:]*$)/i;

/** Text filters skip these ancestors, as GitHub's do. */
const IGNORE_PARENTS = new Set(['CODE', 'PRE', 'A', 'STYLE', 'SCRIPT']);
const MENTION = /(^|[^\w`])@([a-z0-9][a-z0-9-]*)(?![\w-])/gi;
const ISSUE = /(^|[^\w/&])#(\d+)\b/g;

export interface RenderedGfm {
  /** The sanitized HTML, as GitHub would put it in the page. */
  html: string;
  /** A document holding it, its root the element `#gfm` (a `.markdown-body` div). */
  document: Document;
  /** The `.markdown-body` element holding the rendered Markdown. */
  root: Element;
}

function markdownIt() {
  const md = new MarkdownIt({ html: true, linkify: true, typographer: false });
  md.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
  md.linkify.add('www.', {
    validate: (text: string, pos: number) => {
      // A domain with at least one dot, then a path up to whitespace or `<`; trailing punctuation is not part of it (GFM).
      const tail = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+[^\s<]*/i.exec(text.slice(pos));
      return tail ? tail[0].replace(/[?!.,:*_~'")]+$/, '').length : 0;
    },
    normalize: (match: { url: string }) => {
      match.url = `http://${match.url}`;
    },
  });
  md.renderer.rules.fence = (tokens, index) => {
    const token = tokens[index];
    const lang = token.info.trim().split(/\s+/)[0];
    const attribute = lang ? ` lang="${md.utils.escapeHtml(lang)}"` : '';
    return `<pre${attribute}><code>${md.utils.escapeHtml(token.content)}</code></pre>\n`;
  };
  return md;
}

function sanitize(root: Element): void {
  for (const element of [...root.querySelectorAll('*')]) {
    const name = element.tagName.toLowerCase();
    if (DROPPED_ELEMENTS.has(name)) {
      element.remove();
      continue;
    }
    for (const attribute of [...element.attributes]) {
      const keep = ANY_ELEMENT_ATTRIBUTES.has(attribute.name) || ALLOWED_ATTRIBUTES[name]?.has(attribute.name);
      const safe = attribute.name !== 'href' && attribute.name !== 'src' ? true : SAFE_HREF.test(attribute.value.trim());
      if (!keep || !safe) element.removeAttribute(attribute.name);
    }
    if (!ALLOWED_ELEMENTS.has(name)) element.replaceWith(...element.childNodes);
  }
}

function ignored(node: Node): boolean {
  for (let parent = node.parentNode; parent; parent = parent.parentNode) if (IGNORE_PARENTS.has((parent as Element).tagName)) return true;
  return false;
}

/** `@name` → a mention link, `#123` → an issue link, in text nodes outside code, pre and a. */
function referenceFilters(document: Document, root: Element): void {
  const texts: Text[] = [];
  const walk = (node: Node) => {
    for (const child of [...node.childNodes]) {
      if (child.nodeType === 3) texts.push(child as Text);
      else if (child.nodeType === 1) walk(child);
    }
  };
  walk(root);
  for (const text of texts) {
    if (ignored(text)) continue;
    const value = text.data;
    const parts: (string | Element)[] = [];
    let last = 0;
    const found: { at: number; end: number; element: Element }[] = [];
    for (const m of value.matchAll(MENTION)) {
      const a = document.createElement('a');
      a.setAttribute('href', `https://github.com/${m[2]}`);
      a.setAttribute('class', 'user-mention');
      a.textContent = `@${m[2]}`;
      found.push({ at: m.index + m[1].length, end: m.index + m[0].length, element: a });
    }
    for (const m of value.matchAll(ISSUE)) {
      const a = document.createElement('a');
      a.setAttribute('href', `https://github.com/OWNER/REPO/issues/${m[2]}`);
      a.setAttribute('class', 'issue-link');
      a.textContent = `#${m[2]}`;
      found.push({ at: m.index + m[1].length, end: m.index + m[0].length, element: a });
    }
    if (found.length === 0) continue;
    found.sort((x, y) => x.at - y.at);
    for (const f of found) {
      if (f.at < last) continue;
      parts.push(value.slice(last, f.at), f.element);
      last = f.end;
    }
    parts.push(value.slice(last));
    text.replaceWith(...parts.filter((p) => p !== ''));
  }
}

const ALERT = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*(?:\n|$)/;

/** `> [!NOTE]` blockquotes as GitHub's alerts (after the sanitizer: the classes are GitHub's own). */
function alerts(document: Document, root: Element): void {
  for (const quote of [...root.querySelectorAll('blockquote')]) {
    const first = quote.firstElementChild;
    const head = first?.tagName === 'P' ? first.firstChild : null;
    const match = head?.nodeType === 3 ? ALERT.exec((head as Text).data) : null;
    if (!first || !head || !match) continue;
    (head as Text).data = (head as Text).data.slice(match[0].length);
    if (first.textContent === '' && first.children.length === 0) first.remove();
    const kind = match[1].toLowerCase();
    const alert = document.createElement('div');
    alert.setAttribute('class', `markdown-alert markdown-alert-${kind}`);
    const title = document.createElement('p');
    title.setAttribute('class', 'markdown-alert-title');
    title.textContent = kind[0].toUpperCase() + kind.slice(1);
    alert.append(title, ...quote.childNodes);
    quote.replaceWith(alert);
  }
}

/** Markdown rendered as GitHub shows it in a comment: sanitized HTML and a DOM to assert on. */
export function renderGfm(markdown: string): RenderedGfm {
  const raw = markdownIt().render(markdown);
  const { document } = parseHTML('<!doctype html><html><head></head><body><div id="gfm" class="markdown-body"></div></body></html>');
  const root = document.getElementById('gfm') as Element;
  root.innerHTML = raw;
  sanitize(root);
  referenceFilters(document, root);
  alerts(document, root);
  return { html: root.innerHTML, document, root };
}

/** The visible text of an element, as a reader (or a copy) gets it: entities decoded, tags gone. */
export function textOf(element: Element): string {
  return element.textContent ?? '';
}
