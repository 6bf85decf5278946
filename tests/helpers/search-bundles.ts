/**
 * The sample site with its search index split into several bundles by years
 * (src/lib/search-bundles.ts), as a large site's is: a copy of the built sample
 * site re-indexed with a small bundle size. The sample's records fall in 2016–2026,
 * most in 2020 and 2026, so SPLIT_RECORDS gives four bundles:
 * 2026 (main), 2021–2025, 2020, 2016–2019.
 */
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SITE_DIR } from './site.ts';
import { buildSearchIndex } from '../../src/build/search-index.ts';
import { MANIFEST_FILE, type SearchManifest } from '../../src/lib/search-bundles.ts';

export const SPLIT_RECORDS = 40;

/** Copies the sample site to `<site>-bundles-<name>` (one folder per test file: they run in parallel) and indexes it in bundles. */
export async function splitSampleSite(name: string): Promise<string> {
  if (!existsSync(join(SITE_DIR, 'index.html'))) throw new Error(`The sample site is not built at ${SITE_DIR}; run the tests through vitest.`);
  const dir = `${SITE_DIR}-bundles-${name}`;
  rmSync(dir, { recursive: true, force: true });
  cpSync(SITE_DIR, dir, { recursive: true });
  await buildSearchIndex(dir, { info: () => {}, warn: () => {} }, { bundleRecords: SPLIT_RECORDS });
  return dir;
}

export function readManifest(siteDir: string): SearchManifest {
  return JSON.parse(readFileSync(join(siteDir, 'pagefind', MANIFEST_FILE), 'utf8')) as SearchManifest;
}
