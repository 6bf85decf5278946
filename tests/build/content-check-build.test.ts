/**
 * The Astro build on a content tree outside the repository (GONGKAI_CONTENT_ROOT):
 * it refuses broken content with the same Chinese lines as `npm run check` and writes
 * no site; it builds a good tree from that tree alone, attachments included.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
const goodRoot = makeBrokenTree(() => {});
const goodOutDir = mkdtempSync(join(tmpdir(), 'gongkai-good-dist-'));
afterAll(() => {
  for (const dir of [root, outDir, goodRoot, goodOutDir]) for (const d of [dir, `${dir}-cache`]) rmSync(d, { recursive: true, force: true });
});

function astroBuild(contentRoot: string, out: string) {
  const build = spawnSync('npx', ['astro', 'build'], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      ...process.env,
      GONGKAI_CONTENT_ROOT: contentRoot,
      GONGKAI_OUT_DIR: out,
      // Its own content store: builds of the sample site may run at the same time.
      GONGKAI_CACHE_DIR: `${out}-cache`,
      GONGKAI_NOW: '2026-11-28T10:00:00+08:00',
      ASTRO_TELEMETRY_DISABLED: '1',
    },
  });
  return { status: build.status, output: `${build.stdout}\n${build.stderr}` };
}

describe('astro build on a content tree outside the repository', () => {
  it('fails with the checker’s Chinese messages and builds nothing', () => {
    const expected = checkContent(root).filter((p) => p.severity === 'error');
    expect(expected.map((p) => p.file)).toEqual([CONSULTATION, MAJOR]);

    const { status, output } = astroBuild(root, outDir);
    expect(status, output).not.toBe(0);
    expect(output).toContain('内容检查未通过（2 处错误）');
    for (const p of expected) expect(output).toContain(p.text);
    expect(existsSync(join(outDir, 'index.html'))).toBe(false);
  }, 150_000);

  it('builds a good tree from that tree, not from the repository’s content', () => {
    const { status, output } = astroBuild(goodRoot, goodOutDir);
    expect(status, output).toBe(0);
    for (const id of ['rfb-pingshi-liyong', 'sfj-xingzheng-chufa-cailiang', 'whly-guoqing-lvyou']) {
      expect(existsSync(join(goodOutDir, 'consultations', id, 'index.html')), id).toBe(true);
    }
    const json = JSON.parse(readFileSync(join(goodOutDir, 'data/consultations.json'), 'utf8')) as { site: { name: string }; consultations: { id: string }[] };
    expect(json.site.name).toBe('测试市人民政府政务公开网站');
    expect(json.consultations.map((c) => c.id).sort()).toEqual(['rfb-pingshi-liyong', 'sfj-xingzheng-chufa-cailiang', 'whly-guoqing-lvyou']);
    // The tree's own attachment is published where its consultation links to it.
    expect(readFileSync(join(goodOutDir, 'files/consultations/rfb-draft.pdf'), 'utf8')).toContain('%PDF-1.4');
    expect(readFileSync(join(goodOutDir, 'consultations/rfb-pingshi-liyong/index.html'), 'utf8')).toContain('/files/consultations/rfb-draft.pdf');
  }, 150_000);
});
