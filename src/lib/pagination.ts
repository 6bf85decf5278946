/**
 * Paginated lists: page 1 lives at the list's own address (`/disclosure/topics/zt07/`),
 * later pages below it (`/disclosure/topics/zt07/page/2/`), so no page ever
 * carries thousands of links. Pure.
 */

/** Entries on one list page. */
export const PAGE_SIZE = 20;

export function pageCount(total: number, size = PAGE_SIZE): number {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`Not a list length: ${total}`);
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`Not a page size: ${size}`);
  return Math.max(1, Math.ceil(total / size));
}

/** The entries shown on page `page` (1-based). */
export function pageSlice<T>(items: readonly T[], page: number, size = PAGE_SIZE): T[] {
  if (!Number.isInteger(page) || page < 1 || page > pageCount(items.length, size)) throw new RangeError(`No page ${page}`);
  return items.slice((page - 1) * size, page * size);
}

/** Address of page `page` of the list at `base` (which ends with a slash). */
export function pageHref(base: string, page: number): string {
  if (!base.endsWith('/')) throw new Error(`List address must end with a slash: ${base}`);
  return page === 1 ? base : `${base}page/${page}/`;
}

/** The rest parameter of a paginated route: undefined for page 1, `page/2` … */
export function pageParam(page: number): string | undefined {
  return page === 1 ? undefined : `page/${page}`;
}

/** The page number a rest parameter denotes, or null for anything else (`page/1` is not an address). */
export function parsePageParam(param: string | undefined): number | null {
  if (param === undefined || param === '') return 1;
  const m = /^page\/([1-9]\d*)\/?$/.exec(param);
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 2 ? n : null;
}

/** Every page of a list, for getStaticPaths. */
export function listPages(total: number, size = PAGE_SIZE): { page: number; param: string | undefined }[] {
  return Array.from({ length: pageCount(total, size) }, (_, i) => ({ page: i + 1, param: pageParam(i + 1) }));
}

export type PaginationLink = { kind: 'page'; page: number; current: boolean } | { kind: 'gap' };

/**
 * Page links to show: the first and last pages, and `around` pages either
 * side of the current one; a run of hidden pages becomes one gap (…), but a
 * gap never hides a single page (showing it takes the same room).
 */
export function paginationLinks(current: number, pages: number, around = 2): PaginationLink[] {
  if (!Number.isInteger(pages) || pages < 1) throw new RangeError(`Not a page count: ${pages}`);
  if (!Number.isInteger(current) || current < 1 || current > pages) throw new RangeError(`No page ${current} of ${pages}`);
  const shown = new Set<number>([1, pages]);
  for (let p = current - around; p <= current + around; p++) if (p >= 1 && p <= pages) shown.add(p);
  const sorted = [...shown].sort((a, b) => a - b);
  const out: PaginationLink[] = [];
  let previous = 0;
  for (const p of sorted) {
    if (p - previous === 2) out.push({ kind: 'page', page: p - 1, current: p - 1 === current });
    else if (p - previous > 2) out.push({ kind: 'gap' });
    out.push({ kind: 'page', page: p, current: p === current });
    previous = p;
  }
  return out;
}

/** 第 21–40 条，共 1234 条 */
export function rangeText(total: number, page: number, size = PAGE_SIZE): string {
  if (total === 0) return '共 0 条';
  const from = (page - 1) * size + 1;
  const to = Math.min(total, page * size);
  return `第 ${from}–${to} 条，共 ${total} 条`;
}

/** Title of a list page: 投资计划 on page 1, 投资计划（第2页） after. */
export function pagedTitle(title: string, page: number): string {
  return page === 1 ? title : `${title}（第${page}页）`;
}
