/**
 * The ledger on the built site: a content tree with a real signed ledger is built by Astro,
 * served, and a receipt's code is checked on /receipts/ in Chromium against the published
 * head by the verifier the page loads from /verify-ledger.mjs. The same tree with one
 * published head changed does not build.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { headFile, LEDGERS_PATH } from '../../src/build/ledger-files.ts';
import { startStaticServer, type StaticServer } from '../../src/server/static-server.ts';
import { ledgerSigner } from '../../src/server/ledger-signing.ts';
import { checkA11y, collectPageProblems, formatViolations, launchBrowser, openPage } from '../helpers/browser.ts';
import { LEDGER_CONSULTATION, makeLedgerFixture, type LedgerFixture } from '../helpers/ledger.ts';

const REPO = resolve(import.meta.dirname, '../..');

function astroBuild(contentRoot: string, out: string) {
  // The build reads the stores (published ratings and case figures): not the fixture's, whose server in this
  // process cannot answer while spawnSync waits, but an empty data folder of its own.
  const { NETLIFY_BLOBS_CONTEXT: _fixtureStore, ...env } = process.env;
  const build = spawnSync('npx', ['astro', 'build'], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...env, GONGKAI_DATA_DIR: `${out}-data`, GONGKAI_CONTENT_ROOT: contentRoot, GONGKAI_OUT_DIR: out, GONGKAI_CACHE_DIR: `${out}-cache`, GONGKAI_NOW: '2026-11-28T10:00:00+08:00', ASTRO_TELEMETRY_DISABLED: '1' },
  });
  return { status: build.status, output: `${build.stdout}\n${build.stderr}` };
}

let fx: LedgerFixture;
let out: string;
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  fx = await makeLedgerFixture();
  out = mkdtempSync(join(tmpdir(), 'gongkai-ledger-site-'));
  const build = astroBuild(fx.root, out);
  if (build.status !== 0) throw new Error(build.output);
  [server, browser] = await Promise.all([startStaticServer({ root: out }), launchBrowser()]);
}, 240_000);
afterAll(async () => {
  await Promise.all([browser?.close(), server?.close()]);
  await fx?.close();
  for (const d of [out, `${out}-cache`]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('/receipts/ with a published ledger', () => {
  it('serves the verifier byte for byte and shows the full root and public key', async () => {
    const res = await fetch(`${server.url}/verify-ledger.mjs`);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(await res.text()).toBe(readFileSync(join(REPO, 'src/lib/ledger/verify-ledger.mjs'), 'utf8'));
    const html = await (await fetch(`${server.url}/receipts/`)).text();
    expect(html).toContain(fx.ledger.root);
    expect(html).toContain(ledgerSigner({}).publicKey);
  });

  it('checks a receipt’s code against the published signed head in the browser', async () => {
    const page = await openPage(browser, { viewport: { width: 375, height: 800 } });
    const problems = collectPageProblems(page);
    try {
      await page.goto(`${server.url}/receipts/`);
      const form = page.locator('form[data-ledger-check]');
      await expect.poll(() => form.isVisible()).toBe(true);
      const mine = fx.comments[10]!; // received on day three, first included under head 3
      await page.selectOption('#ledger-select', `/data/ledgers/${LEDGER_CONSULTATION}.json`);
      await page.fill('#ledger-code', mine.code.toUpperCase().match(/.{8}/g)!.join(' '));
      await page.click('form[data-ledger-check] button[type=submit]');
      const result = page.locator('[data-ledger-result]');
      await expect.poll(() => result.textContent(), { timeout: 15_000 }).toMatch(/^已计入/);
      const text = (await result.textContent()) ?? '';
      expect(text).toContain('清单第 11 条，首次纳入第 3 号签名树头');
      expect(text).toContain(`根值 ${fx.heads.at(-1)!.root}`);
      expect(text).toContain('全部 4 个签名树头');

      // A head saved earlier (here the first one): the current ledger must still extend it.
      await page.fill('#ledger-saved-head', JSON.stringify(fx.heads[0]));
      await page.click('form[data-ledger-check] button[type=submit]');
      await expect.poll(() => result.textContent(), { timeout: 15_000 }).toContain('完整保留了您保存的第 1 号树头（5 条）');
      const forged = { ...fx.heads[0]!, root: fx.heads[1]!.root };
      await page.fill('#ledger-saved-head', JSON.stringify(forged));
      await page.click('form[data-ledger-check] button[type=submit]');
      await expect.poll(() => result.textContent(), { timeout: 15_000 }).toMatch(/^当前清单与您保存的第 1 号签名树头不一致/);
      await page.fill('#ledger-saved-head', '');

      await page.fill('#ledger-code', 'f'.repeat(64));
      await page.click('form[data-ledger-check] button[type=submit]');
      await expect.poll(() => result.textContent(), { timeout: 15_000 }).toMatch(/^清单中没有这个核验码/);
      expect(formatViolations(await checkA11y(page))).toBe('');
      expect(problems).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('says the ledger is inconsistent when a served head no longer matches', async () => {
    const file = join(out, 'data/ledgers', headFile(LEDGER_CONSULTATION, 2));
    const original = readFileSync(file, 'utf8');
    const page = await openPage(browser);
    try {
      writeFileSync(file, original.replace(/"root": "[0-9a-f]{64}"/, `"root": "${'0'.repeat(64)}"`));
      await page.goto(`${server.url}/receipts/`);
      await page.fill('#ledger-code', fx.comments[0]!.code);
      await page.click('form[data-ledger-check] button[type=submit]');
      const result = page.locator('[data-ledger-result]');
      await expect.poll(() => result.textContent(), { timeout: 15_000 }).toMatch(/^清单与签名树头不一致/);
    } finally {
      writeFileSync(file, original);
      await page.context().close();
    }
  });
});

describe('the build', () => {
  it('refuses a tree whose published head was changed after it was committed', () => {
    const file = join(fx.root, LEDGERS_PATH, headFile(LEDGER_CONSULTATION, 1));
    const original = readFileSync(file, 'utf8');
    const failedOut = mkdtempSync(join(tmpdir(), 'gongkai-ledger-bad-'));
    try {
      writeFileSync(file, original.replace('"timestamp": "2020-07-30', '"timestamp": "2020-07-31'));
      const { status, output } = astroBuild(fx.root, failedOut);
      expect(status, output).not.toBe(0);
      expect(output).toContain('已公布的签名树头被改动');
      expect(output).toContain('签名树头的签名无法用公布的公钥验证');
    } finally {
      writeFileSync(file, original);
      for (const d of [failedOut, `${failedOut}-cache`]) rmSync(d, { recursive: true, force: true });
    }
  }, 120_000);
});
