/**
 * Ratings stored before the sample build (tests/setup/build-site.ts), as the rating function stores
 * them, so that the build publishes known monthly results: one item above the minimum in October and
 * below it in the month of the build, one item below it, an item no longer on the site, and a record
 * under ratings/ that is not a rating.
 */
import { join } from 'node:path';
import { commentsStore } from '../../src/server/comment-stores.ts';
import { startLocalBlobs } from '../../src/server/local-blobs.ts';
import { RATING_RECORD_VERSION, ratingKey, type RatingLevel, type RatingRecord } from '../../src/lib/ratings/rating.ts';
import { SITE_DIR } from './site.ts';

/** GONGKAI_DATA_DIR of the sample build. */
export const SEEDED_DATA_DIR = `${SITE_DIR}-data`;

interface Seed {
  target: string;
  day: string;
  levels: Partial<Record<RatingLevel, number>>;
}

export const SEEDED_RATINGS: readonly Seed[] = [
  { target: 'service:linshi-jiuzhu', day: '2026-10-09', levels: { satisfied: 5, basic: 2 } },
  { target: 'service:linshi-jiuzhu', day: '2026-10-21', levels: { satisfied: 3, basic: 1, unsatisfied: 1 } },
  { target: 'service:linshi-jiuzhu', day: '2026-11-03', levels: { satisfied: 2, unsatisfied: 1 } },
  { target: 'water-body:yudaixi', day: '2026-09-15', levels: { satisfied: 3, unsatisfied: 1 } },
  { target: 'service:retired-item', day: '2026-10-02', levels: { basic: 1 } },
];
/** Stored under ratings/ but not a rating: the build leaves it out. */
export const SEEDED_NOT_A_RATING = 'ratings/2026-10-05/service:linshi-jiuzhu/not-a-rating';

export async function seedRatings(dataDir = SEEDED_DATA_DIR): Promise<void> {
  const saved = process.env.NETLIFY_BLOBS_CONTEXT;
  const blobs = await startLocalBlobs(join(dataDir, 'blobs'));
  try {
    const store = commentsStore();
    let person = 0;
    for (const seed of SEEDED_RATINGS) {
      for (const [level, count] of Object.entries(seed.levels) as [RatingLevel, number][]) {
        for (let i = 0; i < count; i++) {
          const record: RatingRecord = { version: RATING_RECORD_VERSION, target: seed.target, level, day: seed.day, receivedAt: `${seed.day}T10:00:00+08:00`, caseReceipt: null };
          await store.setJSON(ratingKey(seed.day, seed.target, `seed${String(++person).padStart(4, '0')}`), record);
        }
      }
    }
    await store.setJSON(SEEDED_NOT_A_RATING, { note: 'not a rating' });
  } finally {
    await blobs.stop();
    if (saved === undefined) delete process.env.NETLIFY_BLOBS_CONTEXT;
    else process.env.NETLIFY_BLOBS_CONTEXT = saved;
  }
}
