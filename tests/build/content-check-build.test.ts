/**
 * The Astro build refuses broken content with the same Chinese lines as `npm run check`,
 * for a content tree outside the repository (GONGKAI_CONTENT_ROOT), and writes no site.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkContent } from '../../src/build/check-content.ts';
import { makeBrokenTree } from '../helpers/content-tree.ts';

const REPO = resolve(import.meta.dirname, '../..');
const CONSULTATION = 'content/consultations/rfb-pingshi-liyong.md';
const MAJOR = 'content/consultations/sfj-xingzheng-chufa-cailiang.md';

const root = makeBrokenTree((t) => {
  t.replace(CONSULTATION, 'kind: 行政规范性文件', 'kind: 规范性文件'); // a schema error
  t.replace(MAJOR, 'department: bj-sfj', 'department: bj-sifaju'); // a cross-file error
});
const outDir = mkdtempSync(join(tmpdir(), 'gongkai-broken-dist-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

describe('astro build on a broken content tree', () => {
  it('fails with the checker’s Chinese messages and builds nothing', () => {
    const expected = checkContent(root).filter((p) => p.severity === 'error');
    expect(expected.map((p) => p.file)).toEqual([CONSULTATION, MAJOR]);

    const build = spawnSync('npx', ['astro', 'build'], {
      cwd: REPO,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, GONGKAI_CONTENT_ROOT: root, GONGKAI_OUT_DIR: outDir, GONGKAI_NOW: '2026-11-28T10:00:00+08:00', ASTRO_TELEMETRY_DISABLED: '1' },
    });
    const output = `${build.stdout}\n${build.stderr}`;
    expect(build.status, output).not.toBe(0);
    expect(output).toContain('内容检查未通过（2 处错误）');
    for (const p of expected) expect(output).toContain(p.text);
    expect(existsSync(join(outDir, 'index.html'))).toBe(false);
  }, 150_000);
});
