// Mutation testing of the core modules (npm run test:mutation; MUTATION_SCOPE=server
// for the storage and mail code): which one-line changes to them the tests catch.
// Not part of `npm test`: it runs the covering tests once per mutant. Per-test
// coverage keeps each mutant to the tests that reach it; incremental mode reuses
// results for code and tests that did not change.
import { mutationScope } from './mutation-scopes.mjs';

const scope = mutationScope();

export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  coverageAnalysis: 'perTest',
  mutate: scope.mutate,
  ignoreStatic: true,
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 2),
  timeoutMS: 30_000,
  incremental: true,
  incrementalFile: `reports/mutation/${scope.name}-incremental.json`,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${scope.name}.html` },
  jsonReporter: { fileName: `reports/mutation/${scope.name}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: false, reportScoreTable: true },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
