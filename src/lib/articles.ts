/**
 * Articles (第X条) of a draft, found in its Markdown body, so that comments can
 * target one article. An article starts a line or paragraph: `第十二条`, optionally
 * in bold (`**第十二条**`) or as a heading.
 */

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 一百二十三 → 123. Returns NaN for anything that is not a Chinese numeral. */
export function parseChineseNumeral(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  let total = 0;
  let digit = -1;
  for (const ch of text) {
    if (ch in DIGITS) {
      digit = DIGITS[ch] ?? 0;
    } else if (ch in UNITS) {
      total += (digit === -1 ? 1 : digit) * (UNITS[ch] ?? 1);
      digit = -1;
    } else {
      return Number.NaN;
    }
  }
  return total + (digit === -1 ? 0 : digit);
}

const NUMERALS = '零〇一二两三四五六七八九十百千';
/** 123 → 一百二十三 */
export function toChineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) throw new RangeError(`Out of range: ${n}`);
  if (n === 0) return '零';
  const digits = '零一二三四五六七八九';
  const units = ['', '十', '百', '千'];
  const parts = String(n).split('').map(Number);
  let out = '';
  parts.forEach((d, i) => {
    const unit = units[parts.length - 1 - i] ?? '';
    if (d === 0) {
      if (!out.endsWith('零') && i < parts.length - 1 && parts.slice(i + 1).some((x) => x !== 0)) out += '零';
    } else {
      out += (digits[d] ?? '') + unit;
    }
  });
  return out.startsWith('一十') ? out.slice(1) : out;
}

export interface Article {
  number: number;
  /** 第十二条 */
  label: string;
}

const ARTICLE_RE = new RegExp(`^\\s{0,3}(?:#{1,6}\\s*)?(?:\\*\\*|__)?\\s*第([${NUMERALS}\\d]+)条`, 'gmu');

/** Distinct articles in order of first appearance. */
export function extractArticles(markdown: string): Article[] {
  const seen = new Set<number>();
  const articles: Article[] = [];
  for (const m of markdown.matchAll(ARTICLE_RE)) {
    const number = parseChineseNumeral(m[1] ?? '');
    if (!Number.isFinite(number) || number <= 0 || seen.has(number)) continue;
    seen.add(number);
    articles.push({ number, label: `第${toChineseNumeral(number)}条` });
  }
  return articles;
}
