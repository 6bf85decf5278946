// npm run test:mutation:server [-- <scope> …]: mutation testing of the storage and
// mail code, one module at a time (see mutation-scopes.mjs), then the score of each.
// Incremental: a second run retests only mutants whose code or tests changed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { MUTATION_SCOPES, SERVER_SCOPES } from '../mutation-scopes.mjs';

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!SERVER_SCOPES.includes(name)) {
    console.error(`Unknown server scope ${name}; one of ${SERVER_SCOPES.join(', ')}`);
    process.exit(2);
  }
}
const scopes = wanted.length > 0 ? wanted : SERVER_SCOPES;
const rows = [];
for (const name of scopes) {
  const started = Date.now();
  console.log(`\n=== ${name}: ${MUTATION_SCOPES[name].mutate.join(', ')} against ${MUTATION_SCOPES[name].tests.length} test file(s)`);
  const run = spawnSync('stryker', ['run'], { stdio: 'inherit', env: { ...process.env, MUTATION_SCOPE: name } });
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  if (run.status !== 0) {
    rows.push([name, 'failed', '', '', minutes]);
    continue;
  }
  const report = `reports/mutation/${name}.json`;
  if (!existsSync(report)) continue;
  const files = JSON.parse(readFileSync(report, 'utf8')).files;
  for (const [file, { mutants }] of Object.entries(files)) {
    const count = (s) => mutants.filter((m) => m.status === s).length;
    const killed = count('Killed') + count('Timeout');
    const valid = mutants.filter((m) => !['Ignored', 'CompileError', 'RuntimeError'].includes(m.status)).length;
    rows.push([file, valid ? ((100 * killed) / valid).toFixed(1) : 'n/a', `${count('Survived')}`, `${count('NoCoverage')}`, minutes]);
  }
}
console.log('\nmodule                              score  survived  no-coverage  minutes');
for (const [file, score, survived, noCoverage, minutes] of rows) {
  console.log(`${file.padEnd(34)} ${score.padStart(6)} ${survived.padStart(9)} ${noCoverage.padStart(12)} ${minutes.padStart(8)}`);
}
if (rows.some((r) => r[1] === 'failed')) process.exit(1);
