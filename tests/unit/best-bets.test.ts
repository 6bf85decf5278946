/** Best bets: the section and topic pages a query names, offered above the results. */
import { describe, expect, it } from 'vitest';
import { bestBetsFor, isBestBetList, type BestBet } from '../../src/lib/best-bets.ts';

const bets: BestBet[] = [
  { name: '交通扶贫', href: '/disclosure/topics/zt12/', label: '主题分类' },
  { name: '扶贫政策', href: '/disclosure/topics/zt1201/', label: '主题分类' },
  { name: '收费公路', href: '/disclosure/topics/zt11/', label: '主题分类' },
  { name: '收费公路政策', href: '/disclosure/topics/zt1103/', label: '主题分类' },
  { name: '公路', href: '/disclosure/industries/hy02/', label: '行业分类' },
  { name: '谢家河', href: '/remediation/water-bodies/xiejiahe/', label: '水体治理' },
  { name: '谢家河', href: '/remediation/water-bodies/xiejiahe/', label: '水体治理' },
  { name: '路', href: '/x/', label: '主题分类' },
];
const hrefs = (q: string, limit?: number) => bestBetsFor(q, bets, limit).map((b) => b.href);

describe('best bets', () => {
  it('offers the page a query names exactly, first, and once', () => {
    expect(hrefs('交通扶贫')).toEqual(['/disclosure/topics/zt12/']);
    expect(hrefs('谢家河')).toEqual(['/remediation/water-bodies/xiejiahe/']);
  });
  it('then pages whose name the query contains, longest first, then names containing the query, shortest first', () => {
    expect(hrefs('收费公路政策')).toEqual(['/disclosure/topics/zt1103/', '/disclosure/topics/zt11/', '/disclosure/industries/hy02/']);
    expect(hrefs('扶贫')).toEqual(['/disclosure/topics/zt12/', '/disclosure/topics/zt1201/']);
    expect(hrefs('收费公路政策', 1)).toEqual(['/disclosure/topics/zt1103/']);
  });
  it('ignores one-character queries and names, and forms of the same words (spaces, full width)', () => {
    expect(hrefs('路')).toEqual([]);
    expect(hrefs(' 交通 扶贫 ')).toEqual(['/disclosure/topics/zt12/']);
    expect(hrefs('黑臭水体')).toEqual([]);
  });
  it('reads only a well-formed list from the file', () => {
    expect(isBestBetList(bets)).toBe(true);
    expect(isBestBetList([{ name: 'a', href: '/a/' }])).toBe(false);
    expect(isBestBetList({})).toBe(false);
  });
});
