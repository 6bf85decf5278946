import { describe, expect, it } from 'vitest';
import { failureList, markdownTable, notRun, passed, result, summaryTable, warningList } from '../../src/lib/verify-report.ts';

describe('verify report', () => {
  const ok = result('Links', 362, '434 links', 6.61, []);
  const bad = result('Size budgets (gzip)', 362, 'max JS 7.2 kB', 0.3, [
    { page: '/', rule: 'budget-js', detail: 'JS 5.4 kB gzip > 5.0 kB' },
    { page: '/a|b/', rule: 'budget-css', detail: 'CSS 13 kB\nsecond line' },
  ]);

  it('passes only when every check passed', () => {
    expect(ok.status).toBe('pass');
    expect(bad.status).toBe('fail');
    expect(passed([ok])).toBe(true);
    expect(passed([ok, bad])).toBe(false);
    expect(passed([ok, notRun('HTML validity (Nu)', 'Java is missing')])).toBe(false);
  });

  it('prints a Markdown table whose cells cannot break the table', () => {
    expect(markdownTable(['A', 'B'], [['x|y', 'line\nbreak']], ['l', 'r'])).toBe('| A | B |\n|---|---:|\n| x\\|y | line break |');
  });

  it('summarises each check on one row with its failure count and time', () => {
    const table = summaryTable([ok, bad, notRun('HTML validity (Nu)', 'Java is missing')]);
    expect(table.split('\n')).toEqual([
      '| Check | Pages | Result | Figures | Time |',
      '|---|---:|---|---|---:|',
      '| Links | 362 | ✅ pass | 434 links | 6.6 s |',
      '| Size budgets (gzip) | 362 | ❌ fail (2) | max JS 7.2 kB | 0.3 s |',
      '| HTML validity (Nu) | 0 | ⚠️ not run | Java is missing | 0.0 s |',
    ]);
  });

  it('lists every failure as page — rule — detail, grouped by check, with a limit', () => {
    expect(failureList([ok, bad])).toBe(
      '### Size budgets (gzip): 2 failures\n- / — budget-js — JS 5.4 kB gzip > 5.0 kB\n- /a|b/ — budget-css — CSS 13 kB second line',
    );
    expect(failureList([bad], 1)).toContain('- … and 1 more');
    expect(failureList([ok])).toBe('');
  });

  it('lists warnings apart', () => {
    expect(warningList([result('HTML validity (Nu)', 1, '', 1, [], ['Section lacks heading — 362 files'])])).toBe('### HTML validity (Nu): 1 warning\n- Section lacks heading — 362 files');
  });
});
