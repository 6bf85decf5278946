/**
 * Monthly satisfaction results: the rule for small numbers (src/lib/ratings/rating.ts) with boundary
 * counts typed by hand, and the build's reader of the store (src/server/rating-results-source.ts)
 * against a real local Blobs store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RATING_MIN_PUBLISHED, formatRatingMonth, monthlyRatings, publishedRatings, type RatingCount } from '../../src/lib/ratings/rating.ts';
import { readStoredRatings } from '../../src/server/rating-results-source.ts';
import { SEEDED_RATINGS, seedRatings } from '../helpers/rating-seed.ts';

const count = (month: string, satisfied: number, basic: number, unsatisfied: number): RatingCount => {
  const total = satisfied + basic + unsatisfied;
  return { target: 'service:x', month, satisfied, basic, unsatisfied, total, satisfactionRate: Math.round(((satisfied + basic) * 1000) / total) / 10 };
};

describe('publishedRatings', () => {
  it('the minimum is 10 ratings', () => {
    expect(RATING_MIN_PUBLISHED).toBe(10);
  });

  it('9 ratings: the number only; 10: the split and the rate', () => {
    const [nine, ten] = publishedRatings([count('2026-09', 7, 1, 1), count('2026-10', 6, 2, 2)], '2026-11-28');
    expect(nine).toEqual({ target: 'service:x', month: '2026-09', total: 9, split: null, satisfactionRate: null, complete: true });
    expect(ten).toEqual({ target: 'service:x', month: '2026-10', total: 10, split: { satisfied: 6, basic: 2, unsatisfied: 2 }, satisfactionRate: 80, complete: true });
  });

  it('the month of the build is counted so far; a later month (a clock ahead) is not published', () => {
    const rows = publishedRatings([count('2026-11', 10, 0, 0), count('2026-12', 12, 0, 0)], '2026-11-28');
    expect(rows.map((r) => [r.month, r.complete])).toEqual([['2026-11', false]]);
    expect(publishedRatings([count('2026-11', 10, 0, 0)], '2026-12-01')[0]?.complete).toBe(true);
  });

  it('monthlyRatings counts by item and month and rounds the rate to one decimal', () => {
    const rows = monthlyRatings([
      { target: 'b', level: 'satisfied', day: '2026-10-31' },
      { target: 'b', level: 'unsatisfied', day: '2026-10-01' },
      { target: 'b', level: 'basic', day: '2026-10-15' },
      { target: 'b', level: 'satisfied', day: '2026-11-01' },
      { target: 'a', level: 'unsatisfied', day: '2026-10-02' },
    ]);
    expect(rows.map((r) => [r.target, r.month, r.total, r.satisfactionRate])).toEqual([
      ['a', '2026-10', 1, 0],
      ['b', '2026-10', 3, 66.7],
      ['b', '2026-11', 1, 100],
    ]);
  });

  it('formatRatingMonth writes the month as a Chinese page does', () => {
    expect(formatRatingMonth('2026-03')).toBe('2026年3月');
    expect(formatRatingMonth('2026-12')).toBe('2026年12月');
  });
});

describe('readStoredRatings from the local store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-rating-results-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const local = { GONGKAI_DATA_DIR: dir } as NodeJS.ProcessEnv;

  it('no local store yet: no ratings, nothing started', async () => {
    expect(await readStoredRatings(local)).toMatchObject({ ratings: [], skipped: 0 });
    expect(process.env.NETLIFY_BLOBS_CONTEXT).toBeUndefined();
  });

  it('reads every stored rating once, leaves out what is not one, and leaves no context behind', async () => {
    await seedRatings(dir);
    const read = await readStoredRatings(local);
    const seeded = SEEDED_RATINGS.reduce((n, s) => n + Object.values(s.levels).reduce((a, b) => a + b, 0), 0);
    expect(read.ratings).toHaveLength(seeded);
    expect(read.skipped).toBe(1);
    expect(read.source).toContain(dir);
    const octoberCount = monthlyRatings(read.ratings).find((r) => r.target === 'service:linshi-jiuzhu' && r.month === '2026-10');
    expect(octoberCount).toMatchObject({ satisfied: 8, basic: 3, unsatisfied: 1, total: 12 });
    expect(process.env.NETLIFY_BLOBS_CONTEXT).toBeUndefined();
  });
});
