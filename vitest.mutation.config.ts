import { defineConfig } from 'vitest/config';
import { mutationScope } from './mutation-scopes.mjs';

/** The unit tests of one mutation scope, without the sample-site build (see stryker.config.mjs). */
export default defineConfig({
  test: {
    include: mutationScope().tests,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
