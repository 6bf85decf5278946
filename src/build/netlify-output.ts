/**
 * Where the Netlify adapter of a build into an output folder leaves its function (see
 * src/integrations/netlify-adapter.ts): the deploy build (dist/) under the project's .netlify/, any other
 * under .netlify/builds/<hash of the output folder>/. Read by the local server and the tests.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';

export const PROJECT = resolve(import.meta.dirname, '../..');
const DEPLOY_OUT_DIR = resolve(PROJECT, 'dist');

/**
 * Files of the deploy that functions read at run time: the built data files and the editors' case time
 * limits. The function answering on request carries them (astro.config.mjs, the adapter's includeFiles),
 * the scheduled functions too (netlify.toml `included_files`, which a test keeps equal to this list).
 */
export const FUNCTION_DATA_FILES: readonly string[] = ['dist/data/consultations.json', 'dist/data/warnings.json', 'dist/remediation/report-directory.json', 'dist/data/rating-targets.json', 'content/case-limits.yaml'];

/** The folder that plays the project root for the adapter of a build into `outDir`. */
export function adapterRoot(outDir: string): string {
  const out = resolve(PROJECT, outDir);
  if (out === DEPLOY_OUT_DIR) return PROJECT;
  return resolve(PROJECT, '.netlify/builds', createHash('sha256').update(out).digest('hex').slice(0, 16));
}

/** The built function answering the pages on request of a build into `outDir`. */
export function ssrFunctionFile(outDir: string): string {
  return resolve(adapterRoot(outDir), '.netlify/v1/functions/ssr/ssr.mjs');
}

