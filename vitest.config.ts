/// <reference types="vitest/config" />
import { getViteConfig } from 'astro/config';

// Astro's Vite setup: tests import the functions' page components (.astro) as the build does.
export default getViteConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Debian's Chromium and pdftoppm for the browser tests (installed when missing and run as root), then the sample site
    // built once (into tests/.tmp/site) for build and browser tests.
    globalSetup: ['tests/setup/chromium.ts', 'tests/setup/build-site.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Browser tests share one Chromium per file; keep files from starving the 2-core machines.
    maxWorkers: 2,
  },
});
