/**
 * The cases behind 办件办理情况, read from the store when the site is built (only
 * what `caseFact` keeps: unit, kind, dates, status — nothing personal). A Netlify
 * build reads the site's store (the build has its Blobs context); a local build
 * reads GONGKAI_DATA_DIR/blobs when GONGKAI_DATA_DIR is set and holds a store;
 * otherwise the page says that there are no figures yet.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { caseFact, type CaseFact } from '../lib/cases/statistics.ts';
import { allCases } from './case-store.ts';
import { startLocalBlobs } from './local-blobs.ts';

export async function caseFactsFromStore(): Promise<CaseFact[]> {
  const facts: CaseFact[] = [];
  for await (const c of allCases()) facts.push(caseFact(c));
  return facts;
}

export type BuildCaseFacts = { source: 'netlify' | 'local'; facts: CaseFact[] } | { source: 'none'; facts: [] };

export async function caseFactsAtBuild(env: NodeJS.ProcessEnv = process.env): Promise<BuildCaseFacts> {
  if (env.NETLIFY_BLOBS_CONTEXT) return { source: 'netlify', facts: await caseFactsFromStore() };
  const directory = env.GONGKAI_DATA_DIR ? join(resolve(env.GONGKAI_DATA_DIR), 'blobs') : null;
  if (!directory || !existsSync(directory)) return { source: 'none', facts: [] };
  const blobs = await startLocalBlobs(directory);
  try {
    return { source: 'local', facts: await caseFactsFromStore() };
  } finally {
    await blobs.stop();
  }
}
