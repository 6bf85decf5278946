/**
 * Lighthouse (12.2.3, pinned) on six pages of different types, in Debian's
 * Chromium started here with remote debugging and no network beyond the local
 * server. Mobile form factor with simulated throttling (Lighthouse's default).
 * Performance, accessibility, best practices and SEO must each score ≥ 95.
 * A page scoring lower on its first run is run twice more and judged on the
 * median (Lighthouse's advice: single runs vary, most of all on a slow CPU).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tests/helpers/browser.ts';
import type { VerifyFailure } from '../../src/lib/verify-report.ts';
import { OFFLINE_ARGS } from './browser.ts';
import { readPath, type Site } from './site.ts';

export const LIGHTHOUSE_CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export const MIN_SCORE = 95;

export interface LighthousePage {
  label: string;
  path: string;
}

export interface LighthouseRow extends LighthousePage {
  /** 0–100 per category; null when Lighthouse could not score it. */
  scores: Record<(typeof LIGHTHOUSE_CATEGORIES)[number], number | null>;
  /** 1, or RUNS_WHEN_LOW when the first run scored low (scores are then medians). */
  runs: number;
  /** Audits below full marks in a failing category: why the score is low. */
  weakAudits: string[];
  warnings: string[];
}

/** The six pages: home, a consultation, a catalogue item, a water body, a warning, the search page. */
export function lighthousePages(site: Site): { pages: LighthousePage[]; missing: string[] } {
  const first = (pattern: RegExp) => site.pages.find((p) => pattern.test(p));
  const warningList = site.pages.includes('/notices/kind/warning/') ? readPath(site, '/notices/kind/warning/') : '';
  const warning = /href="(\/notices\/[^/"]+\/)"/.exec(warningList.slice(warningList.indexOf('<main')))?.[1];
  const wanted: [string, string | undefined][] = [
    ['home', first(/^\/$/)],
    ['consultation', first(/^\/consultations\/(?!page\/|status\/)[^/]+\/$/)],
    ['catalogue item', first(/^\/disclosure\/items\/[^/]+\/$/)],
    ['water body', first(/^\/remediation\/water-bodies\/[^/]+\/$/)],
    ['warning', warning && site.pages.includes(warning) ? warning : undefined],
    ['search', first(/^\/search\/$/)],
  ];
  return {
    pages: wanted.filter((w): w is [string, string] => w[1] !== undefined).map(([label, path]) => ({ label, path })),
    missing: wanted.filter((w) => w[1] === undefined).map(([label]) => label),
  };
}

async function startChromium(): Promise<{ port: number; child: ChildProcess; profile: string }> {
  const profile = mkdtempSync(join(tmpdir(), 'gongkai-lighthouse-'));
  const child = spawn(CHROMIUM_PATH, [...CHROMIUM_ARGS, ...OFFLINE_ARGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  const port = await new Promise<number>((done, fail) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`Chromium did not open a debugging port within 30 s: ${seen.slice(-500)}`)), 30_000);
    child.stderr!.on('data', (c: Buffer) => {
      seen += c.toString('utf8');
      const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(seen);
      if (m) {
        clearTimeout(timer);
        done(Number(m[1]));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`Chromium exited (${code}) before opening a debugging port: ${seen.slice(-500)}`));
    });
  });
  return { port, child, profile };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  // Detached: the whole group this script started (browser, renderers, GPU process).
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

/**
 * Stops Chromium and removes its profile. The profile is removed only after the
 * browser has exited (it keeps writing to it while shutting down, which made the
 * removal fail with ENOTEMPTY), and removal retries briefly for late writers.
 */
async function stopChromium(child: ChildProcess, profile: string): Promise<void> {
  const exited = child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((done) => child.once('exit', () => done()));
  signalGroup(child, 'SIGTERM');
  const killTimer = setTimeout(() => signalGroup(child, 'SIGKILL'), 5_000);
  await exited;
  clearTimeout(killTimer);
  rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
}

/** Runs on a page whose first run scores below the minimum: Lighthouse's own advice against its run-to-run variance. */
export const RUNS_WHEN_LOW = 3;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

type Lhr = NonNullable<Awaited<ReturnType<typeof import('lighthouse').default>>>['lhr'];

function scoresOf(lhr: Lhr): LighthouseRow['scores'] {
  return Object.fromEntries(
    LIGHTHOUSE_CATEGORIES.map((c) => {
      const score = lhr.categories[c]?.score;
      return [c, typeof score === 'number' ? Math.round(score * 100) : null];
    }),
  ) as LighthouseRow['scores'];
}

export async function runLighthouse(origin: string, pages: readonly LighthousePage[], log: (line: string) => void): Promise<{ rows: LighthouseRow[]; failures: VerifyFailure[] }> {
  const { default: lighthouse } = await import('lighthouse');
  const { port, child, profile } = await startChromium();
  const rows: LighthouseRow[] = [];
  const failures: VerifyFailure[] = [];
  const runOnce = async (path: string): Promise<Lhr | undefined> =>
    (
      await lighthouse(`${origin}${path}`, {
        port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: [...LIGHTHOUSE_CATEGORIES],
        disableFullPageScreenshot: true,
        maxWaitForLoad: 45_000,
      })
    )?.lhr;
  try {
    for (const page of pages) {
      const started = Date.now();
      const runs: Lhr[] = [];
      const first = await runOnce(page.path);
      if (!first) {
        failures.push({ page: page.path, rule: 'lighthouse:no-result', detail: `Lighthouse returned nothing for the ${page.label} page` });
        continue;
      }
      runs.push(first);
      const low = (lhr: Lhr) => LIGHTHOUSE_CATEGORIES.some((c) => (scoresOf(lhr)[c] ?? 0) < MIN_SCORE);
      if (low(first) && !first.runtimeError) {
        while (runs.length < RUNS_WHEN_LOW) {
          const again = await runOnce(page.path);
          if (again) runs.push(again);
          else break;
        }
      }
      const all = runs.map(scoresOf);
      const scores = Object.fromEntries(
        LIGHTHOUSE_CATEGORIES.map((c) => {
          const values = all.map((s) => s[c]).filter((v): v is number => v !== null);
          return [c, values.length === all.length ? median(values) : null];
        }),
      ) as LighthouseRow['scores'];
      // The run whose performance is the median stands for the page's audits.
      const lhr = runs.find((r) => scoresOf(r).performance === scores.performance) ?? first;
      if (lhr.runtimeError) failures.push({ page: page.path, rule: 'lighthouse:runtime-error', detail: `${lhr.runtimeError.code}: ${lhr.runtimeError.message}` });
      const weakAudits: string[] = [];
      for (const category of LIGHTHOUSE_CATEGORIES) {
        const score = scores[category];
        if (score !== null && score >= MIN_SCORE) continue;
        const weak = (lhr.categories[category]?.auditRefs ?? [])
          .filter((ref) => ref.weight > 0)
          .map((ref) => lhr.audits[ref.id])
          .filter((a): a is NonNullable<typeof a> => a !== undefined && typeof a.score === 'number' && a.score < 1)
          .map((a) => `${a.id} ${Math.round((a.score ?? 0) * 100)}${a.displayValue ? ` (${a.displayValue})` : ''}`);
        weakAudits.push(...weak.map((w) => `${category}: ${w}`));
        const perRun = runs.length > 1 ? ` (median of ${runs.length} runs: ${all.map((s) => s[category] ?? '—').join(', ')})` : '';
        failures.push({
          page: page.path,
          rule: `lighthouse:${category}`,
          detail: `${page.label} page scores ${score ?? 'no score'}${perRun} (< ${MIN_SCORE})${weak.length ? `; below full marks: ${weak.join(', ')}` : ''}`,
        });
      }
      rows.push({ ...page, scores, runs: runs.length, weakAudits, warnings: [...new Set(runs.flatMap((r) => r.runWarnings ?? []))] });
      const perRun = runs.length > 1 ? ` — median of ${runs.length} runs, performance ${all.map((s) => s.performance ?? '—').join('/')}` : '';
      log(`  lighthouse ${page.label} ${page.path}: ${LIGHTHOUSE_CATEGORIES.map((c) => `${c} ${scores[c] ?? '—'}`).join(', ')}${perRun} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
  } finally {
    await stopChromium(child, profile);
  }
  return { rows, failures };
}
