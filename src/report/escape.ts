/**
 * The earlier names of the Markdown escapers, kept for callers outside report/. New code
 * imports from inert.ts, which has one function per destination.
 */
export { escapeHtml, markdownPre as escapeCode, markdownText as escapeMarkdown } from './inert.js';
