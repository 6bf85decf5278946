/**
 * The consultations the comment functions accept comments for, read from the
 * site's own /data/consultations.json (built by src/lib/published-data.ts).
 *
 * Decision: the file is BUNDLED with the functions (netlify.toml
 * `[functions] included_files = ["dist/data/consultations.json"]`) and read
 * from disk. The build writes dist/ before Netlify bundles functions, so the
 * data always belongs to the same deploy as the function (a deploy preview
 * judges with its own dates), costs no network request and does not depend on
 * the CDN. Fetching the site URL is only the fallback when the file is
 * missing (e.g. a function deployed without the include): then the request's
 * own origin is asked, which is the same deploy.
 */
import { z } from 'zod';
import { deployDataLoader } from './deploy-data.ts';
import { PUBLISHED_DATA_PATH, PUBLISHED_DATA_VERSION, type PublishedConsultation, type PublishedData } from '../lib/published-data.ts';

const articleSchema = z.object({ number: z.number().int().positive(), label: z.string() });
const consultationSchema = z.looseObject({
  id: z.string().min(1),
  title: z.string(),
  path: z.string(),
  department: z.looseObject({ id: z.string(), name: z.string(), email: z.string() }),
  opens: z.string(),
  closes: z.string(),
  channels: z.looseObject({ online: z.boolean() }),
  articleComments: z.boolean(),
  articles: z.array(articleSchema),
});
const dataSchema = z.looseObject({
  version: z.literal(PUBLISHED_DATA_VERSION),
  site: z.looseObject({ name: z.string(), url: z.string() }),
  consultations: z.array(consultationSchema),
});

export interface PublishedConsultations {
  siteName: string;
  siteUrl: string;
  byId: ReadonlyMap<string, PublishedConsultation>;
  /** The whole file (site settings such as disclosureOffice, generated time), for the notification functions. */
  data: PublishedData;
}

function toPublishedConsultations(json: unknown, origin: string): PublishedConsultations {
  const parsed = dataSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${origin} is not a consultations data file: ${parsed.error.issues[0]?.message ?? ''}`);
  const list = parsed.data.consultations as unknown as PublishedConsultation[];
  return { siteName: parsed.data.site.name, siteUrl: parsed.data.site.url, byId: new Map(list.map((c) => [c.id, c])), data: parsed.data as unknown as PublishedData };
}

/** Reads the bundled file (re-read when it changes, e.g. a local rebuild); falls back to `fallbackOrigin`. */
export const loadPublishedConsultations: (file: string, fallbackOrigin?: string) => Promise<PublishedConsultations> = deployDataLoader({
  label: 'Consultations data',
  sitePath: PUBLISHED_DATA_PATH,
  parse: toPublishedConsultations,
});
