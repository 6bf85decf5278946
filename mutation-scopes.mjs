// What `npm run test:mutation` mutates and which tests it runs against each
// scope. `pure`: the domain rules (fast unit tests). `server`: the storage and
// mail code (tests with the real Blobs server and SMTP; much slower per mutant).
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
      'tests/unit/case-reminders.test.ts',
      'tests/unit/notification-plan.test.ts',
    ],
  },
  server: {
    mutate: ['src/server/comment-intake.ts', 'src/server/outbox.ts', 'src/server/notifications.ts'],
    tests: [
      'tests/unit/comment-functions.test.ts',
      'tests/unit/fault-injection.test.ts',
      'tests/unit/report-functions.test.ts',
      'tests/unit/subscriptions.test.ts',
      'tests/unit/notifications.test.ts',
      'tests/unit/cross-process.test.ts',
    ],
  },
};

export function mutationScope() {
  const name = process.env.MUTATION_SCOPE ?? 'pure';
  const scope = MUTATION_SCOPES[name];
  if (!scope) throw new Error(`MUTATION_SCOPE must be one of ${Object.keys(MUTATION_SCOPES).join(', ')}: ${name}`);
  return { name, ...scope };
}
