/**
 * The HTTP headers of the site, in one place: the static pages' rules are applied
 * by the local static server (static-server.ts) and written for Netlify into
 * dist/_headers by the build (src/integrations/netlify-headers.ts); every function
 * answer gets FUNCTION_HEADERS through withFunctionHeaders (Netlify applies no
 * header rules to function responses).
 *
 * Rules follow Netlify's `[[headers]]` model: every rule whose `for` pattern
 * matches the path contributes its values. No two rules that can match the same
 * path set the same header (Netlify would join the values with commas), which
 * tests/unit/security-headers.test.ts enforces.
 */

/**
 * Only same-origin files. Pagefind's search needs WebAssembly
 * ('wasm-unsafe-eval') and a worker it may start from a blob: URL.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

/** Browser features the site never uses, denied to it and to anything it might embed. */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'usb=()',
  'browsing-topics=()',
].join(', ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  // For browsers that predate frame-ancestors.
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': PERMISSIONS_POLICY,
};

export const CACHE_CONTROL = {
  /** Files whose name carries a content hash (Astro's /_astro/*): never change. */
  immutable: 'public, max-age=31536000, immutable',
  /** Pages and the data file: the browser may keep a copy but must ask again every time. */
  revalidate: 'public, max-age=0, must-revalidate',
  /** Feeds: readers poll them; five minutes of staleness is harmless. */
  short: 'public, max-age=300',
} as const;

/**
 * Cache-Control when no rule sets one: HTML pages, Pagefind's script, WebAssembly and main metadata, files from
 * public/. It is also what Netlify sends by default, so netlify.toml need not
 * (and cannot, without overlapping the /_astro/* rule) declare it.
 */
export const DEFAULT_CACHE_CONTROL = CACHE_CONTROL.revalidate;

export interface HeaderRule {
  /** A Netlify path pattern: `*` matches anything, slashes included. */
  for: string;
  values: Readonly<Record<string, string>>;
}

const RSS_TYPE = 'application/rss+xml; charset=utf-8';
const CALENDAR_TYPE = 'text/calendar; charset=utf-8';

export const HEADER_RULES: readonly HeaderRule[] = [
  { for: '/*', values: SECURITY_HEADERS },
  { for: '/_astro/*', values: { 'Cache-Control': CACHE_CONTROL.immutable } },
  // Pagefind names its index, fragment and filter files by their content, and the
  // archive bundles hold only such files and their metadata (named the same way)
  // besides pagefind-entry.json, which Pagefind fetches with a new ?ts= each time.
  // A visitor who searches again keeps them instead of asking for each one anew.
  { for: '/pagefind/index/*', values: { 'Cache-Control': CACHE_CONTROL.immutable } },
  { for: '/pagefind/fragment/*', values: { 'Cache-Control': CACHE_CONTROL.immutable } },
  { for: '/pagefind/filter/*', values: { 'Cache-Control': CACHE_CONTROL.immutable } },
  { for: '/pagefind/archive/*', values: { 'Cache-Control': CACHE_CONTROL.immutable } },
  { for: '/data/*', values: { 'Cache-Control': CACHE_CONTROL.revalidate } },
  { for: '/consultations.xml', values: { 'Cache-Control': CACHE_CONTROL.short, 'Content-Type': RSS_TYPE } },
  { for: '/feedback.xml', values: { 'Cache-Control': CACHE_CONTROL.short, 'Content-Type': RSS_TYPE } },
  { for: '/consultations.ics', values: { 'Cache-Control': CACHE_CONTROL.short, 'Content-Type': CALENDAR_TYPE } },
];

function patternRegExp(pattern: string): RegExp {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_][A-Za-z0-9_]*/g, '[^/]+'))
    .join('.*');
  return new RegExp(`^${source}$`);
}

/** Whether a Netlify `for` pattern applies to a (decoded) URL path. */
export function ruleMatches(pattern: string, pathname: string): boolean {
  return patternRegExp(pattern).test(pathname);
}

/** All headers a static file at `pathname` is served with, Cache-Control included. */
export function headersFor(pathname: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const rule of HEADER_RULES) {
    if (ruleMatches(rule.for, pathname)) Object.assign(headers, rule.values);
  }
  headers['Cache-Control'] ??= DEFAULT_CACHE_CONTROL;
  return headers;
}

/** Netlify's `_headers` file for the rules: a path line, then one indented `Name: value` line per header. */
export function netlifyHeadersFile(rules: readonly HeaderRule[] = HEADER_RULES): string {
  const blocks = rules.map((rule) => [rule.for, ...Object.entries(rule.values).map(([name, value]) => `  ${name}: ${value}`)].join('\n'));
  return `# Generated by the build from src/server/security-headers.ts; edit that file, not this one.\n${blocks.join('\n')}\n`;
}

/**
 * Pages the functions answer with (forms shown again, receipts, refusals): like the site's policy but
 * without WebAssembly, workers or fetches, which those pages never need.
 */
export const FUNCTION_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "object-src 'none'",
].join('; ');

/**
 * Every function answer (pages, JSON, redirects, CSV, refusals): the site's security headers with the
 * functions' own policy, no referrer beyond the site (links in these answers can carry tokens), never cached.
 */
export const FUNCTION_HEADERS: Readonly<Record<string, string>> = {
  ...SECURITY_HEADERS,
  'Content-Security-Policy': FUNCTION_CONTENT_SECURITY_POLICY,
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/** FUNCTION_HEADERS with `extra` set over them (names in any case). */
export function functionAnswerHeaders(extra: Readonly<Record<string, string>> = {}): Headers {
  const headers = new Headers(FUNCTION_HEADERS);
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  return headers;
}

/** The answer with FUNCTION_HEADERS: security headers always, Cache-Control unless the answer set its own. */
export function withFunctionHeaders(response: Response): Response {
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(FUNCTION_HEADERS)) {
    if (name === 'Cache-Control' && headers.has(name)) continue;
    headers.set(name, value);
  }
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
