/**
 * Scale benchmark of the build (npm run bench:build):
 *
 *   node scripts/bench-build.ts [--items 2000] [--root <content root>] [--runs 1] [--keep]
 *
 * Generates a synthetic catalogue (scripts/gen-sample.ts) unless --root names
 * one, then builds, one after the other in this same command:
 *   1. plain — a bare Astro project over the same item files: one page per item
 *      with its title and rendered body, no layout, no checks (the floor);
 *   2. site  — this site over the same content root (GONGKAI_CONTENT_ROOT), with
 *      its content check, layout, catalogue trees, lists, open data and all.
 * and prints pages, seconds, pages/second and peak memory (resident memory of
 * the whole process tree, sampled every 100 ms) side by side with the ratio.
 * Both builds get their own output and cache folders; nothing in the project
 * changes. Search indexing (Pagefind) is not part of either measure.
 *
 * CPU time is shown split into user and system time: on a shared machine the
 * system part (page cache, memory reclaim) varies most from run to run. With
 * --runs N the two builds alternate N times (plain, site, plain, site …) and
 * the summary compares the medians; every run is printed as well.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CONTENT_PATHS } from '../src/build/content-paths.ts';
import { generateCatalogue, writeSample } from './gen-sample.ts';
import { measureChild } from './lib/measure-child.ts';

const PROJECT = resolve(import.meta.dirname, '..');
const ASTRO = join(PROJECT, 'node_modules/astro/bin/astro.mjs');
const NOW = '2026-11-28T10:00:00+08:00';

export interface BuildMeasure {
  name: string;
  pages: number;
  /** Wall-clock seconds. */
  seconds: number;
  /** User + system CPU seconds of the build and its children: steadier than wall time on a shared machine. */
  cpuSeconds: number;
  userSeconds: number;
  systemSeconds: number;
  peakMiB: number;
}

/** GNU time, for the CPU time of the build and everything it waits for. */
const TIME = '/usr/bin/time';

function countPages(dir: string): number {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) if (entry.isFile() && entry.name.endsWith('.html')) n++;
  return n;
}

async function runBuild(name: string, projectRoot: string, cwd: string, outDir: string, env: Record<string, string>, cacheDir: string): Promise<BuildMeasure> {
  // Cold builds, both of them: no output and no content cache from an earlier run.
  rmSync(outDir, { recursive: true, force: true });
  rmSync(cacheDir, { recursive: true, force: true });
  const timeFile = join(tmpdir(), `gongkai-bench-time-${process.pid}-${name}`);
  const useTime = existsSync(TIME);
  const command = useTime ? TIME : process.execPath;
  // Astro keeps a build's server chunks in <cwd>/.astro/.prerender when the output folder lies outside the
  // working directory, so builds started from one checkout collide; run from the benchmark's own folder.
  const args = [...(useTime ? ['-f', '%U %S', '-o', timeFile, process.execPath] : []), ASTRO, 'build', '--silent', '--root', projectRoot];
  const { seconds, peakMiB } = await measureChild(command, args, { cwd, env, label: `${name} build` });
  let userSeconds = Number.NaN;
  let systemSeconds = Number.NaN;
  if (useTime) {
    const [user, system] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
    userSeconds = user ?? Number.NaN;
    systemSeconds = system ?? Number.NaN;
    rmSync(timeFile, { force: true });
  }
  return { name, pages: countPages(outDir), seconds, cpuSeconds: userSeconds + systemSeconds, userSeconds, systemSeconds, peakMiB };
}

/** A bare Astro project rendering the same Markdown files: one page each, no layout. */
export function writePlainProject(dir: string, itemsDir: string, outDir: string) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src/pages'), { recursive: true });
  symlinkSync(join(PROJECT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'plain-bench', private: true, type: 'module' }));
  writeFileSync(
    join(dir, 'astro.config.mjs'),
    `import { defineConfig } from 'astro/config';\nexport default defineConfig({ outDir: ${JSON.stringify(outDir)}, cacheDir: ${JSON.stringify(join(dir, '.cache'))}, trailingSlash: 'always', build: { format: 'directory' }, devToolbar: { enabled: false } });\n`,
  );
  writeFileSync(
    join(dir, 'src/content.config.ts'),
    `import { defineCollection } from 'astro:content';\nimport { glob } from 'astro/loaders';\nexport const collections = {\n  items: defineCollection({ loader: glob({ pattern: ['*.md', '!_*'], base: ${JSON.stringify(itemsDir)}, generateId: ({ entry }) => entry.replace(/\\.md$/, ''), retainBody: false }) }),\n};\n`,
  );
  writeFileSync(
    join(dir, 'src/pages/[id].astro'),
    `---\nimport { getCollection, render } from 'astro:content';\nexport async function getStaticPaths() {\n  return (await getCollection('items')).map((entry) => ({ params: { id: entry.id }, props: { entry } }));\n}\nconst { entry } = Astro.props;\nconst { Content } = await render(entry);\n---\n<html lang="zh-CN"><head><meta charset="utf-8" /><title>{entry.data.title}</title></head><body><h1>{entry.data.title}</h1><Content /></body></html>\n`,
  );
}

function row(cells: (string | number)[], widths: number[]): string {
  return cells.map((c, i) => String(c).padStart(widths[i] ?? 8)).join('  ');
}

export function formatReport(items: number, plain: BuildMeasure, site: BuildMeasure, heading = `Build benchmark over ${items} catalogue items (machine shared: compare within one run; CPU time is the steadier measure)`): string {
  const widths = [6, 7, 8, 8, 8, 8, 9, 9];
  const line = (m: BuildMeasure) =>
    row(
      [m.name, m.pages, m.seconds.toFixed(1), m.cpuSeconds.toFixed(1), m.userSeconds.toFixed(1), m.systemSeconds.toFixed(1), (m.pages / m.seconds).toFixed(0), m.peakMiB.toFixed(0)],
      widths,
    );
  return [
    heading,
    row(['build', 'pages', 'wall s', 'CPU s', 'user s', 'sys s', 'pages/s', 'peak MiB'], widths),
    line(plain),
    line(site),
    `site / plain: ${(site.seconds / plain.seconds).toFixed(2)}× wall time, ${(site.cpuSeconds / plain.cpuSeconds).toFixed(2)}× CPU time (target ≤ 1.20×), ` +
      `${(site.peakMiB / plain.peakMiB).toFixed(2)}× peak memory, for ${(site.pages / plain.pages).toFixed(2)}× the pages`,
  ].join('\n');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The median of each figure over several runs of one build. */
export function medianMeasure(runs: readonly BuildMeasure[]): BuildMeasure {
  const of = (pick: (m: BuildMeasure) => number) => median(runs.map(pick));
  return {
    name: runs[0]?.name ?? '',
    pages: of((m) => m.pages),
    seconds: of((m) => m.seconds),
    cpuSeconds: of((m) => m.cpuSeconds),
    userSeconds: of((m) => m.userSeconds),
    systemSeconds: of((m) => m.systemSeconds),
    peakMiB: of((m) => m.peakMiB),
  };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { items: { type: 'string', default: '2000' }, root: { type: 'string' }, runs: { type: 'string', default: '1' }, keep: { type: 'boolean', default: false } },
  });
  const items = Number(values.items);
  if (!Number.isInteger(items) || items < 1) throw new Error('--items must be a positive whole number');
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive whole number');
  const work = join(tmpdir(), `gongkai-bench-${items}`);
  mkdirSync(work, { recursive: true });
  // Builds run from here and keep their server chunks below here: they must find the packages.
  if (!existsSync(join(work, 'node_modules'))) symlinkSync(join(PROJECT, 'node_modules'), join(work, 'node_modules'), 'dir');
  const root = values.root ? resolve(values.root) : join(work, 'content-root');
  if (!values.root) {
    const t = Date.now();
    writeSample(root, generateCatalogue(items));
    console.log(`generated ${items} items in ${((Date.now() - t) / 1000).toFixed(1)} s → ${root}`);
  } else if (!existsSync(join(root, CONTENT_PATHS.catalogueItems))) {
    throw new Error(`No catalogue items under ${root}`);
  }
  const itemsDir = join(root, CONTENT_PATHS.catalogueItems);
  const count = readdirSync(itemsDir).filter((f) => f.endsWith('.md')).length;

  const plainDir = join(work, 'plain-project');
  writePlainProject(plainDir, itemsDir, join(work, 'plain-dist'));
  const plains: BuildMeasure[] = [];
  const sites: BuildMeasure[] = [];
  for (let run = 1; run <= runs; run++) {
    const plain = await runBuild('plain', plainDir, work, join(work, 'plain-dist'), {}, join(plainDir, '.cache'));
    const site = await runBuild('site', PROJECT, work, join(work, 'site-dist'), {
      GONGKAI_CONTENT_ROOT: root,
      GONGKAI_OUT_DIR: join(work, 'site-dist'),
      GONGKAI_CACHE_DIR: join(work, 'site-cache'),
      GONGKAI_NOW: NOW,
      // Search indexing is measured on its own (scripts/bench-search.ts).
      GONGKAI_SKIP_SEARCH: '1',
    }, join(work, 'site-cache'));
    plains.push(plain);
    sites.push(site);
    console.log(runs === 1 ? formatReport(count, plain, site) : formatReport(count, plain, site, `Run ${run} of ${runs}, ${count} catalogue items`));
  }
  if (runs > 1) console.log(`\n${formatReport(count, medianMeasure(plains), medianMeasure(sites), `Median of ${runs} alternating runs over ${count} catalogue items (machine shared)`)}`);
  if (!values.keep) {
    for (const d of ['plain-dist', 'site-dist', 'plain-project', 'site-cache']) rmSync(join(work, d), { recursive: true, force: true });
    if (!values.root) rmSync(root, { recursive: true, force: true });
  } else {
    console.log(`kept: ${work}`);
  }
}
