/**
 * 常用词 for the search page. A static site keeps no record of what visitors
 * search for, so "hot words" cannot honestly be the most searched terms. Next
 * to the words editors configure (site.yaml hotWords) the page offers the terms
 * that occur in the most page titles, found at build time:
 *
 * 1. each title is split into words with the segmenter the search uses for
 *    queries (Intl.Segmenter, zh-CN), which splits finely (交通|运输|部);
 * 2. runs of one to four neighbouring Chinese words of two to eight characters
 *    are the candidate terms (交通运输, 黑臭水体, 行政处罚), except runs that start
 *    or end with a function word or contain a generic title word (关于, 通知, 办法…);
 * 3. each candidate is counted once per title;
 * 4. a term inside a longer one found in nearly as many titles gives way to it
 *    (交通 to 交通运输), and a term inside one already chosen is not offered again.
 */

/** Words in almost every government document title: frequent, but they find everything and tell nothing. */
export const TITLE_STOP_WORDS: ReadonlySet<string> = new Set([
  '关于', '通知', '公告', '通告', '印发', '意见', '征求', '征集', '公开', '办法', '管理', '决定', '规定', '实施',
  '工作', '有关', '进一步', '反馈', '情况', '进展', '发布', '本市', '全国', '我市', '做好', '加强', '推进', '政策',
  '解读', '文件', '草案', '试行', '修订', '方案', '相关', '部分', '开展', '读懂', '一图', '以及', '修改', '废止',
  '北京市', '北京', '年度', '报告', '第一批', '第二批', '意见稿', '征求意见稿', '信息', '落实', '深化', '完善',
  '指导', '规范', '建设', '服务', '领域', '事项', '通报', '公示', '答记者问', '记者', '答问', '委员', '办公',
  '结果', '要求', '规则', '情况说明', '说明', '关于对', '公开征求', '公开征集',
]);

/** Single characters that cannot start or end a term (function words, counters, the 部/局/会 of body names). */
const EDGE_CHARACTERS: ReadonlySet<string> = new Set([
  '的', '和', '与', '及', '之', '对', '在', '于', '等', '年', '月', '日', '号', '第', '为', '将', '把', '被', '由', '向',
  '部', '局', '会', '室', '厅', '委', '办', '印', '发', '后', '中', '上', '下', '期', '批', '个', '项', '条', '类',
]);

export interface FrequentTermsOptions {
  /** How many terms to return. */
  limit?: number;
  /** A term must occur in at least this many titles. */
  minTitles?: number;
  /** Terms never returned, nor terms inside them (e.g. the configured hot words, so the two lists do not repeat each other). */
  exclude?: readonly string[];
}

const HAN = /^\p{Script=Han}+$/u;
const MAX_RUN = 4;
const MIN_LENGTH = 2;
const MAX_LENGTH = 8;
/** A shorter term gives way to a longer one containing it that is found in at least this share of its titles. */
const ABSORB_SHARE = 0.7;

/** The candidate terms of one title, each once. */
export function titleTerms(title: string, segmenter = new Intl.Segmenter('zh-CN', { granularity: 'word' })): string[] {
  // Runs of neighbouring Chinese words; punctuation, digits and Latin letters end a run.
  const runs: string[][] = [[]];
  for (const s of segmenter.segment(title)) {
    if (s.isWordLike && HAN.test(s.segment)) runs.at(-1)?.push(s.segment);
    else if ((runs.at(-1)?.length ?? 0) > 0) runs.push([]);
  }
  const terms = new Set<string>();
  for (const words of runs) {
    for (let i = 0; i < words.length; i++) {
      let term = '';
      for (let n = 0; n < MAX_RUN && i + n < words.length; n++) {
        const word = words[i + n] as string;
        if (TITLE_STOP_WORDS.has(word)) break;
        term += word;
        if (term.length > MAX_LENGTH) break;
        if (term.length < MIN_LENGTH || EDGE_CHARACTERS.has(words[i] as string) || EDGE_CHARACTERS.has(word)) continue;
        terms.add(term);
      }
    }
  }
  return [...terms];
}

/** The terms in the most titles, most frequent first (ties: longer first, then code-point order, so builds are reproducible). */
export function frequentTitleTerms(titles: readonly string[], options: FrequentTermsOptions = {}): string[] {
  const { limit = 8, minTitles = 2, exclude = [] } = options;
  const segmenter = new Intl.Segmenter('zh-CN', { granularity: 'word' });
  const counts = new Map<string, number>();
  for (const title of titles) {
    for (const term of titleTerms(title, segmenter)) counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  const frequent = [...counts].filter(([, n]) => n >= minTitles);
  const absorbed = (term: string, n: number) => frequent.some(([longer, m]) => longer.length > term.length && longer.includes(term) && m >= ABSORB_SHARE * n);
  const ranked = frequent
    .filter(([term, n]) => !absorbed(term, n))
    .sort(([a, m], [b, n]) => n - m || b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  const chosen: string[] = [];
  const overlaps = (term: string, other: string) => term.includes(other) || other.includes(term);
  for (const [term] of ranked) {
    if (chosen.length >= limit) break;
    if (exclude.some((e) => overlaps(term, e)) || chosen.some((c) => overlaps(term, c))) continue;
    chosen.push(term);
  }
  return chosen;
}
