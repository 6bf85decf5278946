/**
 * Builds the sample site once per test run, with a fixed "now" so that no test
 * depends on today's date. Skipped when no build or browser test is selected
 * (GONGKAI_TEST_BUILD=0), or reused when GONGKAI_TEST_REUSE_BUILD=1 and a build exists.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { BUILD_NOW, SITE_DIR } from '../helpers/site.ts';

export default function setup() {
  if (process.env.GONGKAI_TEST_BUILD === '0') return;
  if (process.env.GONGKAI_TEST_REUSE_BUILD === '1' && existsSync(`${SITE_DIR}/index.html`)) return;
  rmSync(SITE_DIR, { recursive: true, force: true });
  const started = Date.now();
  execFileSync('npx', ['astro', 'build', '--silent'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, GONGKAI_NOW: BUILD_NOW, GONGKAI_OUT_DIR: SITE_DIR, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  console.log(`[setup] sample site built in ${((Date.now() - started) / 1000).toFixed(1)} s → ${SITE_DIR}`);
}
