import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, listPages, pageCount, pageHref, pageParam, pageSlice, paginationLinks, parsePageParam, rangeText } from '../../src/lib/pagination.ts';

const shown = (current: number, pages: number) => paginationLinks(current, pages).map((l) => (l.kind === 'gap' ? '…' : l.current ? `[${l.page}]` : String(l.page))).join(' ');

describe('page counts and slices', () => {
  it('has one page for an empty list and rounds up', () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(PAGE_SIZE)).toBe(1);
    expect(pageCount(PAGE_SIZE + 1)).toBe(2);
    expect(pageCount(10985, 20)).toBe(550);
  });

  it('rejects impossible lengths, sizes and pages', () => {
    expect(() => pageCount(-1)).toThrow(RangeError);
    expect(() => pageCount(1.5)).toThrow(RangeError);
    expect(() => pageCount(3, 0)).toThrow(RangeError);
    expect(() => pageSlice([1, 2, 3], 0, 2)).toThrow(RangeError);
    expect(() => pageSlice([1, 2, 3], 3, 2)).toThrow(RangeError);
  });

  it('slices pages with the last one short', () => {
    const items = Array.from({ length: 45 }, (_, i) => i);
    expect(pageSlice(items, 1)).toEqual(items.slice(0, 20));
    expect(pageSlice(items, 3)).toEqual([40, 41, 42, 43, 44]);
    expect(pageSlice([], 1)).toEqual([]);
  });

  it('keeps page 1 at the list address and later pages below it', () => {
    expect(pageHref('/disclosure/topics/zt07/', 1)).toBe('/disclosure/topics/zt07/');
    expect(pageHref('/disclosure/topics/zt07/', 12)).toBe('/disclosure/topics/zt07/page/12/');
    expect(() => pageHref('/disclosure/latest', 2)).toThrow();
    expect(listPages(41)).toEqual([
      { page: 1, param: undefined },
      { page: 2, param: 'page/2' },
      { page: 3, param: 'page/3' },
    ]);
    expect(pageParam(1)).toBeUndefined();
  });

  it('parses only canonical page parameters', () => {
    expect(parsePageParam(undefined)).toBe(1);
    expect(parsePageParam('page/7')).toBe(7);
    expect(parsePageParam('page/1')).toBeNull();
    expect(parsePageParam('page/07')).toBeNull();
    expect(parsePageParam('page/x')).toBeNull();
    expect(parsePageParam('2')).toBeNull();
  });
});

describe('paginationLinks', () => {
  it('shows every page of a short list', () => {
    expect(shown(1, 1)).toBe('[1]');
    expect(shown(3, 5)).toBe('1 2 [3] 4 5');
  });

  it('folds long runs into gaps but never hides a single page behind one', () => {
    expect(shown(1, 550)).toBe('[1] 2 3 … 550');
    expect(shown(275, 550)).toBe('1 … 273 274 [275] 276 277 … 550');
    expect(shown(5, 550)).toBe('1 2 3 4 [5] 6 7 … 550');
    expect(shown(550, 550)).toBe('1 … 548 549 [550]');
  });

  it('keeps the number of links small at any size', () => {
    for (const pages of [1, 9, 100, 10_000]) for (const current of [1, Math.ceil(pages / 2), pages]) expect(paginationLinks(current, pages).length).toBeLessThanOrEqual(9);
  });

  it('rejects a current page outside the list', () => {
    expect(() => paginationLinks(0, 3)).toThrow(RangeError);
    expect(() => paginationLinks(4, 3)).toThrow(RangeError);
  });
});

describe('rangeText', () => {
  it('says which entries a page shows', () => {
    expect(rangeText(0, 1)).toBe('共 0 条');
    expect(rangeText(45, 3)).toBe('第 41–45 条，共 45 条');
    expect(rangeText(45, 1)).toBe('第 1–20 条，共 45 条');
  });
});
