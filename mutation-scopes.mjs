// What `npm run test:mutation` mutates and which tests it runs against each
// scope. `pure`: the domain rules (their unit tests; the application actions of
// cases through the local Blobs server). The server scopes: the storage and mail
// code, one module each (`npm run test:mutation:server`; slower per mutant).
export const MUTATION_SCOPES = {
  pure: {
    mutate: [
      'src/lib/time.ts',
      'src/lib/working-days.ts',
      'src/lib/black-odorous.ts',
      'src/lib/receipt-number.ts',
      'src/lib/receipt-ledger.ts',
      'src/lib/cases/deadline.ts',
      'src/lib/cases/case.ts',
      'src/lib/notification-plan.ts',
    ],
    tests: [
      'tests/unit/boundaries.test.ts',
      'tests/unit/time.test.ts',
      'tests/unit/black-odorous.test.ts',
      'tests/unit/remediation.test.ts',
      'tests/unit/consultation-status.test.ts',
      'tests/unit/comment-window.test.ts',
      'tests/unit/comment-rules.test.ts',
      'tests/unit/case-core.test.ts',
      'tests/unit/application-clock.test.ts',
      // Applications through the case store (local Blobs server, a few seconds): the application actions of cases/case.ts.
      'tests/unit/application-cases.test.ts',
      'tests/unit/case-reminders.test.ts',
      'tests/unit/notification-plan.test.ts',
    ],
  },
  // The storage and mail code, one module per scope (MUTATION_SCOPE=<name>), each
  // against its own direct tests. The fault-injection and cross-process tests are
  // left out: each runs the whole write once per write step (minutes), and
  // Stryker would run them for almost every mutant. What they guard (write
  // order, awaited writes, sent checks, the ETag claim) is checked by the
  // mutations applied by hand in docs/mutation-testing.md.
  'case-store': {
    mutate: ['src/server/case-store.ts'],
    tests: ['tests/unit/case-store.test.ts', 'tests/unit/case-workspace.test.ts', 'tests/unit/case-reminders.test.ts'],
  },
  'comment-intake': {
    mutate: ['src/server/comment-intake.ts'],
    tests: ['tests/unit/comment-functions.test.ts'],
  },
  outbox: {
    mutate: ['src/server/outbox.ts'],
    tests: ['tests/unit/comment-functions.test.ts', 'tests/unit/notifications.test.ts'],
  },
  notifications: {
    mutate: ['src/server/notifications.ts'],
    tests: ['tests/unit/notifications.test.ts'],
  },
};

/** `npm run test:mutation:server` runs these scopes one after another. */
export const SERVER_SCOPES = ['case-store', 'comment-intake', 'outbox', 'notifications'];

export function mutationScope() {
  const name = process.env.MUTATION_SCOPE ?? 'pure';
  const scope = MUTATION_SCOPES[name];
  if (!scope) throw new Error(`MUTATION_SCOPE must be one of ${Object.keys(MUTATION_SCOPES).join(', ')}: ${name}`);
  return { name, ...scope };
}
