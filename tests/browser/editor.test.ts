/**
 * The web editor at /admin/ in Chromium, in local mode: a temporary content tree (never the project's own
 * content) is built, its /admin/ served with the editor's page answered on request, decap-server writes into the tree.
 * An editor creates a consultation and a catalogue item with an uploaded attachment; the files appear with
 * front matter the content check accepts, a mistake in such a file gets a Chinese message naming the
 * field, and a rebuild of the tree shows both new pages.
 * GONGKAI_EDITOR_SCREENSHOTS=<folder> keeps screenshots for the editing guide.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { parse } from 'node-html-parser';
import { launchBrowser } from '../helpers/browser.ts';
import { makeCombinedTree } from '../helpers/content-tree.ts';
import { buildContentTree, freePort, textOf } from '../helpers/site.ts';
import { startStaticServer, type StaticServer } from '../../src/server/static-server.ts';
import { onDemandPages } from '../../src/server/local-functions.ts';
import { startEditorProxy, type EditorProxy } from '../../src/server/editor-proxy.ts';
import { readEntries } from '../../src/build/content-files.ts';
import { CONTENT_PATHS } from '../../src/build/content-paths.ts';

const REPO = resolve(import.meta.dirname, '../..');
const SCREENSHOTS = process.env.GONGKAI_EDITOR_SCREENSHOTS ? resolve(process.env.GONGKAI_EDITOR_SCREENSHOTS) : undefined;
const ATTACHMENT = readFileSync(join(REPO, 'tests/fixtures/catalogue-good/public/files/catalogue/rule-2020.pdf'));

let tree: string;
let out: string;
let browser: Browser;
let server: StaticServer;
let proxy: EditorProxy;
let page: Page;
const savedPort = process.env.GONGKAI_EDITOR_PROXY_PORT;

beforeAll(async () => {
  tree = makeCombinedTree();
  mkdirSync(join(REPO, 'tests/.tmp'), { recursive: true });
  out = mkdtempSync(join(REPO, 'tests/.tmp/editor-dist-'));
  const port = await freePort();
  // The editor's page function reads the proxy's port for its security policy, as under npm start.
  process.env.GONGKAI_EDITOR_PROXY_PORT = String(port);
  const build = buildContentTree(tree, out, { GONGKAI_EDITOR_PROXY_PORT: String(port) });
  if (build.status !== 0) throw new Error(build.output);
  [proxy, server, browser] = await Promise.all([startEditorProxy({ repoDir: tree, port }), onDemandPages({ siteDir: out }).then((functions) => startStaticServer({ root: out, functions })), launchBrowser()]);
  const context = await browser.newContext({ timezoneId: 'Asia/Shanghai', locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  // A test that failed midway leaves unsaved changes: the next one leaves the page without asking.
  page.on('dialog', (dialog) => void dialog.accept());
}, 360_000);

afterAll(async () => {
  await Promise.all([browser?.close(), server?.close(), proxy?.close()]);
  if (savedPort === undefined) delete process.env.GONGKAI_EDITOR_PROXY_PORT;
  else process.env.GONGKAI_EDITOR_PROXY_PORT = savedPort;
  for (const dir of [tree, out, `${out}-cache`]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const field = (name: string, within: Page | ReturnType<Page['locator']> = page) => within.locator(`[id^="${name}-field-"]`).first();

/** Picks an option of a select or relation field by typing part of it. */
async function choose(name: string, text: string): Promise<void> {
  const input = field(name);
  await input.click();
  await input.pressSequentially(text);
  await page.getByRole('option', { name: new RegExp(text) }).first().click();
}

async function typeBody(text: string): Promise<void> {
  await page.locator('[data-slate-editor="true"]').first().click();
  await page.keyboard.type(text);
}

async function shoot(name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, name) });
}

/** Publishes the open entry; once the editor shows it as saved (its address names the new file), returns its id. */
async function publishNew(folder: string): Promise<string> {
  await page.getByRole('button', { name: '发布' }).first().click();
  await page.getByText('立即发布').click();
  await page.waitForURL(/\/entries\/[^/]+$/, { timeout: 60_000 });
  const id = decodeURIComponent(new URL(page.url()).hash.split('/').pop()!);
  expect(existsSync(join(tree, folder, `${id}.md`)), `${folder}/${id}.md`).toBe(true);
  return id;
}

function contentCheck(): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [join(REPO, 'scripts/check-content.ts'), tree], { encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

const CONSULTATION_TITLE = '关于进一步规范居住区停车管理的若干措施（征求意见稿）';
const ITEM_TITLE = '2025年全国收费公路统计公报';
let consultationId: string;
let itemId: string;

describe('the web editor in local mode', { timeout: 180_000 }, () => {
  it('opens in Chinese after the local sign-in and lists the collections generated from the schemas', async () => {
    await page.goto(`${server.url}/admin/`);
    await page.getByRole('button', { name: '登录' }).click();
    for (const label of ['意见征集', '主动公开目录', '意见征集情况说明（反馈）']) {
      await expect.poll(() => page.getByRole('link', { name: label }).count(), { message: label }).toBeGreaterThan(0);
    }
    await shoot('editor-collections.png');
  });

  it('creates a consultation whose file passes the content check', async () => {
    await page.goto(`${server.url}/admin/#/collections/consultations/new`);
    await field('title').fill(CONSULTATION_TITLE);
    await choose('department', 'bj-rfb');
    await choose('policyAreas', 'shehui-guanli');
    await choose('stage', '草案审议');
    await choose('kind', '行政规范性文件');
    await field('opens').fill('2026-12-01T09:00');
    await field('closes').fill('2026-12-31T18:00');
    await field('text').fill('《北京市机动车停车条例》');
    await field('explanation').fill('为规范居住区停车秩序，起草了本措施。');
    await typeBody('第一条 为了规范居住区停车管理，制定本措施。');
    await field('title').scrollIntoViewIfNeeded();
    await shoot('editor-consultation.png');
    consultationId = await publishNew(CONTENT_PATHS.consultations);

    expect(consultationId).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    const [saved] = readEntries(tree, CONTENT_PATHS.consultations).filter((e) => e.id === consultationId);
    expect(saved?.data).toMatchObject({
      title: CONSULTATION_TITLE,
      department: 'bj-rfb',
      policyAreas: ['shehui-guanli'],
      stage: '草案审议',
      kind: '行政规范性文件',
      opens: '2026-12-01 09:00',
      closes: '2026-12-31 18:00',
      basis: { text: '《北京市机动车停车条例》' },
      channels: { online: true },
      draft: false,
    });
    const check = contentCheck();
    expect(check.status, check.output).toBe(0);
  });

  it('creates a catalogue item with an attachment uploaded into public/files/catalogue/', async () => {
    await page.goto(`${server.url}/admin/#/collections/catalogueItems/new`);
    await field('title').fill(ITEM_TITLE);
    await choose('kind', '公告');
    await choose('issuer', 'jtb-glj');
    await field('published').fill('2026-11-20');
    await choose('topics', 'zt11');
    await page.getByRole('button', { name: /新增附件/ }).click();
    await field('title', page.locator('[id^="attachments-field-"]')).fill('统计公报全文');
    await page.getByRole('button', { name: '选择文件' }).click();
    await page.locator('input[type="file"]').setInputFiles({ name: 'gonglu-tongji-2025.pdf', mimeType: 'application/pdf', buffer: ATTACHMENT });
    await page.getByText('gonglu-tongji-2025.pdf').first().waitFor();
    await shoot('editor-upload.png');
    await page.getByRole('button', { name: '选用已选中项目' }).click();
    // The chosen file is shown in the field before the entry is saved.
    await page.getByText('/files/catalogue/gonglu-tongji-2025.pdf').first().waitFor();
    await typeBody('2025年全国收费公路统计情况。');
    itemId = await publishNew(CONTENT_PATHS.catalogueItems);

    const [saved] = readEntries(tree, CONTENT_PATHS.catalogueItems).filter((e) => e.id === itemId);
    expect(saved?.data).toMatchObject({
      title: ITEM_TITLE,
      kind: '公告',
      issuer: 'jtb-glj',
      topics: ['zt11'],
      validity: '有效',
      attachments: [{ title: '统计公报全文', file: '/files/catalogue/gonglu-tongji-2025.pdf' }],
    });
    // A bare date in YAML: the same value the content check reads as 2026-11-20.
    expect(readFileSync(join(tree, CONTENT_PATHS.catalogueItems, `${itemId}.md`), 'utf8')).toMatch(/^published: 2026-11-20$/m);
    expect(readFileSync(join(tree, 'public/files/catalogue/gonglu-tongji-2025.pdf')).equals(ATTACHMENT)).toBe(true);
    const check = contentCheck();
    expect(check.status, check.output).toBe(0);
  });

  it('a mistake in a file as the editor writes it gets a Chinese message naming the file and the field', () => {
    // The consultation the editor saved, with the closing time moved before the opening (the editor cannot see that rule).
    const saved = readFileSync(join(tree, CONTENT_PATHS.consultations, `${consultationId}.md`), 'utf8');
    const wrongId = `${consultationId}-wrong`;
    const wrongFile = join(tree, CONTENT_PATHS.consultations, `${wrongId}.md`);
    writeFileSync(wrongFile, saved.replace('closes: 2026-12-31 18:00', 'closes: 2026-11-30 18:00'));
    try {
      const check = contentCheck();
      expect(check.status).not.toBe(0);
      expect(check.output).toContain(`${CONTENT_PATHS.consultations}/${wrongId}.md`);
      expect(check.output).toMatch(/closes（征集截止时间）.*征集截止时间必须晚于征集开始时间/);
    } finally {
      rmSync(wrongFile);
    }
  });

  it('a rebuilt site shows the new consultation and catalogue item with its attachment', () => {
    expect(consultationId && itemId, 'both entries were created').toBeTruthy();
    const rebuilt = mkdtempSync(join(REPO, 'tests/.tmp/editor-rebuilt-'));
    try {
      const build = buildContentTree(tree, rebuilt);
      expect(build.status, build.output).toBe(0);
      const consultation = parse(readFileSync(join(rebuilt, 'consultations', consultationId, 'index.html'), 'utf8'));
      expect(textOf(consultation.querySelector('h1'))).toBe(CONSULTATION_TITLE);
      expect(textOf(consultation.querySelector('main'))).toContain('第一条 为了规范居住区停车管理，制定本措施。');
      const item = parse(readFileSync(join(rebuilt, 'disclosure/items', itemId, 'index.html'), 'utf8'));
      expect(textOf(item.querySelector('h1'))).toBe(ITEM_TITLE);
      expect(item.querySelector('a[href="/files/catalogue/gonglu-tongji-2025.pdf"]')).toBeTruthy();
      expect(existsSync(join(rebuilt, 'files/catalogue/gonglu-tongji-2025.pdf'))).toBe(true);
    } finally {
      rmSync(rebuilt, { recursive: true, force: true });
      rmSync(`${rebuilt}-cache`, { recursive: true, force: true });
    }
  }, 330_000);
});
