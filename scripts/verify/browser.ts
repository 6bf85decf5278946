/**
 * Every page in Debian's Chromium with the site's real headers (CSP on):
 * axe (WCAG 2.0–2.2 A/AA + best practices) with zero violations, no CSP
 * violation, no script error, no console error, no failed request. Then one
 * page of each type again in elder mode (large text, high contrast) on a phone
 * screen, and the search page with a query (what Pagefind loads is recorded
 * for the size budget); last, every page with JavaScript off must show its
 * heading and content. One browser, one tab per mode, pages one after another.
 * A self-check first proves that a known axe violation and a known CSP
 * violation are caught.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { A11Y_TAGS, CHROMIUM_ARGS, CHROMIUM_PATH, checkA11y } from '../../tests/helpers/browser.ts';
import { pageTypeOf } from '../../src/lib/size-budget.ts';
import { headersFor } from '../../src/server/security-headers.ts';
import type { VerifyFailure } from '../../src/lib/verify-report.ts';

export { A11Y_TAGS };

/**
 * No request leaves the machine: every host name fails to resolve except the
 * local server's address (Chromium's own services included).
 */
export const OFFLINE_ARGS = [
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--disable-default-apps',
  '--disable-breakpad',
  '--metrics-recording-only',
  '--no-default-browser-check',
  '--disable-features=OptimizationHints,Translate,MediaRouter,AutofillServerCommunication',
];

const ELDER_MODE_KEY = 'gongkai-elder-mode';
/** Visible characters (besides the heading) below which a page counts as empty without JavaScript. */
export const NO_JS_MIN_CHARACTERS = 20;
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

export interface BrowserCheckResult {
  failures: VerifyFailure[];
  pages: number;
  elderPages: string[];
  noScriptPages: number;
  violations: number;
  /** Same-site stylesheets and scripts each page loaded, by page path. */
  loaded: Map<string, Set<string>>;
  /** What the search page loaded from /pagefind/ to answer a query. */
  searchPagefind: string[];
  searchQuery: string | undefined;
}

interface Recorder {
  problems: VerifyFailure[];
  loaded: Set<string>;
}

/** Listens to everything that can go wrong on a page; `current` says which page a problem belongs to. */
async function instrument(context: BrowserContext, origin: string, state: { current: string; recorder: Recorder }): Promise<Page> {
  await context.addInitScript(() => {
    const w = window as unknown as { __verifyCsp: string[] };
    w.__verifyCsp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__verifyCsp.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}${e.sourceFile ? ` (${e.sourceFile}:${e.lineNumber})` : ''}`);
    });
  });
  const page = await context.newPage();
  const add = (rule: string, detail: string) => state.recorder.problems.push({ page: state.current, rule, detail });
  page.on('pageerror', (e) => add('script-error', e.message.split('\n')[0] ?? e.message));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    add(/Content Security Policy/i.test(text) ? 'csp-violation' : 'console-error', text.slice(0, 300));
  });
  page.on('requestfailed', (r) => {
    const error = r.failure()?.errorText ?? 'failed';
    // Requests the next navigation cancels (the favicon, a late fetch) are not the page's fault;
    // CSP refusals are reported as such (net::ERR_BLOCKED_BY_CSP and the violation event).
    if (error === 'net::ERR_ABORTED') return;
    add('request-failed', `${r.url()} — ${error}`);
  });
  page.on('response', (r) => {
    const url = new URL(r.url());
    if (url.origin === origin && r.status() >= 400 && r.request().resourceType() !== 'document') add('request-failed', `${url.pathname} answered HTTP ${r.status()}`);
  });
  page.on('request', (r) => {
    const url = new URL(r.url());
    const type = r.resourceType();
    if (url.origin === origin && (type === 'script' || type === 'stylesheet' || url.pathname.startsWith('/pagefind/'))) {
      state.recorder.loaded.add(decodeURIComponent(url.pathname));
    }
  });
  return page;
}

async function visit(page: Page, origin: string, path: string, state: { current: string; recorder: Recorder }, label = path): Promise<{ ok: boolean; recorder: Recorder }> {
  state.current = label;
  state.recorder = { problems: [], loaded: new Set() };
  try {
    const response = await page.goto(`${origin}${path}`, { waitUntil: 'load', timeout: 30_000 });
    if (!response || response.status() !== 200) {
      state.recorder.problems.push({ page: label, rule: 'page-unreachable', detail: `HTTP ${response?.status() ?? 'no response'}` });
      return { ok: false, recorder: state.recorder };
    }
  } catch (e) {
    state.recorder.problems.push({ page: label, rule: 'page-unreachable', detail: (e as Error).message.split('\n')[0] ?? String(e) });
    return { ok: false, recorder: state.recorder };
  }
  return { ok: true, recorder: state.recorder };
}

async function axeFailures(page: Page, label: string): Promise<VerifyFailure[]> {
  const violations = await checkA11y(page);
  return violations.map((v) => ({
    page: label,
    rule: `axe:${v.rule}`,
    detail: `${v.impact}: ${v.help} — ${v.targets.slice(0, 5).join(', ')}${v.targets.length > 5 ? ` (+${v.targets.length - 5})` : ''}`,
  }));
}

async function cspViolations(page: Page, label: string): Promise<VerifyFailure[]> {
  const seen = await page.evaluate(() => (window as unknown as { __verifyCsp?: string[] }).__verifyCsp ?? []);
  return seen.map((detail) => ({ page: label, rule: 'csp-violation', detail }));
}

const CANARY_PATH = '/__verify-self-check__/';

/**
 * Proves the harness can fail before trusting its passes: a page served with
 * the site's headers, an image without alt text and an inline script (which
 * the CSP refuses) must produce an axe violation and a CSP violation.
 */
async function selfCheck(page: Page, origin: string, state: { current: string; recorder: Recorder }): Promise<VerifyFailure[]> {
  await page.route(`${origin}${CANARY_PATH}`, (route) =>
    route.fulfill({
      status: 200,
      headers: { ...headersFor('/index.html'), 'Content-Type': 'text/html; charset=utf-8' },
      body: '<!doctype html><html lang="zh-CN"><head><title>自检</title></head><body><main><h1>自检</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><script>document.title = "inline";</script></main></body></html>',
    }),
  );
  const { ok, recorder } = await visit(page, origin, CANARY_PATH, state);
  const axe = ok ? await axeFailures(page, CANARY_PATH) : [];
  const csp = ok ? await cspViolations(page, CANARY_PATH) : [];
  await page.unroute(`${origin}${CANARY_PATH}`);
  const problems: VerifyFailure[] = [];
  if (!axe.some((f) => f.rule === 'axe:image-alt')) problems.push({ page: CANARY_PATH, rule: 'harness:self-check', detail: 'axe did not report an image without alt text: its passes cannot be trusted' });
  if (csp.length === 0 || !recorder.problems.some((p) => p.rule === 'csp-violation')) {
    problems.push({ page: CANARY_PATH, rule: 'harness:self-check', detail: 'an inline script ran or went unreported under the CSP: CSP checks cannot be trusted' });
  }
  return problems;
}

/** One page of each type (the first in path order), for the elder-mode pass. */
export function onePerType(paths: readonly string[]): string[] {
  const picked = new Map<string, string>();
  for (const path of paths) if (!picked.has(pageTypeOf(path))) picked.set(pageTypeOf(path), path);
  return [...picked.values()].sort();
}

export async function launchOfflineChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...OFFLINE_ARGS] });
}

export async function checkInBrowser(
  origin: string,
  paths: readonly string[],
  options: { searchQuery?: string | undefined; log: (line: string) => void },
): Promise<BrowserCheckResult> {
  const browser = await launchOfflineChromium();
  const failures: VerifyFailure[] = [];
  const loaded = new Map<string, Set<string>>();
  let violations = 0;
  let searchPagefind: string[] = [];
  try {
    // Every page, desktop width.
    const desktop = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const state = { current: '', recorder: { problems: [], loaded: new Set<string>() } as Recorder };
    const page = await instrument(desktop, origin, state);
    failures.push(...(await selfCheck(page, origin, state)));
    let done = 0;
    for (const path of paths) {
      const { ok, recorder } = await visit(page, origin, path, state);
      if (ok) {
        const found = await axeFailures(page, path);
        violations += found.length;
        failures.push(...found, ...(await cspViolations(page, path)));
      }
      failures.push(...recorder.problems);
      loaded.set(path, recorder.loaded);
      if (++done % 50 === 0) options.log(`  axe: ${done}/${paths.length} pages`);
    }

    // The search page answering a query: results shown, and what Pagefind loads for them.
    if (options.searchQuery !== undefined && paths.includes('/search/')) {
      const label = `/search/?q=${options.searchQuery}`;
      const { ok, recorder } = await visit(page, origin, `/search/?q=${encodeURIComponent(options.searchQuery)}`, state, label);
      if (ok) {
        const shown = await page
          .waitForSelector('[data-search-results] > li', { timeout: 15_000 })
          .then(() => true)
          .catch(() => false);
        if (!shown) failures.push({ page: label, rule: 'search:no-results', detail: 'no result appeared within 15 s for a word from the site’s hot words' });
        const found = await axeFailures(page, label);
        violations += found.length;
        failures.push(...found, ...(await cspViolations(page, label)));
      }
      failures.push(...recorder.problems);
      searchPagefind = [...recorder.loaded].filter((p) => p.startsWith('/pagefind/')).sort();
    }
    await desktop.close();

    // Elder mode on a phone: set before any script runs, as a returning visitor would have it.
    const elderPages = onePerType(paths);
    const elder = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', hasTouch: true });
    await elder.addInitScript((key) => window.localStorage.setItem(key, 'on'), ELDER_MODE_KEY);
    const elderState = { current: '', recorder: { problems: [], loaded: new Set<string>() } as Recorder };
    const elderPage = await instrument(elder, origin, elderState);
    for (const path of elderPages) {
      const label = `${path} (elder mode)`;
      const { ok, recorder } = await visit(elderPage, origin, path, elderState, label);
      if (ok) {
        const on = await elderPage.evaluate(() => document.documentElement.classList.contains('elder-mode'));
        if (!on) failures.push({ page: label, rule: 'elder-mode', detail: 'the stored choice did not switch elder mode on' });
        const found = await axeFailures(elderPage, label);
        violations += found.length;
        failures.push(...found, ...(await cspViolations(elderPage, label)));
      }
      failures.push(...recorder.problems);
    }
    await elder.close();

    // Without JavaScript (GOV.UK's rule): every page shows its heading and its content.
    const noScript = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', javaScriptEnabled: false });
    const plain = await noScript.newPage();
    for (const path of paths) {
      const label = `${path} (no JavaScript)`;
      try {
        const response = await plain.goto(`${origin}${path}`, { waitUntil: 'load', timeout: 30_000 });
        if (!response || response.status() !== 200) continue; // already reported by the first pass
        const shown = await plain.evaluate(() => {
          const main = document.querySelector('main');
          const h1 = main?.querySelector('h1');
          const visible = (el: Element | null | undefined) => !!el && (el as HTMLElement).offsetParent !== null && (el as HTMLElement).innerText.trim() !== '';
          const text = (main as HTMLElement | null)?.innerText.replace(/\s+/g, '') ?? '';
          const heading = (h1 as HTMLElement | null | undefined)?.innerText.replace(/\s+/g, '') ?? '';
          return { main: !!main, h1: visible(h1), extra: text.length - heading.length };
        });
        if (!shown.main) failures.push({ page: label, rule: 'no-js:no-main', detail: 'no <main> element' });
        else if (!shown.h1) failures.push({ page: label, rule: 'no-js:heading-hidden', detail: 'the page heading (main h1) is not visible without JavaScript' });
        else if (shown.extra < NO_JS_MIN_CHARACTERS) failures.push({ page: label, rule: 'no-js:content-hidden', detail: `only ${shown.extra} characters besides the heading are visible without JavaScript` });
      } catch (e) {
        failures.push({ page: label, rule: 'page-unreachable', detail: (e as Error).message.split('\n')[0] ?? String(e) });
      }
    }
    await noScript.close();
    return { failures, pages: paths.length, elderPages, noScriptPages: paths.length, violations, loaded, searchPagefind, searchQuery: options.searchQuery };
  } finally {
    await browser.close();
  }
}
