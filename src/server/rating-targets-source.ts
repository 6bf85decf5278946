/**
 * The rating function's list of what can be rated, read from the deploy's own /data/rating-targets.json
 * through deploy-data.ts (GONGKAI_RATING_TARGETS_FILE, default dist/data/rating-targets.json), else from the
 * request's own origin, which is the same deploy.
 */
import { z } from 'zod';
import { builtFile, deployDataLoader } from './deploy-data.ts';
import { RATING_TARGETS_PATH, RATING_TARGETS_VERSION, type RatingTargets } from '../lib/ratings/rating.ts';

const unit = z.looseObject({ id: z.string().min(1), name: z.string().min(1), email: z.string().min(3) });
const targetsSchema = z.looseObject({
  version: z.literal(RATING_TARGETS_VERSION),
  site: z.looseObject({ name: z.string(), url: z.string() }),
  targets: z.array(z.looseObject({ id: z.string().min(1), name: z.string().min(1), path: z.string(), unit })),
});

export function ratingTargetsFile(env: NodeJS.ProcessEnv = process.env): string {
  return builtFile(`dist${RATING_TARGETS_PATH}`, env.GONGKAI_RATING_TARGETS_FILE);
}

export const loadRatingTargets: (file: string, fallbackOrigin?: string) => Promise<RatingTargets> = deployDataLoader({
  label: 'Rating targets',
  sitePath: RATING_TARGETS_PATH,
  parse: (json: unknown, origin: string) => {
    const parsed = targetsSchema.safeParse(json);
    if (!parsed.success) throw new Error(`${origin} is not a list of rating targets: ${parsed.error.issues[0]?.message ?? ''}`);
    return parsed.data as unknown as RatingTargets;
  },
});
