/**
 * Results of `npm run verify` and their printed form: one Markdown summary
 * table a maintainer can paste into a release note, then every failure as
 * "page — rule — detail".
 */

export interface VerifyFailure {
  /** Site path of the page or file (e.g. /consultations/x/), or a description when not one page. */
  page: string;
  /** Short rule name, e.g. axe:color-contrast, html:error, link:broken, budget-css. */
  rule: string;
  detail: string;
}

export type CheckStatus = 'pass' | 'fail' | 'not run';

export interface CheckResult {
  check: string;
  /** How many pages (or files) the check covered. */
  pages: number;
  status: CheckStatus;
  /** Headline figures, e.g. "0 violations, 1,204 nodes checked". */
  figures: string;
  seconds: number;
  failures: VerifyFailure[];
  /** Reported, not failing. */
  warnings: string[];
}

/** A result from failures: passes when there are none. */
export function result(check: string, pages: number, figures: string, seconds: number, failures: VerifyFailure[], warnings: string[] = []): CheckResult {
  return { check, pages, status: failures.length === 0 ? 'pass' : 'fail', figures, seconds, failures, warnings };
}

/** A check that could not run at all counts as failed, with the reason as its failure. */
export function notRun(check: string, reason: string, seconds = 0): CheckResult {
  return { check, pages: 0, status: 'not run', figures: reason, seconds, failures: [{ page: '—', rule: 'not-run', detail: reason }], warnings: [] };
}

const cell = (value: string | number) => String(value).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function markdownTable(header: readonly string[], rows: readonly (readonly (string | number)[])[], align: readonly ('l' | 'r')[] = []): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `|${header.map((_, i) => (align[i] === 'r' ? '---:' : '---')).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

const STATUS_TEXT: Record<CheckStatus, string> = { pass: '✅ pass', fail: '❌ fail', 'not run': '⚠️ not run' };

export function summaryTable(results: readonly CheckResult[]): string {
  return markdownTable(
    ['Check', 'Pages', 'Result', 'Figures', 'Time'],
    results.map((r) => [r.check, r.pages, r.status === 'fail' ? `${STATUS_TEXT.fail} (${r.failures.length})` : STATUS_TEXT[r.status], r.figures, `${r.seconds.toFixed(1)} s`]),
    ['l', 'r', 'l', 'l', 'r'],
  );
}

export function passed(results: readonly CheckResult[]): boolean {
  return results.every((r) => r.status === 'pass');
}

/** Every failure, grouped by check, one per line: "page — rule — detail". At most `limit` per check, then a count. */
export function failureList(results: readonly CheckResult[], limit = 200): string {
  const blocks: string[] = [];
  for (const r of results) {
    if (r.failures.length === 0) continue;
    const lines = r.failures.slice(0, limit).map((f) => `- ${f.page} — ${f.rule} — ${f.detail}`.replace(/\s*\r?\n\s*/g, ' '));
    if (r.failures.length > limit) lines.push(`- … and ${r.failures.length - limit} more`);
    blocks.push(`### ${r.check}: ${r.failures.length} failure${r.failures.length === 1 ? '' : 's'}\n${lines.join('\n')}`);
  }
  return blocks.join('\n\n');
}

export function warningList(results: readonly CheckResult[], limit = 50): string {
  const blocks: string[] = [];
  for (const r of results) {
    if (r.warnings.length === 0) continue;
    const lines = r.warnings.slice(0, limit).map((w) => `- ${w}`);
    if (r.warnings.length > limit) lines.push(`- … and ${r.warnings.length - limit} more`);
    blocks.push(`### ${r.check}: ${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'}\n${lines.join('\n')}`);
  }
  return blocks.join('\n\n');
}

/** Thousands separators for counts in figures. */
export const count = (n: number) => n.toLocaleString('en-US');
