/**
 * The stored ratings, read by the build to publish the monthly results (满意度评价结果 pages and open data)
 * from the store build-store.ts chooses. A record that is not a rating is left out and counted.
 */
import { z } from 'zod';
import { RATING_LEVEL_IDS, type RatingLevel } from '../lib/ratings/rating.ts';
import { commentsStore, listKeys } from './comment-stores.ts';
import { readStoreAtBuild } from './build-store.ts';

export const RATINGS_PREFIX = 'ratings/';
const READS_AT_ONCE = 16;

const storedRating = z.looseObject({
  target: z.string().min(1),
  level: z.enum(RATING_LEVEL_IDS as [RatingLevel, ...RatingLevel[]]),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

export interface StoredRating {
  target: string;
  level: RatingLevel;
  day: string;
}

export interface StoredRatings {
  ratings: StoredRating[];
  /** Records under ratings/ that were not readable ratings. */
  skipped: number;
  /** Which store was read, for the build log. */
  source: string;
}

async function readAll(): Promise<{ ratings: StoredRating[]; skipped: number }> {
  const store = commentsStore();
  const keys = await listKeys(store, RATINGS_PREFIX);
  const ratings: StoredRating[] = [];
  let skipped = 0;
  for (let i = 0; i < keys.length; i += READS_AT_ONCE) {
    const batch = await Promise.all(keys.slice(i, i + READS_AT_ONCE).map((key) => store.get(key, { type: 'json' }).catch(() => undefined)));
    for (const record of batch) {
      const parsed = storedRating.safeParse(record);
      if (parsed.success) ratings.push({ target: parsed.data.target, level: parsed.data.level, day: parsed.data.day });
      else skipped++;
    }
  }
  return { ratings, skipped };
}

export async function readStoredRatings(env: NodeJS.ProcessEnv = process.env): Promise<StoredRatings> {
  const read = await readStoreAtBuild(readAll, { ratings: [], skipped: 0 }, env);
  return { ...read.value, source: read.description };
}
