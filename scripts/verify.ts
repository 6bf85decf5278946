/**
 * `npm run verify`: proves the quality of every page of the sample site.
 *
 * Builds the site once (own output directory, GONGKAI_NOW fixed like the
 * tests), serves it with the local static server (the headers and CSP of
 * security-headers.ts, as on Netlify) and checks every page: sitemap, served headers, axe in Chromium
 * with the CSP on (and elder mode on a phone for one page of each type), HTML
 * validity (W3C Nu validator, once over the build), links, empty lists and
 * columns, gzip size budgets, Lighthouse on six pages, and personal data in
 * the output. Ends with one Markdown summary table and every failure as
 * "page — rule — detail"; exits 1 when anything failed.
 *
 * Environment: GONGKAI_VERIFY_DIR (work directory, default <tmp>/gongkai-verify),
 * GONGKAI_CONTENT_ROOT (another content tree, as for the build).
 * Options: --reuse-build (keep the last build of the work directory),
 *          --skip=lighthouse,html,… (local runs only: skipped checks are listed and the run does not pass).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSiteConfig } from '../src/config/site.ts';
import { startStaticServer } from '../src/server/static-server.ts';
import { findEmptyColumns } from '../src/lib/empty-columns.ts';
import { BUDGETS, checkBudgets, formatKb, SEARCH_PAGE, weightsByType } from '../src/lib/size-budget.ts';
import { count, failureList, markdownTable, notRun, result, summaryTable, warningList, type CheckResult, type VerifyFailure } from '../src/lib/verify-report.ts';
import { buildSite, checkSitemap, readPath, readSiteDir, VERIFY_NOW, type Site } from './verify/site.ts';
import { checkHeaders } from './verify/headers.ts';
import { checkInBrowser, type BrowserCheckResult } from './verify/browser.ts';
import { validateHtml, validatorUnavailable } from './verify/html-validity.ts';
import { checkLinks } from './verify/links.ts';
import { measurePages } from './verify/budgets.ts';
import { LIGHTHOUSE_CATEGORIES, lighthousePages, MIN_SCORE, runLighthouse, type LighthouseRow } from './verify/lighthouse.ts';
import { scanForPersonalData } from './verify/personal-data.ts';
import { localFunctions } from './verify/functions.ts';

const CHECKS = ['sitemap', 'headers', 'axe', 'html', 'links', 'empty', 'budgets', 'lighthouse', 'personal-data'] as const;
type CheckId = (typeof CHECKS)[number];

const projectRoot = resolve(fileURLToPath(import.meta.url), '../..');
const contentRoot = resolve(process.env.GONGKAI_CONTENT_ROOT ?? projectRoot);
const workDir = resolve(process.env.GONGKAI_VERIFY_DIR ?? join(tmpdir(), 'gongkai-verify'));
const siteDir = join(workDir, 'site');
const args = process.argv.slice(2);
const reuseBuild = args.includes('--reuse-build');
const skipped = new Set(
  args
    .filter((a) => a.startsWith('--skip='))
    .flatMap((a) => a.slice('--skip='.length).split(','))
    .filter(Boolean),
);
for (const s of skipped) {
  if (!(CHECKS as readonly string[]).includes(s)) {
    console.error(`Unknown check in --skip: ${s} (checks: ${CHECKS.join(', ')})`);
    process.exit(2);
  }
}
const runs = (check: CheckId) => !skipped.has(check);

const log = (line: string) => console.log(line);
const seconds = (since: number) => (performance.now() - since) / 1000;
const results: CheckResult[] = [];

async function timed<T>(name: string, work: () => Promise<T> | T): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  log(`==> ${name}`);
  const value = await work();
  const s = seconds(started);
  log(`==> ${name}: ${s.toFixed(1)} s`);
  return { value, seconds: s };
}

/** A check that throws is a failed check with the reason, and the run goes on. */
async function guarded(check: string, work: () => Promise<CheckResult>): Promise<CheckResult> {
  const started = performance.now();
  try {
    return await work();
  } catch (e) {
    const message = (e as Error).message ?? String(e);
    log(`  ${check} could not run: ${message}`);
    return notRun(check, message.split('\n')[0]!.slice(0, 300), seconds(started));
  }
}

const started = performance.now();
const siteConfig = loadSiteConfig(contentRoot);
mkdirSync(workDir, { recursive: true });

// 1. Build once.
let buildSeconds = 0;
if (reuseBuild && existsSync(join(siteDir, 'index.html'))) {
  log(`==> build: reusing ${siteDir}`);
} else {
  buildSeconds = (await timed(`build (GONGKAI_NOW=${VERIFY_NOW}) → ${siteDir}`, () => buildSite(projectRoot, siteDir, join(workDir, 'astro-cache'), log))).seconds;
}
const site: Site = readSiteDir(siteDir, siteConfig.url);
log(`  ${count(site.pages.length)} HTML pages, ${count(site.files.length)} files`);

const functions = await localFunctions(projectRoot, siteDir, join(workDir, 'data'), VERIFY_NOW);
const server = await startStaticServer({ root: siteDir, ...(functions ? { functions } : {}) });
const origin = server.url;
log(`==> serving ${siteDir} at ${origin}${functions ? ' with the pages answered on request' : ' (static files only: no src/server/local-functions.ts)'}`);

try {
  // The validator is slow to start and runs on its own CPU: start it first, collect it later.
  const validatorProblem = runs('html') ? validatorUnavailable(projectRoot) : undefined;
  const htmlStarted = performance.now();
  const htmlRun =
    runs('html') && !validatorProblem
      ? validateHtml(projectRoot, siteDir, site.files.filter((f) => /\.(html?|css|svg)$/i.test(f)).length).then(
          (value) => ({ value, seconds: seconds(htmlStarted) }),
          (error: unknown) => ({ error: error as Error, seconds: seconds(htmlStarted) }),
        )
      : undefined;
  if (htmlRun) log('==> HTML validity: vnu.jar started in the background');

  // 2. Sitemap: what the checks below cover.
  let sitemap: ReturnType<typeof checkSitemap> = { paths: [], failures: [], excluded: [] };
  if (runs('sitemap')) {
    results.push(
      await guarded('Sitemap', async () => {
        const t = await timed('sitemap', () => checkSitemap(site));
        sitemap = t.value;
        return result('Sitemap', site.pages.length, `${count(sitemap.paths.length)} URLs listed; not listed: ${sitemap.excluded.join(', ') || 'none'}`, t.seconds, sitemap.failures);
      }),
    );
  }
  // Every URL of the sitemap, and the built pages it rightly leaves out (404).
  const pages = [...new Set([...sitemap.paths, ...site.pages])].sort();

  // 3. Served headers.
  if (runs('headers')) {
    results.push(
      await guarded('Security headers', async () => {
        const t = await timed('headers', () => checkHeaders(origin, site));
        return result('Security headers', t.value.samples.length, `checked: ${t.value.samples.map((s) => `${s.kind} ${s.path}`).join(', ')}`, t.seconds, t.value.failures);
      }),
    );
  }

  // 4. Empty lists and columns (static, every page).
  if (runs('empty')) {
    results.push(
      await guarded('Empty lists / columns', async () => {
        const t = await timed('empty lists and columns', () => {
          const failures: VerifyFailure[] = [];
          for (const page of pages) {
            for (const f of findEmptyColumns(readPath(site, page))) failures.push({ page, rule: `empty:${f.rule}`, detail: `${f.element}: ${f.detail}` });
          }
          return failures;
        });
        return result('Empty lists / columns', pages.length, `${t.value.length} empty`, t.seconds, t.value);
      }),
    );
  }

  // 5. Personal data in the output.
  if (runs('personal-data')) {
    results.push(
      await guarded('Personal data', async () => {
        const t = await timed('personal data', () => scanForPersonalData(site, join(contentRoot, 'content')));
        return result('Personal data', t.value.files, `${count(t.value.files)} files scanned, ${t.value.declared} declared public contacts, ${t.value.failures.length} undeclared`, t.seconds, t.value.failures);
      }),
    );
  }

  // 6. Links (HTTP against the local server) while the validator works.
  if (runs('links')) {
    results.push(
      await guarded('Links', async () => {
        const t = await timed('links (linkinator)', () => checkLinks(origin, site, pages));
        const v = t.value;
        return result(
          'Links',
          pages.length,
          `${count(v.checked)} internal links, images, scripts, stylesheets, downloads and fragments; ${count(v.feedLinks)} addresses in ${v.feedFiles} feeds/data files; ${count(v.skippedExternal)} external not contacted`,
          t.seconds,
          v.failures,
          v.warnings,
        );
      }),
    );
  }

  // 7. axe with the CSP on, elder mode, the search page with a query.
  let browserRun: BrowserCheckResult | undefined;
  if (runs('axe')) {
    results.push(
      await guarded('Browser: axe, CSP, scripts, no-JS', async () => {
        const t = await timed(`Chromium: axe, CSP, script errors, elder mode, without JavaScript (${pages.length} pages)`, () => checkInBrowser(origin, pages, { searchQuery: siteConfig.hotWords[0], log }));
        browserRun = t.value;
        const v = t.value;
        return result(
          'Browser: axe, CSP, scripts, no-JS',
          v.pages,
          `${v.pages} pages + ${v.elderPages.length} in elder mode (phone)${v.searchQuery ? ` + search for “${v.searchQuery}”` : ''} + ${v.noScriptPages} without JavaScript; ${v.violations} axe violations; ${v.failures.length - v.violations} CSP/script/request/no-JS problems`,
          t.seconds,
          v.failures,
        );
      }),
    );
  }

  // 8. HTML validity: collect the validator.
  if (runs('html')) {
    if (validatorProblem) results.push(notRun('HTML validity (Nu)', validatorProblem));
    else if (htmlRun) {
      log('==> HTML validity: waiting for vnu.jar');
      const outcome = await htmlRun;
      if ('error' in outcome) results.push(notRun('HTML validity (Nu)', outcome.error.message.slice(0, 300), outcome.seconds));
      else {
        const v = outcome.value;
        log(`==> HTML validity: ${outcome.seconds.toFixed(1)} s`);
        results.push(result('HTML validity (Nu)', v.files, `${v.errors.length} errors, ${v.warningCount} warnings (HTML, CSS, SVG files)`, outcome.seconds, v.errors, v.warnings));
      }
    }
  }

  // 9. Size budgets.
  let budgetTable = '';
  if (runs('budgets')) {
    results.push(
      await guarded('Size budgets (gzip)', async () => {
        const t = await timed('size budgets', () => {
          const extra = new Map<string, string[]>();
          if (browserRun?.searchPagefind.length) extra.set(SEARCH_PAGE, browserRun.searchPagefind);
          return measurePages(site, pages, browserRun?.loaded ?? new Map(), extra);
        });
        const weights = t.value;
        const failures = checkBudgets(weights).map((f) => ({ page: f.page, rule: f.rule, detail: f.detail }));
        const rows = weightsByType(weights);
        budgetTable = markdownTable(
          ['Page type', 'Pages', 'HTML', 'CSS', 'JS', 'Pagefind', 'Largest page'],
          rows.map((r) => [r.type, r.pages, formatKb(r.html), formatKb(r.css), formatKb(r.js), r.pagefind ? formatKb(r.pagefind) : '—', r.largestPage]),
          ['l', 'r', 'r', 'r', 'r', 'r', 'l'],
        );
        const max = (key: 'css' | 'js' | 'html') => Math.max(0, ...weights.filter((w) => key !== 'js' || w.path !== SEARCH_PAGE).map((w) => w[key]));
        const home = weights.find((w) => w.path === '/');
        const search = weights.find((w) => w.path === SEARCH_PAGE);
        const figures = [
          `max CSS ${formatKb(max('css'))} (≤ ${formatKb(BUDGETS.css)})`,
          `max JS ${formatKb(max('js'))} (≤ ${formatKb(BUDGETS.js)}, search page excluded)`,
          home ? `home HTML ${formatKb(home.html)} (≤ ${formatKb(BUDGETS.homeHtml)})` : 'no home page',
          search ? `search page JS ${formatKb(search.js)} + Pagefind ${formatKb(search.pagefind)}` : '',
        ].filter(Boolean);
        return result('Size budgets (gzip)', weights.length, figures.join('; '), t.seconds, failures);
      }),
    );
  }

  // 10. Lighthouse on six pages, alone on the machine (the validator is done).
  let lighthouseTable = '';
  if (runs('lighthouse')) {
    results.push(
      await guarded('Lighthouse 12.2.3', async () => {
        const { pages: lhPages, missing } = lighthousePages(site);
        const t = await timed(`lighthouse (${lhPages.length} pages)`, () => runLighthouse(origin, lhPages, log));
        const rows: LighthouseRow[] = t.value.rows;
        const failures = [...t.value.failures, ...missing.map((m) => ({ page: '—', rule: 'lighthouse:page-missing', detail: `the site has no ${m} page to measure` }))];
        lighthouseTable = markdownTable(
          ['Page', 'Path', 'Performance', 'Accessibility', 'Best practices', 'SEO'],
          rows.map((r) => [r.label, r.path, ...LIGHTHOUSE_CATEGORIES.map((c) => r.scores[c] ?? '—')]),
          ['l', 'l', 'r', 'r', 'r', 'r'],
        );
        const lowest = (c: (typeof LIGHTHOUSE_CATEGORIES)[number]) => Math.min(...rows.map((r) => r.scores[c] ?? 0));
        const figures = rows.length ? `lowest: ${LIGHTHOUSE_CATEGORIES.map((c) => `${c} ${lowest(c)}`).join(', ')} (each ≥ ${MIN_SCORE})` : 'no page measured';
        const warnings = [...new Set(rows.flatMap((r) => r.warnings))];
        return result('Lighthouse 12.2.3', rows.length, figures, t.seconds, failures, warnings);
      }),
    );
  }

  for (const s of skipped) results.push({ check: `${s} (skipped)`, pages: 0, status: 'not run', figures: 'skipped with --skip', seconds: 0, failures: [], warnings: [] });

  // Report.
  const total = seconds(started);
  const allPassed = results.every((r) => r.status === 'pass') && skipped.size === 0;
  const report = [
    `## Verify: ${allPassed ? 'PASSED' : 'FAILED'} — ${count(pages.length)} pages, ${total.toFixed(0)} s${buildSeconds ? ` (build ${buildSeconds.toFixed(0)} s)` : ''}`,
    '',
    summaryTable(results),
    budgetTable ? `\n### Size per page type (gzip, largest page of each type)\n\n${budgetTable}` : '',
    lighthouseTable ? `\n### Lighthouse scores (mobile, simulated throttling)\n\n${lighthouseTable}` : '',
    '',
    failureList(results) || 'No failures.',
    '',
    warningList(results) ? `## Warnings (not failing)\n\n${warningList(results)}` : '',
  ]
    .filter((s) => s !== undefined)
    .join('\n');
  const reportFile = join(workDir, 'verify-report.md');
  writeFileSync(reportFile, `${report}\n`);
  log('');
  log(report);
  log('');
  log(`Report written to ${reportFile}`);
  process.exitCode = allPassed ? 0 : 1;
} finally {
  await server.close();
}
// The functions' local Blobs server would keep the process alive.
process.exit(process.exitCode ?? 0);
