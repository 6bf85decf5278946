/** The sample site built by tests/setup/build-site.ts, and helpers to read it. */
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
