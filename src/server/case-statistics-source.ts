/**
 * The cases behind 办件办理情况, read from the store when the site is built (only
 * what `caseFact` keeps: unit, kind, dates, status — nothing personal), from the
 * store build-store.ts chooses; without one the page says that there are no figures yet.
 */
import { caseFact, type CaseFact } from '../lib/cases/statistics.ts';
import { allCases } from './case-store.ts';
import { readStoreAtBuild } from './build-store.ts';

export async function caseFactsFromStore(): Promise<CaseFact[]> {
  const facts: CaseFact[] = [];
  for await (const c of allCases()) facts.push(caseFact(c));
  return facts;
}

export type BuildCaseFacts = { source: 'netlify' | 'local'; facts: CaseFact[] } | { source: 'none'; facts: [] };

export async function caseFactsAtBuild(env: NodeJS.ProcessEnv = process.env): Promise<BuildCaseFacts> {
  const read = await readStoreAtBuild(caseFactsFromStore, [], env);
  return read.source === 'none' ? { source: 'none', facts: [] } : { source: read.source, facts: read.value };
}
