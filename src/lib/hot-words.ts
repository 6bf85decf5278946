/**
 * 常用词 for the search page. A static site keeps no record of what visitors
 * search for, so "hot words" cannot honestly be the most searched terms. Next
 * to the words editors configure (site.yaml hotWords) the page offers the
 * multi-character words that occur in the most page titles: segmented at build
 * time with the same word segmenter the search uses for queries
 * (Intl.Segmenter, zh-CN), counted once per title, generic title words left out.
 */

/** Words in almost every government document title: frequent, but they find everything and tell nothing. */
export const TITLE_STOP_WORDS: ReadonlySet<string> = new Set([
  '关于', '通知', '公告', '通告', '印发', '意见', '征求', '征集', '公开', '办法', '管理', '决定', '规定', '实施',
  '工作', '有关', '进一步', '反馈', '情况', '进展', '发布', '本市', '全国', '我市', '做好', '加强', '推进', '政策',
  '解读', '文件', '草案', '试行', '修订', '方案', '相关', '部分', '开展', '读懂', '一图', '以及', '修改', '废止',
  '北京市', '北京', '年度', '报告', '第一批', '第二批', '意见稿', '征求意见稿', '信息', '落实', '深化', '完善',
  '指导', '规范', '建设', '服务', '领域', '事项', '通报', '公示', '答记者问', '记者', '答问',
]);

export interface FrequentTermsOptions {
  /** How many words to return. */
  limit?: number;
  /** A word must occur in at least this many titles. */
  minTitles?: number;
  /** Words never returned (e.g. the configured hot words, so the two lists do not repeat each other). */
  exclude?: readonly string[];
}

const HAN_WORD = /^\p{Script=Han}{2,}$/u;

/** The multi-character Chinese words of each title, once per title. */
export function titleWords(title: string, segmenter = new Intl.Segmenter('zh-CN', { granularity: 'word' })): string[] {
  const words = new Set<string>();
  for (const s of segmenter.segment(title)) {
    if (s.isWordLike && HAN_WORD.test(s.segment)) words.add(s.segment);
  }
  return [...words];
}

/** The words in the most titles, most frequent first (ties in code-point order, so builds are reproducible). */
export function frequentTitleTerms(titles: readonly string[], options: FrequentTermsOptions = {}): string[] {
  const { limit = 8, minTitles = 2, exclude = [] } = options;
  const excluded = new Set(exclude);
  const segmenter = new Intl.Segmenter('zh-CN', { granularity: 'word' });
  const counts = new Map<string, number>();
  for (const title of titles) {
    for (const word of titleWords(title, segmenter)) {
      if (TITLE_STOP_WORDS.has(word) || excluded.has(word)) continue;
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return [...counts]
    .filter(([, n]) => n >= minTitles)
    .sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, limit)
    .map(([word]) => word);
}
