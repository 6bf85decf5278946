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

/**
 * Page types allowed more JavaScript than BUDGETS.js, each with its reason. This is a
 * known, open deviation from the 5 kB budget, not a new budget: verify prints every
 * page that uses it, and the exception should go once the scripts are small enough.
 * A consultation page recomputes its status, countdown and feedback clock from the
 * dates (so a stale build never shows a closed consultation as open), keeps the
 * alert banner true and, while open, enhances the comment form: 5.3 kB measured on
 * pages without the form, 7.1 kB with it (2026-11-28).
 */
export const JS_BUDGET_EXCEPTIONS: Readonly<Record<string, { limit: number; reason: string }>> = {
  '/consultations/*/': { limit: 7.5 * KB, reason: '征集页面：状态与倒计时的浏览器端校正、预警横幅和意见表单增强（超出 5 kB 预算，待精简）' },
};

/** The JavaScript limit of a page: the budget, or its page type's declared exception. */
export function jsLimitOf(path: string): number {
  return JS_BUDGET_EXCEPTIONS[pageTypeOf(path)]?.limit ?? BUDGETS.js;
}

/** Pages over the plain budget that an exception lets through, for the report. */
export function budgetExceptionsUsed(pages: readonly PageWeight[]): { page: string; detail: string }[] {
  return pages
    .filter((p) => p.path !== SEARCH_PAGE && p.js > BUDGETS.js && p.js <= jsLimitOf(p.path))
    .map((p) => ({ page: p.path, detail: `JS ${formatKb(p.js)} gzip > ${formatKb(BUDGETS.js)}，按例外放行至 ${formatKb(jsLimitOf(p.path))}：${JS_BUDGET_EXCEPTIONS[pageTypeOf(p.path)]?.reason ?? ''}` }));
}

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
    if (p.path !== SEARCH_PAGE && p.js > jsLimitOf(p.path)) failures.push({ page: p.path, rule: 'budget-js', detail: `JS ${formatKb(p.js)} gzip > ${formatKb(jsLimitOf(p.path))}` });
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
