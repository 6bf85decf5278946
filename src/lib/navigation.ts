/** Which main-navigation item a page belongs to (pure, used by the site shell). */

export interface NavCurrent {
  href: string;
  /** 'page' when the item links to this very page, 'true' when the page lies below it. */
  kind: 'page' | 'true';
}

function withSlash(path: string): string {
  return path.endsWith('/') ? path : `${path}/`;
}

/**
 * The navigation item for `pathname`: an exact match wins, otherwise the longest item whose path
 * contains the page (`/consultations/` contains `/consultations/x/`). The home item `/` only
 * matches the home page itself, otherwise every page would sit in it.
 */
export function navCurrent(hrefs: readonly string[], pathname: string): NavCurrent | undefined {
  const page = withSlash(pathname.split(/[?#]/)[0] || '/');
  let best: NavCurrent | undefined;
  for (const raw of hrefs) {
    const href = withSlash(raw.split(/[?#]/)[0] || '/');
    if (href === page) return { href: raw, kind: 'page' };
    if (href === '/' || !page.startsWith(href)) continue;
    if (!best || withSlash(best.href).length < href.length) best = { href: raw, kind: 'true' };
  }
  return best;
}
