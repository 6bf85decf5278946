/**
 * Best bets (推荐栏目): the site's own section and topic pages (a 专项分类 such as
 * 交通扶贫, a water body's page, a policy area, a special topic) offered above the
 * results when the query names them, so that a visitor lands on the page that
 * gathers everything rather than on one document inside it. Pure.
 */
import { normalizeForMatch } from './search.ts';

/** Where the search page reads the list (built by src/pages/search/best-bets.json.ts). */
export const BEST_BETS_PATH = '/search/best-bets.json';
/** At most this many are offered for one query. */
export const BEST_BETS_SHOWN = 3;

export interface BestBet {
  name: string;
  href: string;
  /** What the page is: 主题分类, 水体, 政策领域, 专题 … */
  label: string;
}

/**
 * The pages a query names: a name equal to the query first, then names the
 * query contains (longest first), then names containing the query when it is
 * at least two characters (shortest first). One page is offered once.
 */
export function bestBetsFor(query: string, bets: readonly BestBet[], limit = BEST_BETS_SHOWN): BestBet[] {
  const q = normalizeForMatch(query);
  if (q.length < 2) return [];
  const ranked: { bet: BestBet; rank: number; size: number }[] = [];
  for (const bet of bets) {
    const name = normalizeForMatch(bet.name);
    if (name.length < 2) continue;
    if (name === q) ranked.push({ bet, rank: 0, size: 0 });
    else if (q.includes(name)) ranked.push({ bet, rank: 1, size: -name.length });
    else if (name.includes(q)) ranked.push({ bet, rank: 2, size: name.length });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.size - b.size);
  const seen = new Set<string>();
  const out: BestBet[] = [];
  for (const { bet } of ranked) {
    if (seen.has(bet.href)) continue;
    seen.add(bet.href);
    out.push(bet);
    if (out.length === limit) break;
  }
  return out;
}

/** Whether a value read from the best-bets file is a list of best bets. */
export function isBestBetList(value: unknown): value is BestBet[] {
  return Array.isArray(value) && value.every((b) => b && typeof b === 'object' && typeof b.name === 'string' && typeof b.href === 'string' && typeof b.label === 'string');
}
