/**
 * Browser harness for tests/browser/*: Debian's Chromium driven by playwright-core
 * (never a downloaded browser), the built sample site served by the project's own
 * static server, and axe-core checks against WCAG 2.2 AA.
 *
 * Use one browser per test file (browserSession(): launched in beforeAll, closed in
 * afterAll) and reuse one page for sequential checks: the test machines have 2 cores.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startStaticServer, type FunctionsHandler, type StaticServer } from '../../src/server/static-server.ts';
import { SITE_DIR } from './site.ts';
import { CHROMIUM_PATH } from '../../scripts/lib/debian-chromium.ts';

export { CHROMIUM_PATH };

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}. Install Debian's package as root: apt-get install chromium (npm test does it itself when it runs as root; the tests never download a browser).`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * A page in its own browser context; close it with `page.context().close()`.
 * axe needs the context (it opens a helper page there), so do not use browser.newPage().
 */
export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext(options);
  return context.newPage();
}

/**
 * Serves the sample site built by tests/setup/build-site.ts on 127.0.0.1 (any free port).
 * `functions` answers the pages built to be answered on request (builtOnDemandPages in tests/helpers/on-demand.ts).
 */
export async function serveSite(options: { functions?: FunctionsHandler } = {}): Promise<StaticServer> {
  if (!existsSync(join(SITE_DIR, 'index.html'))) {
    throw new Error(`The sample site is not built at ${SITE_DIR}. Run the tests through vitest (its global setup builds it), not with GONGKAI_TEST_BUILD=0.`);
  }
  return startStaticServer({ root: SITE_DIR, ...(options.functions ? { functions: options.functions } : {}) });
}

/** Chromium and the served sample site, shared by the tests of one file. */
export interface BrowserSession {
  readonly browser: Browser;
  readonly server: StaticServer;
}

/**
 * Launches Chromium and serves the sample site before the tests of the calling file
 * (beforeAll) and closes both after them (afterAll). Call it at the top of the file; read
 * `browser` and `server` inside tests and helpers they call, once beforeAll has run.
 */
export function browserSession(): BrowserSession {
  let browser: Browser | undefined;
  let server: StaticServer | undefined;
  beforeAll(async () => {
    // Each is kept as soon as it is up, so that afterAll closes it even when the other fails to start.
    await Promise.all([launchBrowser().then((b) => (browser = b)), serveSite().then((s) => (server = s))]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close()]);
  });
  const started = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`The ${name} is not started: read it inside a test, after browserSession()'s beforeAll has run.`);
    return value;
  };
  return {
    get browser() {
      return started(browser, 'browser');
    },
    get server() {
      return started(server, 'site server');
    },
  };
}

/**
 * What goes wrong in the page's scripts from now on: uncaught errors ("pageerror: …") and
 * console errors ("console: …", where Chromium also reports CSP refusals). Expect it empty.
 */
export function collectPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return problems;
}

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus axe's best practices. */
export const A11Y_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export interface A11yViolation {
  /** Path of the page (with query), e.g. /consultations/. */
  page: string;
  rule: string;
  impact: string;
  help: string;
  helpUrl: string;
  /** One CSS selector per offending element (frames joined with " >>> "). */
  targets: string[];
  /** Printable form: page, rule, impact, help, then one line per element. */
  text: string;
}

/** Runs axe on the page as it is now. Returns the violations, empty when there are none. */
export async function checkA11y(page: Page, options: { exclude?: string[] } = {}): Promise<A11yViolation[]> {
  // Legacy mode runs axe.run in the page itself; the default mode opens an extra page per
  // analysis to combine frame results, about twice as slow, and the site uses no frames.
  let builder = new AxeBuilder({ page }).withTags(A11Y_TAGS).setLegacyMode(true).options({ resultTypes: ['violations'] });
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const results = await builder.analyze();
  const url = new URL(page.url());
  const path = `${url.pathname}${url.search}`;
  return results.violations.map((v) => {
    const targets = v.nodes.map((n) => n.target.map((t) => (Array.isArray(t) ? t.join(' ') : String(t))).join(' >>> '));
    const impact = v.impact ?? 'unknown';
    const lines = v.nodes.map((n, i) => {
      const why = (n.failureSummary ?? '').split('\n').slice(1).map((l) => l.trim()).filter(Boolean).join('; ');
      return `    ${targets[i]}${why ? ` — ${why}` : ''}`;
    });
    return { page: path, rule: v.id, impact, help: v.help, helpUrl: v.helpUrl, targets, text: `${path} ${v.id} (${impact}): ${v.help}\n${lines.join('\n')}` };
  });
}

export function formatViolations(violations: readonly A11yViolation[]): string {
  return violations.map((v) => v.text).join('\n');
}

/** Every HTML page of a built site as URL paths: directory indexes as `/x/`, plus /404.html. */
export function sitePages(files: readonly string[]): string[] {
  return files
    .filter((f) => f.endsWith('/index.html') || f === 'index.html' || f === '404.html')
    .map((f) => (f === '404.html' ? '/404.html' : `/${f.slice(0, -'index.html'.length)}`))
    .sort();
}

/**
 * At most `perRoute` pages of each route (pages that differ only in their last path
 * segment, e.g. /consultations/<id>/), spread evenly from first to last. Pages built from
 * one template share their markup; this keeps browser checks fast as content grows.
 */
export function samplePerRoute(paths: readonly string[], perRoute: number): string[] {
  const groups = new Map<string, string[]>();
  for (const path of paths) {
    // Section pages (/consultations/) are each their own route; deeper pages group by parent.
    const key = /^\/[^/]+\/[^/]+\//.test(path) ? path.replace(/[^/]+\/$/, '*/') : path;
    groups.set(key, [...(groups.get(key) ?? []), path]);
  }
  const picked: string[] = [];
  for (const members of groups.values()) {
    if (members.length <= perRoute) picked.push(...members);
    else for (let i = 0; i < perRoute; i++) picked.push(members[perRoute === 1 ? 0 : Math.round((i * (members.length - 1)) / (perRoute - 1))]!);
  }
  return [...new Set(picked)].sort();
}
