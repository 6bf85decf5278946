/** The content check on content/case-limits.yaml: file, field and a Chinese message; the sample file passes. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCaseLimits } from '../../src/build/check-case-limits.ts';
import { CONTENT_PATHS } from '../../src/build/content-paths.ts';

const roots: string[] = [];
function rootWith(text: string | null): string {
  const root = mkdtempSync(join(tmpdir(), 'gongkai-case-limits-'));
  roots.push(root);
  mkdirSync(join(root, 'content'));
  if (text !== null) writeFileSync(join(root, CONTENT_PATHS.caseLimits), text);
  return root;
}
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

describe('case limits in the content check', () => {
  it('the sample file and an absent file pass', () => {
    expect(checkCaseLimits(process.cwd(), CONTENT_PATHS)).toEqual([]);
    expect(checkCaseLimits(rootWith(null), CONTENT_PATHS)).toEqual([]);
  });
  it('names the file and the field of a wrong limit', () => {
    const problems = checkCaseLimits(rootWith('kinds:\n  application:\n    handling:\n      referred: 25\n'), CONTENT_PATHS);
    expect(problems.map((p) => p.text)).toEqual(['错误：content/case-limits.yaml 字段 kinds › application › handling › referred（转交办）：办理时限不能超过 20 个工作日']);
  });
  it('names an unknown key and a broken YAML file', () => {
    expect(checkCaseLimits(rootWith('kinds:\n  report:\n    handlng: {}\n'), CONTENT_PATHS)[0]?.text).toContain('不认识的字段：handlng');
    expect(checkCaseLimits(rootWith('kinds: [\n'), CONTENT_PATHS)[0]?.file).toBe('content/case-limits.yaml');
    expect(checkCaseLimits(rootWith('remindWithinDays: 1.5\n'), CONTENT_PATHS)[0]?.text).toContain('提前提醒天数应为整数');
  });
});

describe('the limits the functions apply', () => {
  it('read the editors’ file, defaults without one, and refuse a wrong one naming the file', async () => {
    const { loadCaseLimits } = await import('../../src/server/case-limits-source.ts');
    const good = rootWith('kinds:\n  report:\n    handling:\n      referred: 7\nremindWithinDays: 2\n');
    const limits = await loadCaseLimits(join(good, CONTENT_PATHS.caseLimits));
    expect(limits.kinds.report.handling.referred).toBe(7);
    expect(limits.kinds.report.handling.joint).toBe(10);
    expect(limits.remindWithinDays).toBe(2);
    expect((await loadCaseLimits(join(rootWith(null), CONTENT_PATHS.caseLimits))).kinds.application.handling.referred).toBe(20);
    const bad = join(rootWith('kinds:\n  application:\n    maxExtensionDays: 30\n'), CONTENT_PATHS.caseLimits);
    await expect(loadCaseLimits(bad)).rejects.toThrow(/case-limits\.yaml: kinds\.application\.maxExtensionDays: 延期上限不能超过 20 个工作日/);
  });
});
