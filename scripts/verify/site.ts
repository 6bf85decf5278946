/**
 * The site under verification: built once into its own directory with a fixed
 * "now", its files, its pages, and the sitemap check.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isErrorPage, isNoindex, pagePathOfFile, readSitemap, SITEMAP_PATH } from '../../src/lib/sitemap.ts';
import type { VerifyFailure } from '../../src/lib/verify-report.ts';

/** The same "now" as the tests' sample build (tests/helpers/site.ts), so results are reproducible. */
export const VERIFY_NOW = '2026-11-28T10:00:00+08:00';

export interface Site {
  dir: string;
  /** The production address from content/site.yaml, e.g. https://gongkai.example.gov.cn. */
  siteUrl: string;
  /** Every file, relative, with `/` separators. */
  files: string[];
  /** Every HTML page as a site path (/, /consultations/, /404.html), sorted. */
  pages: string[];
}

export async function buildSite(projectRoot: string, outDir: string, cacheDir: string, log: (line: string) => void): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  const astro = resolve(projectRoot, 'node_modules/astro/bin/astro.mjs');
  const child = spawn(process.execPath, [astro, 'build', '--silent'], {
    cwd: projectRoot,
    env: { ...process.env, GONGKAI_NOW: VERIFY_NOW, GONGKAI_OUT_DIR: outDir, GONGKAI_CACHE_DIR: cacheDir, ASTRO_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString('utf8');
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const code = await new Promise<number | null>((done) => child.on('close', done));
  // Astro 7 prints a harmless rolldown warning per .mdx file; everything else is shown.
  const shown = output.split('\n').filter((l) => l.trim() && !/MODULE_LEVEL_DIRECTIVE|use astro:head-inject/.test(l));
  for (const line of shown) log(`  ${line}`);
  if (code !== 0) throw new Error(`astro build failed (exit ${code})`);
}

export function readSiteDir(dir: string, siteUrl: string): Site {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => f.split('\\').join('/'))
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
  const pages = files.map(pagePathOfFile).filter((p): p is string => p !== undefined).sort();
  return { dir, siteUrl, files, pages };
}

/** The built file a site path is served from (directory index for paths ending in /). */
export function fileOfPath(site: Site, path: string): string {
  return join(site.dir, path.endsWith('/') ? `${path}index.html` : path);
}

export function readPath(site: Site, path: string): string {
  return readFileSync(fileOfPath(site, path), 'utf8');
}

/** Whether a site path resolves to a built file (as the static server and Netlify would serve it). */
export function pathExists(site: Site, path: string): boolean {
  const file = fileOfPath(site, path);
  if (existsSync(file) && statSync(file).isFile()) return true;
  // /x without a slash is redirected to /x/ when that directory has an index.
  return !path.endsWith('/') && existsSync(join(site.dir, path, 'index.html'));
}

/** Site path of an absolute address on the production site, or undefined for another site. */
export function productionPath(site: Site, url: string): string | undefined {
  const base = new URL(site.siteUrl);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.host !== base.host) return undefined;
  try {
    return decodeURIComponent(u.pathname);
  } catch {
    return u.pathname;
  }
}

/** Sitemap URLs (index parts followed), as site paths; failures for what is wrong with the sitemap itself. */
export function sitemapPaths(site: Site): { paths: string[]; failures: VerifyFailure[] } {
  const failures: VerifyFailure[] = [];
  const paths: string[] = [];
  if (!existsSync(fileOfPath(site, SITEMAP_PATH))) {
    return { paths, failures: [{ page: SITEMAP_PATH, rule: 'sitemap:missing', detail: 'the build wrote no /sitemap.xml' }] };
  }
  const queue = [SITEMAP_PATH];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!existsSync(fileOfPath(site, file))) {
      failures.push({ page: SITEMAP_PATH, rule: 'sitemap:missing-part', detail: `lists ${file}, which was not built` });
      continue;
    }
    const { type, locations } = readSitemap(readPath(site, file));
    for (const loc of locations) {
      const path = productionPath(site, loc);
      if (path === undefined) {
        failures.push({ page: file, rule: 'sitemap:foreign-url', detail: `${loc} is not on ${site.siteUrl}` });
      } else if (type === 'index') {
        queue.push(path);
      } else {
        paths.push(path);
      }
    }
  }
  return { paths, failures };
}

/**
 * The sitemap lists every built page that may be indexed (all but error pages
 * and noindex pages), and nothing else.
 */
export function checkSitemap(site: Site): { paths: string[]; failures: VerifyFailure[]; excluded: string[] } {
  const { paths, failures } = sitemapPaths(site);
  const listed = new Set(paths);
  const excluded: string[] = [];
  for (const page of site.pages) {
    const indexable = !isErrorPage(page) && !isNoindex(readPath(site, page));
    if (!indexable) excluded.push(page);
    if (indexable && !listed.has(page)) failures.push({ page, rule: 'sitemap:page-missing', detail: 'built page not listed in the sitemap' });
    if (!indexable && listed.has(page)) failures.push({ page, rule: 'sitemap:noindex-listed', detail: 'an error or noindex page is listed in the sitemap' });
  }
  const built = new Set(site.pages);
  for (const path of listed) {
    if (!built.has(path)) failures.push({ page: path, rule: 'sitemap:dangling', detail: 'listed in the sitemap but no such page was built' });
  }
  if (paths.length !== listed.size) failures.push({ page: SITEMAP_PATH, rule: 'sitemap:duplicate', detail: `${paths.length - listed.size} addresses listed twice` });
  return { paths: [...listed].sort(), failures, excluded };
}
