/**
 * The local server sends the headers src/server/security-headers.ts declares
 * (the list the build also writes to dist/_headers for Netlify), checked on a
 * page, a hashed asset, a feed, the data file and the sitemap; plus the
 * security properties themselves, independent of that list.
 */
import { headersFor } from '../../src/server/security-headers.ts';
import type { VerifyFailure } from '../../src/lib/verify-report.ts';
import type { Site } from './site.ts';

export interface HeaderSample {
  path: string;
  kind: string;
}

export function headerSamples(site: Site): HeaderSample[] {
  const samples: HeaderSample[] = [{ path: '/', kind: 'page' }];
  const asset = site.files.find((f) => /^_astro\/.+\.css$/.test(f)) ?? site.files.find((f) => f.startsWith('_astro/'));
  if (asset) samples.push({ path: `/${asset}`, kind: 'hashed asset' });
  for (const [path, kind] of [['/consultations.xml', 'feed'], ['/consultations.ics', 'calendar'], ['/data/consultations.json', 'data'], ['/sitemap.xml', 'sitemap']] as const) {
    if (site.files.includes(path.slice(1))) samples.push({ path, kind });
  }
  return samples;
}

/** Rules every response of the site must satisfy, whatever the configured list says. */
function securityProblems(headers: Headers): string[] {
  const problems: string[] = [];
  const csp = headers.get('content-security-policy') ?? '';
  const directives = new Map(csp.split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(/\s+/)[0]!, d.split(/\s+/).slice(1)] as const));
  if (!csp) problems.push('no Content-Security-Policy');
  else {
    if (directives.get('default-src')?.join(' ') !== "'self'") problems.push("CSP default-src is not 'self'");
    if (directives.get('frame-ancestors')?.join(' ') !== "'none'") problems.push("CSP frame-ancestors is not 'none'");
    if (/'unsafe-inline'|'unsafe-eval'|(^|\s)\*(\s|;|$)|https?:/.test(csp)) problems.push(`CSP allows inline code, eval or other hosts: ${csp}`);
  }
  const hsts = /max-age=(\d+)/.exec(headers.get('strict-transport-security') ?? '');
  if (!hsts || Number(hsts[1]) < 31_536_000) problems.push('Strict-Transport-Security missing or shorter than a year');
  if (headers.get('x-content-type-options') !== 'nosniff') problems.push('X-Content-Type-Options is not nosniff');
  if (!headers.get('referrer-policy')) problems.push('no Referrer-Policy');
  if (!headers.get('permissions-policy')) problems.push('no Permissions-Policy');
  return problems;
}

function cacheProblem(kind: string, cacheControl: string): string | undefined {
  const maxAge = Number(/max-age=(\d+)/.exec(cacheControl)?.[1] ?? NaN);
  if (kind === 'hashed asset') return /immutable/.test(cacheControl) && maxAge >= 31_536_000 ? undefined : `hashed asset not cached long: ${cacheControl}`;
  if (Number.isNaN(maxAge)) return `no max-age: ${cacheControl}`;
  return maxAge <= 3600 ? undefined : `${kind} cached for ${maxAge} s (more than an hour)`;
}

export async function checkHeaders(serverUrl: string, site: Site): Promise<{ samples: HeaderSample[]; failures: VerifyFailure[] }> {
  const samples = headerSamples(site);
  const failures: VerifyFailure[] = [];
  for (const { path, kind } of samples) {
    const response = await fetch(`${serverUrl}${path}`, { redirect: 'manual' });
    await response.arrayBuffer();
    if (response.status !== 200) {
      failures.push({ page: path, rule: 'headers:status', detail: `${kind} answered HTTP ${response.status}` });
      continue;
    }
    const expected = headersFor(path.endsWith('/') ? `${path}index.html` : path);
    for (const [name, value] of Object.entries(expected)) {
      const got = response.headers.get(name);
      if (got !== value) failures.push({ page: path, rule: 'headers:netlify-mismatch', detail: `${kind}: ${name} is ${got === null ? 'missing' : `“${got}”`}, security-headers.ts says “${value}”` });
    }
    for (const problem of securityProblems(response.headers)) failures.push({ page: path, rule: 'headers:security', detail: `${kind}: ${problem}` });
    const cache = cacheProblem(kind, response.headers.get('cache-control') ?? '');
    if (cache) failures.push({ page: path, rule: 'headers:cache', detail: cache });
  }
  return { samples, failures };
}
