/**
 * `npm run screenshots`: the PR comment of issue 16's five report cases as a reviewer sees it on
 * GitHub, as PNGs in docs/screenshots/. The comment is rendered by renderComment (src/, no build),
 * turned into HTML as GitHub does it (__tests__/helpers/gfm.ts: markdown-it, GitHub's sanitizer
 * and reference filters), styled with github-markdown-css at the PR column's width (~780 px), its
 * ```mermaid blocks drawn by Mermaid from node_modules inside the page, and photographed by
 * headless Chromium (Debian's `chromium`) through playwright-core. Nothing is fetched: every
 * request the page makes is refused.
 *
 *   node_modules/.bin/node --import ./scripts/src-loader.mjs scripts/screenshots.mjs [case…]
 *
 * Needs Debian's `chromium` and `fonts-noto-color-emoji` (without it the verdict icons draw as boxes).
 * Environment: LEAKGATE_CHROMIUM (default /usr/bin/chromium).
 */

import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { renderGfm } from '../__tests__/helpers/gfm.ts';
import { reportCases } from '../__tests__/helpers/report-cases.ts';
import { renderComment } from '../src/adapters/action/comment.ts';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env.LEAKGATE_CHROMIUM ?? '/usr/bin/chromium';
/** The width of a PR comment's body on github.com at a common window size (the conversation column). */
const COLUMN_PX = 780;

const THEMES = {
  light: { css: 'github-markdown-light.css', page: '#ffffff', border: '#d0d7de', header: '#f6f8fa', text: '#59636e', mermaid: 'default' },
  dark: { css: 'github-markdown-dark.css', page: '#0d1117', border: '#3d444d', header: '#151b23', text: '#9198a1', mermaid: 'dark' },
};

const read = (path) => readFileSync(join(ROOT, 'node_modules', path), 'utf8');

/** A page that looks like one PR comment: a header, then the rendered Markdown in `.markdown-body`. */
function page(html, theme) {
  const t = THEMES[theme];
  return `<!doctype html><html><head><meta charset="utf-8">
<style>${read(`github-markdown-css/${t.css}`)}</style>
<style>
  body { margin: 0; padding: 16px; background: ${t.page}; width: ${COLUMN_PX + 2}px; }
  .comment { border: 1px solid ${t.border}; border-radius: 6px; overflow: hidden; }
  .header { background: ${t.header}; border-bottom: 1px solid ${t.border}; padding: 8px 16px; color: ${t.text};
    font: 14px -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
  .header b { color: inherit; }
  .markdown-body { box-sizing: border-box; width: ${COLUMN_PX}px; padding: 16px; }
</style></head><body>
<div class="comment"><div class="header"><b>github-actions</b> bot commented</div>
<div class="markdown-body">${html}</div></div>
<script>${read('mermaid/dist/mermaid.min.js')}</script>
</body></html>`;
}

/** Draws the page's Mermaid blocks, as GitHub does for ```mermaid; closed <details> are opened to lay them out, then closed again. */
async function drawMermaid(tab, theme) {
  return tab.evaluate(async (mermaidTheme) => {
    const closed = [...document.querySelectorAll('details:not([open])')];
    for (const d of closed) d.open = true;
    const blocks = [...document.querySelectorAll('pre[lang="mermaid"]')];
    for (const pre of blocks) {
      const div = document.createElement('div');
      div.className = 'mermaid';
      div.textContent = pre.textContent;
      pre.replaceWith(div);
    }
    window.mermaid.initialize({ startOnLoad: false, theme: mermaidTheme, securityLevel: 'strict' });
    let failed = 0;
    try {
      await window.mermaid.run({ querySelector: '.mermaid', suppressErrors: true });
    } catch {
      failed++;
    }
    for (const d of closed) d.open = false;
    return { charts: blocks.length, failed };
  }, THEMES[theme].mermaid);
}

async function shoot(browser, markdown, file, theme, { expand = false, topPx = null } = {}) {
  const context = await browser.newContext({ viewport: { width: COLUMN_PX + 34, height: 800 }, deviceScaleFactor: 1, offline: true });
  try {
    // Offline: refuse every request (the page is inline; nothing may reach the network).
    await context.route('**/*', (route) => route.abort());
    const tab = await context.newPage();
    await tab.setContent(page(renderGfm(markdown).html, theme), { waitUntil: 'load' });
    const drawn = await drawMermaid(tab, theme);
    if (expand)
      await tab.evaluate(() => {
        for (const d of document.querySelectorAll('details')) d.open = true;
      });
    // topPx: only what a reviewer sees first (the README's picture), not the whole page.
    if (topPx) await tab.screenshot({ path: file, clip: { x: 0, y: 0, width: COLUMN_PX + 34, height: topPx }, fullPage: true });
    else await tab.screenshot({ path: file, fullPage: true });
    const height = await tab.evaluate(() => document.body.scrollHeight);
    console.log(`${file}: ${height} px tall, ${drawn.charts} chart(s)${drawn.failed ? `, ${drawn.failed} failed` : ''}`);
  } finally {
    await context.close();
  }
}

const wanted = new Set(process.argv.slice(2));
const cases = reportCases().filter((c) => wanted.size === 0 || wanted.has(c.name));
mkdirSync(OUT, { recursive: true });
// playwright-core gives each launch a fresh, temporary profile (it refuses --user-data-dir in args).
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  for (const c of cases) {
    const markdown = renderComment(c.comment);
    await shoot(browser, markdown, join(OUT, `${c.name}.png`), 'light');
    if (c.name === 'comparison') await shoot(browser, markdown, join(OUT, `${c.name}-dark.png`), 'dark');
    if (c.name === 'comparison') await shoot(browser, markdown, join(OUT, `${c.name}-top.png`), 'light', { topPx: 900 });
    if (c.name === 'single-leak') await shoot(browser, markdown, join(OUT, `${c.name}-expanded.png`), 'light', { expand: true });
  }
} finally {
  await browser.close();
}
