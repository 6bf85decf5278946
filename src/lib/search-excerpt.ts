/**
 * The excerpt under a search result, made readable: taken from the page's body
 * (not its title, which the result shows already), starting at a phrase
 * boundary rather than mid-phrase, with every match highlighted as one run even
 * when Pagefind marked its segmented words one by one (黑|臭|水体). Pure: the
 * search page renders the parts as text and <mark> elements.
 */

export interface ExcerptPart {
  text: string;
  marked: boolean;
}

/** Characters visible in an excerpt: long enough for a sentence or two on a phone. */
export const EXCERPT_CHARS = 80;
/** How far back from the first match the excerpt may start to begin at a boundary. */
const LOOK_BACK = 30;
/** How far past EXCERPT_CHARS it may run to end at a boundary. */
const LOOK_AHEAD = 20;

const SENTENCE_END = /[。！？；!?;\n]/;
const PHRASE_END = /[，、：,:\s]/;

/** The words Pagefind marked in its excerpt (it escapes <, > and & in the text). */
export function markedWords(pagefindExcerpt: string): string[] {
  const words = new Set<string>();
  for (const m of pagefindExcerpt.matchAll(/<mark>([\s\S]*?)<\/mark>/g)) {
    const word = unescape(m[1] ?? '').trim();
    if (word) words.add(word);
  }
  return [...words];
}

function unescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/**
 * The page's text without its title, with Pagefind's block joins (". " after a
 * heading, a cell, a list item) read as spaces where they follow Chinese text,
 * so that no ASCII full stop appears inside Chinese.
 */
export function bodyText(content: string, title: string | undefined): string {
  let body = content;
  const t = title?.trim();
  if (t && body.startsWith(t)) body = body.slice(t.length).replace(/^\.?\s*/, '');
  return body.replace(/(?<=[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F])\. /g, ' ').replace(/\s+/g, ' ').trim();
}

/** Each character of `text` covered by a match of any term (case-insensitive). */
function matchMask(text: string, terms: readonly string[]): boolean[] {
  const lower = text.toLowerCase();
  const mask = new Array<boolean>(text.length).fill(false);
  for (const term of terms) {
    const t = term.toLowerCase();
    if (!t) continue;
    for (let at = lower.indexOf(t); at !== -1; at = lower.indexOf(t, at + 1)) mask.fill(true, at, at + t.length);
  }
  return mask;
}

/** Where the excerpt starts: the nearest sentence boundary before the match, else a phrase boundary, else the match itself. */
function startBefore(text: string, at: number): number {
  const from = Math.max(0, at - LOOK_BACK);
  for (let i = at - 1; i >= from; i--) if (SENTENCE_END.test(text[i]!)) return i + 1;
  // The body's own start is a boundary.
  if (from === 0) return 0;
  for (let i = at - 1; i >= from; i--) if (PHRASE_END.test(text[i]!)) return i + 1;
  return at;
}

function endAfter(text: string, start: number, length: number): number {
  const soft = start + length;
  if (soft >= text.length) return text.length;
  for (let i = soft; i < Math.min(text.length, soft + LOOK_AHEAD); i++) if (SENTENCE_END.test(text[i]!) || PHRASE_END.test(text[i]!)) return i + 1;
  return soft;
}

/**
 * The excerpt of a result: about `length` characters of the body around the
 * first place the whole query occurs (else the first of Pagefind's marked words,
 * longest first), starting at a boundary, with … where text is left out. Without
 * any match in the body (the title matched), the body's opening.
 */
export function readableExcerpt(input: { content: string; title?: string | undefined; pagefindExcerpt: string; query: string; length?: number }): ExcerptPart[] {
  const length = input.length ?? EXCERPT_CHARS;
  const body = bodyText(input.content, input.title);
  if (!body) return [];
  const query = input.query.trim();
  const words = markedWords(input.pagefindExcerpt);
  const terms = [...new Set([query, ...query.split(/\s+/), ...words].filter((t) => t.length > 0))].sort((a, b) => b.length - a.length);
  const lower = body.toLowerCase();
  let first = -1;
  for (const term of terms) {
    const at = lower.indexOf(term.toLowerCase());
    if (at !== -1) {
      first = at;
      break;
    }
  }
  const start = first === -1 ? 0 : startBefore(body, first);
  const end = endAfter(body, start, length);
  const text = body.slice(start, end).trim();
  const mask = matchMask(text, terms);
  const parts: ExcerptPart[] = [];
  if (start > 0) parts.push({ text: '…', marked: false });
  let run = '';
  let marked = false;
  for (let i = 0; i < text.length; i++) {
    if (mask[i] !== marked && run) {
      parts.push({ text: run, marked });
      run = '';
    }
    marked = mask[i]!;
    run += text[i];
  }
  if (run) parts.push({ text: run, marked });
  if (end < body.length) parts.push({ text: '…', marked: false });
  // A lone character of a longer query (黑 of 黑臭水体, found in 黑龙江) is not what was asked for.
  const lone = (p: ExcerptPart) => p.marked && [...p.text].length === 1 && [...query.replace(/\s+/g, '')].length > 1;
  return mergeText(parts.map((p) => (lone(p) ? { text: p.text, marked: false } : p)));
}

/** Neighbouring parts of the same kind joined. */
function mergeText(parts: readonly ExcerptPart[]): ExcerptPart[] {
  const out: ExcerptPart[] = [];
  for (const p of parts) {
    const last = out.at(-1);
    if (last && last.marked === p.marked) last.text += p.text;
    else out.push({ ...p });
  }
  return out;
}
