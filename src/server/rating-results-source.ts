/**
 * The stored ratings, read by the build to publish the monthly results (满意度评价结果 pages and open data).
 *
 * Which store: the Blobs context the environment gives (Netlify's build sets NETLIFY_BLOBS_CONTEXT; a
 * test or `netlify dev` may have set one), else the site's Netlify Blobs when NETLIFY_SITE_ID and
 * NETLIFY_AUTH_TOKEN are set (a build on one's own machine that publishes the live results), else the
 * local store under GONGKAI_DATA_DIR/blobs (default .data/blobs), served for the read and stopped after.
 * No local store means nothing was rated yet. A record that is not a rating is left out and counted.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { setEnvironmentContext } from '@netlify/blobs';
import { z } from 'zod';
import { RATING_LEVEL_IDS, type RatingLevel } from '../lib/ratings/rating.ts';
import { commentsStore, listKeys } from './comment-stores.ts';
import { startLocalBlobs } from './local-blobs.ts';

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
  if (env.NETLIFY_BLOBS_CONTEXT || (globalThis as { netlifyBlobsContext?: unknown }).netlifyBlobsContext) {
    return { ...(await readAll()), source: 'Netlify Blobs (build context)' };
  }
  if (env.NETLIFY_SITE_ID && env.NETLIFY_AUTH_TOKEN) {
    setEnvironmentContext({ siteID: env.NETLIFY_SITE_ID, token: env.NETLIFY_AUTH_TOKEN });
    return { ...(await readAll()), source: `Netlify Blobs of site ${env.NETLIFY_SITE_ID}` };
  }
  const directory = resolve(env.GONGKAI_DATA_DIR ?? '.data', 'blobs');
  if (!existsSync(directory)) return { ratings: [], skipped: 0, source: `local store ${directory} (none yet)` };
  const local = await startLocalBlobs(directory);
  try {
    return { ...(await readAll()), source: `local store ${directory}` };
  } finally {
    await local.stop();
    // The server is gone: leave no context pointing at it.
    delete process.env.NETLIFY_BLOBS_CONTEXT;
  }
}
