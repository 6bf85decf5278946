/**
 * Builds the sample site once per test run, with a fixed "now" so that no test
 * depends on today's date, from a store seeded with known ratings (rating-seed.ts). Skipped when no build or browser test is selected
 * (GONGKAI_TEST_BUILD=0), or reused when GONGKAI_TEST_REUSE_BUILD=1 and a build exists.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { BUILD_NOW, SITE_DIR } from '../helpers/site.ts';
import { SEEDED_DATA_DIR, seedRatings } from '../helpers/rating-seed.ts';
import { ssrFunctionFile } from '../../src/build/netlify-output.ts';

export default async function setup() {
  if (process.env.GONGKAI_TEST_BUILD === '0') return;
  if (process.env.GONGKAI_TEST_REUSE_BUILD === '1' && existsSync(`${SITE_DIR}/index.html`) && existsSync(ssrFunctionFile(SITE_DIR))) return;
  rmSync(SITE_DIR, { recursive: true, force: true });
  rmSync(SEEDED_DATA_DIR, { recursive: true, force: true });
  await seedRatings(SEEDED_DATA_DIR);
  const started = Date.now();
  const { NETLIFY_BLOBS_CONTEXT: _unused, NETLIFY_SITE_ID: _site, NETLIFY_AUTH_TOKEN: _token, ...env } = process.env;
  execFileSync('npx', ['astro', 'build', '--silent'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...env, GONGKAI_NOW: BUILD_NOW, GONGKAI_OUT_DIR: SITE_DIR, GONGKAI_DATA_DIR: SEEDED_DATA_DIR, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  console.log(`[setup] sample site built in ${((Date.now() - started) / 1000).toFixed(1)} s → ${SITE_DIR}`);
}
