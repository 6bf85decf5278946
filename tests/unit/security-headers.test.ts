import { describe, expect, it } from 'vitest';
import {
  CACHE_CONTROL,
  CONTENT_SECURITY_POLICY,
  DEFAULT_CACHE_CONTROL,
  HEADER_RULES,
  FUNCTION_HEADERS,
  SECURITY_HEADERS,
  headersFor,
  netlifyHeadersFile,
  ruleMatches,
  withFunctionHeaders,
  type HeaderRule,
} from '../../src/server/security-headers.ts';

/** Reads Netlify's `_headers` format back: a path line, then indented `Name: value` lines; # comments. */
export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: { for: string; values: Record<string, string> }[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      rules.push({ for: line.trim(), values: {} });
      continue;
    }
    const m = /^\s+([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
    if (!m || rules.length === 0) throw new Error(`not a _headers line: ${line}`);
    rules.at(-1)!.values[m[1]!] = m[2]!;
  }
  return rules;
}

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
}

describe('Content-Security-Policy', () => {
  const csp = directives(CONTENT_SECURITY_POLICY);

  it('allows only same-origin sources, with what Pagefind needs', () => {
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
  });

  it('never allows inline code or foreign hosts', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*|https?:/);
  });
});

describe('security headers', () => {
  it('include HSTS, nosniff, referrer policy and a Permissions-Policy denying sensors', () => {
    expect(SECURITY_HEADERS['Strict-Transport-Security']).toMatch(/^max-age=\d{8,}/);
    expect(SECURITY_HEADERS['X-Content-Type-Options']).toBe('nosniff');
    expect(SECURITY_HEADERS['Referrer-Policy']).toBe('strict-origin-when-cross-origin');
    for (const feature of ['camera', 'microphone', 'geolocation', 'payment']) {
      expect(SECURITY_HEADERS['Permissions-Policy']).toContain(`${feature}=()`);
    }
  });
});

describe('ruleMatches', () => {
  it('follows Netlify splats and exact paths', () => {
    expect(ruleMatches('/*', '/')).toBe(true);
    expect(ruleMatches('/*', '/a/b/c.html')).toBe(true);
    expect(ruleMatches('/_astro/*', '/_astro/index.Ab12.css')).toBe(true);
    expect(ruleMatches('/_astro/*', '/x/_astro/a.css')).toBe(false);
    expect(ruleMatches('/consultations.xml', '/consultations.xml')).toBe(true);
    // The dot is literal, not "any character".
    expect(ruleMatches('/consultations.xml', '/consultationsXxml')).toBe(false);
    expect(ruleMatches('/consultations.xml', '/consultations.xml/extra')).toBe(false);
  });
});

describe('headersFor', () => {
  it('gives hashed assets a long immutable cache, with the security headers', () => {
    const h = headersFor('/_astro/page.DkX1.js');
    expect(h['Cache-Control']).toBe(CACHE_CONTROL.immutable);
    expect(h['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('keeps Pagefind files named by their content for good, and revalidates the others', () => {
    for (const path of ['/pagefind/index/zh-cn_04bbcb5.pf_index', '/pagefind/fragment/zh-cn_9e40ab4.pf_fragment', '/pagefind/filter/zh-cn_1a2b.pf_filter', '/pagefind/archive/2024-2025/index/zh-cn_1046eb6.pf_index', '/pagefind/archive/2024-2025/pagefind.zh-cn_405d3ac3aca7a.pf_meta']) {
      expect(headersFor(path)['Cache-Control'], path).toBe(CACHE_CONTROL.immutable);
    }
    for (const path of ['/pagefind/pagefind.js', '/pagefind/wasm.unknown.pagefind', '/pagefind/pagefind-entry.json', '/pagefind/gongkai-bundles.json', '/pagefind/pagefind.zh-cn_1aed945087e9d.pf_meta']) {
      expect(headersFor(path)['Cache-Control'], path).toBe(DEFAULT_CACHE_CONTROL);
    }
  });

  it('makes pages, the data file and feeds short-lived', () => {
    expect(headersFor('/consultations/x/index.html')['Cache-Control']).toBe(DEFAULT_CACHE_CONTROL);
    expect(headersFor('/data/consultations.json')['Cache-Control']).toBe(CACHE_CONTROL.revalidate);
    for (const feed of ['/consultations.xml', '/feedback.xml', '/consultations.ics']) {
      expect(headersFor(feed)['Cache-Control']).toMatch(/max-age=(0|300)\b/);
    }
    expect(headersFor('/consultations.ics')['Content-Type']).toBe('text/calendar; charset=utf-8');
    expect(headersFor('/feedback.xml')['Content-Type']).toBe('application/rss+xml; charset=utf-8');
  });

  it('no two rules that can match one path set the same header (Netlify would join them with commas)', () => {
    const example = (pattern: string) => pattern.replaceAll('*', 'x/y.z');
    for (const a of HEADER_RULES) {
      for (const b of HEADER_RULES) {
        if (a === b) continue;
        if (!ruleMatches(a.for, example(b.for)) && !ruleMatches(b.for, example(a.for))) continue;
        const shared = Object.keys(a.values).filter((k) => Object.keys(b.values).some((l) => l.toLowerCase() === k.toLowerCase()));
        expect(shared, `${a.for} and ${b.for}`).toEqual([]);
      }
    }
  });
});

describe('_headers for Netlify', () => {
  it('declares exactly the rules the local server applies, in the same order', () => {
    expect(parseHeadersFile(netlifyHeadersFile())).toEqual(HEADER_RULES.map((r) => ({ for: r.for, values: { ...r.values } })));
  });

  it('puts each rule on lines Netlify reads (no line breaks inside a value)', () => {
    for (const rule of HEADER_RULES) for (const value of Object.values(rule.values)) expect(value).not.toMatch(/[\r\n]/);
  });
});

describe('function answers', () => {
  it('carry the security headers, with the functions’ own policy, whatever the handler set', async () => {
    const bare = new Response('a,b\n', { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8', 'x-frame-options': 'SAMEORIGIN' } });
    const answer = withFunctionHeaders(bare);
    for (const [name, value] of Object.entries(FUNCTION_HEADERS)) expect(answer.headers.get(name), name).toBe(value);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await answer.text()).toBe('a,b\n');
  });

  it('keep a Cache-Control the handler chose, and the status of a redirect', () => {
    const answer = withFunctionHeaders(Response.redirect('https://example.test/x', 303));
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('https://example.test/x');
    expect(withFunctionHeaders(new Response('', { headers: { 'cache-control': 'private, max-age=60' } })).headers.get('cache-control')).toBe('private, max-age=60');
  });

  it('share HSTS, nosniff, framing and Permissions-Policy with the static pages', () => {
    for (const name of ['Strict-Transport-Security', 'X-Content-Type-Options', 'X-Frame-Options', 'Permissions-Policy']) expect(FUNCTION_HEADERS[name]).toBe(SECURITY_HEADERS[name]);
    expect(FUNCTION_HEADERS['Content-Security-Policy']).toMatch(/frame-ancestors 'none'/);
  });
});
