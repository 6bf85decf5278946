/**
 * Which pages the build rendered through the site layout (src/layouts/Page.astro),
 * and whether each asked search engines not to index it, so that the sitemap
 * (src/integrations/sitemap.ts) need not read every built page back to find out.
 *
 * Process-wide (globalThis): the layout runs in Astro's prerender bundle, the
 * integration in the config's module graph — two copies of this module in the
 * one process that renders the static pages. Pages the layout did not render
 * (endpoints writing HTML, files from public/) are simply not listed here.
 */

const KEY = Symbol.for('gongkai.renderedPages');
type Holder = { [KEY]?: Map<string, boolean> };

function pages(): Map<string, boolean> {
  const holder = globalThis as Holder;
  holder[KEY] ??= new Map();
  return holder[KEY];
}

/** A URL path in one spelling: `/搜索/` and `/%E6%90%9C%E7%B4%A2/` are the same page. */
export function samePath(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

/** Called by the layout for each page it renders. */
export function recordRenderedPage(path: string, noindex: boolean): void {
  pages().set(samePath(path), noindex);
}

/** Path → noindex, for every page the layout has rendered in this process. */
export function renderedPages(): ReadonlyMap<string, boolean> {
  return pages();
}

export function forgetRenderedPages(): void {
  pages().clear();
}
