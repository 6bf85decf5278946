/**
 * What a built page makes the browser load before it is usable: its
 * stylesheets and scripts (with the modules those scripts import), found in
 * the HTML and the JavaScript as built. Only same-site files; addresses are
 * returned as decoded site paths (`/_astro/x.css`), without query or fragment.
 */

/** The site path of `ref` as referenced from the page or file at `fromPath`; undefined for other sites, data: URLs etc. */
export function sitePathOf(ref: string, fromPath: string): string | undefined {
  const trimmed = ref.trim();
  if (!trimmed || /^(data|blob|javascript|mailto|tel):/i.test(trimmed)) return undefined;
  const base = new URL(fromPath, 'http://site.invalid');
  let url: URL;
  try {
    url = new URL(trimmed, base);
  } catch {
    return undefined;
  }
  if (url.origin !== base.origin) return undefined;
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return url.pathname;
  }
}

const attr = (tag: string, name: string): string | undefined => {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(tag);
  const value = m?.[1] ?? m?.[2] ?? m?.[3];
  return value?.replace(/&amp;/g, '&');
};

/** Markup with comments removed, so commented-out tags do not count. */
const withoutComments = (html: string) => html.replace(/<!--[\s\S]*?-->/g, '');

export interface PageAssets {
  stylesheets: string[];
  scripts: string[];
}

/**
 * Stylesheets (`<link rel="stylesheet">`, also `preload as=style`) and
 * scripts (`<script src>`, `<link rel="modulepreload">`, `preload as=script`)
 * of a page, in document order, without duplicates.
 */
export function pageAssets(html: string, pagePath: string): PageAssets {
  const stylesheets = new Set<string>();
  const scripts = new Set<string>();
  const source = withoutComments(html);
  for (const [tag] of source.matchAll(/<link\b[^>]*>/gi)) {
    const rel = (attr(tag, 'rel') ?? '').toLowerCase().split(/\s+/);
    const as = (attr(tag, 'as') ?? '').toLowerCase();
    const href = attr(tag, 'href');
    const path = href === undefined ? undefined : sitePathOf(href, pagePath);
    if (!path) continue;
    if (rel.includes('stylesheet') || (rel.includes('preload') && as === 'style')) stylesheets.add(path);
    else if (rel.includes('modulepreload') || (rel.includes('preload') && as === 'script')) scripts.add(path);
  }
  for (const [tag] of source.matchAll(/<script\b[^>]*>/gi)) {
    const src = attr(tag, 'src');
    const path = src === undefined ? undefined : sitePathOf(src, pagePath);
    if (path) scripts.add(path);
  }
  return { stylesheets: [...stylesheets], scripts: [...scripts] };
}

/**
 * Modules a built JavaScript module imports statically (`import … from "x"`,
 * `import "x"`, `export … from "x"`) and dynamically with a literal
 * specifier (`import("x")`), as site paths. Minified output has no spaces:
 * `import{a as b}from"./time.js"`.
 */
export function moduleImports(js: string, filePath: string): { static: string[]; dynamic: string[] } {
  const statics = new Set<string>();
  const dynamics = new Set<string>();
  const code = js.replace(/\/\*[\s\S]*?\*\//g, '');
  const add = (set: Set<string>, spec: string) => {
    // Bare specifiers (packages) cannot be loaded by a browser without an import map: not a site file.
    if (!/^(\.{1,2}\/|\/)/.test(spec)) return;
    const path = sitePathOf(spec, filePath);
    if (path) set.add(path);
  };
  for (const m of code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]+?\s*from\s*)?(["'`])([^"'`\n]+)\1/g)) add(statics, m[2]!);
  for (const m of code.matchAll(/\bimport\s*\(\s*(["'`])([^"'`\n$]+)\1\s*\)/g)) add(dynamics, m[2]!);
  return { static: [...statics], dynamic: [...dynamics] };
}

/**
 * Every script a page loads at start: its scripts and, transitively, their
 * static imports. `readModule` returns a module's text (undefined when the
 * file is missing, which the link check reports).
 */
export function scriptClosure(entryScripts: readonly string[], readModule: (path: string) => string | undefined): string[] {
  const seen = new Set<string>();
  const queue = [...entryScripts];
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    if (!/\.m?js$/i.test(path)) continue;
    const text = readModule(path);
    if (text !== undefined) queue.push(...moduleImports(text, path).static);
  }
  return [...seen];
}
