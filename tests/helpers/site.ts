/** The sample site built by tests/setup/build-site.ts, and helpers to read it. */
import { spawnSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, type HTMLElement } from 'node-html-parser';

/** GONGKAI_TEST_SITE_DIR moves it, so that test runs in parallel checkouts or sessions do not rebuild each other's site. */
export const SITE_DIR = process.env.GONGKAI_TEST_SITE_DIR ? resolve(process.env.GONGKAI_TEST_SITE_DIR) : resolve(import.meta.dirname, '../.tmp/site');
/** "Now" for the sample build: fixed, so results do not depend on the day tests run. */
export const BUILD_NOW = '2026-11-28T10:00:00+08:00';

/** File of a site path: `/consultations/x/` → …/consultations/x/index.html. */
export function sitePath(urlPath: string): string {
  const clean = decodeURI(urlPath.split(/[?#]/)[0] ?? '/');
  return clean.endsWith('/') ? join(SITE_DIR, clean, 'index.html') : join(SITE_DIR, clean);
}

export function siteHas(urlPath: string): boolean {
  return existsSync(sitePath(urlPath));
}

export function readSite(urlPath: string): string {
  return readFileSync(sitePath(urlPath), 'utf8');
}

export function readPage(urlPath: string): HTMLElement {
  return parse(readSite(urlPath));
}

/** Visible text with whitespace folded, for assertions on wording. */
export function textOf(el: HTMLElement | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * Builds the site of another content tree (GONGKAI_CONTENT_ROOT) into `out`, at BUILD_NOW, with its own
 * content cache; `env` adds settings. Returns the exit status and the build's output.
 */
export function buildContentTree(contentRoot: string, out: string, env: Record<string, string> = {}): { status: number | null; output: string } {
  const inherited = { ...process.env };
  // A Blobs server this process started (local functions) cannot answer while spawnSync blocks it: the build
  // reads its own local store instead.
  delete inherited.NETLIFY_BLOBS_CONTEXT;
  const build = spawnSync('npx', ['astro', 'build', '--silent'], {
    cwd: resolve(import.meta.dirname, '../..'),
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...inherited, GONGKAI_CONTENT_ROOT: contentRoot, GONGKAI_OUT_DIR: out, GONGKAI_CACHE_DIR: `${out}-cache`, GONGKAI_NOW: BUILD_NOW, ASTRO_TELEMETRY_DISABLED: '1', ...env },
  });
  return { status: build.status, output: `${build.stdout}\n${build.stderr}` };
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}
