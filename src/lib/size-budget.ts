/**
 * Size budgets of the published pages, in gzip bytes of what each page loads:
 * its HTML, the CSS and the JavaScript it references (modules included).
 * Pagefind's own files (the search page's index and engine) are counted apart.
 *
 * 1 kB = 1000 bytes: the stricter reading of the budgets.
 */

export const KB = 1000;

export const BUDGETS = {
  /** All stylesheets of a page together. */
  css: 12 * KB,
  /** All scripts of a page together, outside the search page. */
  js: 5 * KB,
  /** The home page's HTML. */
  homeHtml: 15 * KB,
} as const;

/** The page whose JavaScript budget does not apply (Pagefind is counted separately there). */
export const SEARCH_PAGE = '/search/';

export interface PageWeight {
  /** Site path, e.g. /consultations/x/. */
  path: string;
  /** gzip bytes. */
  html: number;
  css: number;
  /** The site's own JavaScript. */
  js: number;
  /** Pagefind's files the page loads (engine, index); 0 elsewhere. */
  pagefind: number;
}

export interface BudgetFailure {
  page: string;
  rule: 'budget-css' | 'budget-js' | 'budget-home-html';
  detail: string;
}

export const formatKb = (bytes: number) => `${(bytes / KB).toFixed(1)} kB`;

export function checkBudgets(pages: readonly PageWeight[]): BudgetFailure[] {
  const failures: BudgetFailure[] = [];
  for (const p of pages) {
    if (p.css > BUDGETS.css) failures.push({ page: p.path, rule: 'budget-css', detail: `CSS ${formatKb(p.css)} gzip > ${formatKb(BUDGETS.css)}` });
    if (p.path !== SEARCH_PAGE && p.js > BUDGETS.js) failures.push({ page: p.path, rule: 'budget-js', detail: `JS ${formatKb(p.js)} gzip > ${formatKb(BUDGETS.js)}` });
    if (p.path === '/' && p.html > BUDGETS.homeHtml) failures.push({ page: p.path, rule: 'budget-home-html', detail: `HTML ${formatKb(p.html)} gzip > ${formatKb(BUDGETS.homeHtml)}` });
  }
  return failures;
}

// Pages built from one template share a type: /consultations/x/ and
// /consultations/y/ are "/consultations/*/"; section pages (/consultations/) and
// the home page are each their own type; numbered pages of a list
// (/consultations/page/2/) are "/consultations/page/*/"; files such as
// /notices/cap/x.xml are "/notices/cap/*.xml".
export function pageTypeOf(path: string): string {
  const segments = path.split('/').filter(Boolean);
  if (segments.length <= 1) return path;
  const file = path.endsWith('/') ? '' : segments.pop()!;
  if (file) return `/${segments.join('/')}/*${file.slice(file.lastIndexOf('.'))}`;
  segments[segments.length - 1] = '*';
  return `/${segments.join('/')}/`;
}

export interface PageTypeRow {
  type: string;
  pages: number;
  /** Largest of each figure over the pages of the type, and the page it was measured on. */
  html: number;
  css: number;
  js: number;
  pagefind: number;
  largestPage: string;
}

/** One row per page type, largest figures, in path order. */
export function weightsByType(pages: readonly PageWeight[]): PageTypeRow[] {
  const rows = new Map<string, PageTypeRow>();
  const largestTotal = new Map<string, number>();
  for (const p of pages) {
    const type = pageTypeOf(p.path);
    const row = rows.get(type) ?? { type, pages: 0, html: 0, css: 0, js: 0, pagefind: 0, largestPage: p.path };
    const total = p.html + p.css + p.js + p.pagefind;
    row.pages++;
    if (total > (largestTotal.get(type) ?? -1)) {
      largestTotal.set(type, total);
      row.largestPage = p.path;
    }
    row.html = Math.max(row.html, p.html);
    row.css = Math.max(row.css, p.css);
    row.js = Math.max(row.js, p.js);
    row.pagefind = Math.max(row.pagefind, p.pagefind);
    rows.set(type, row);
  }
  return [...rows.values()].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}
