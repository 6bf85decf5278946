import { describe, expect, it } from 'vitest';
import {
  CACHE_CONTROL,
  CONTENT_SECURITY_POLICY,
  DEFAULT_CACHE_CONTROL,
  HEADER_RULES,
  SECURITY_HEADERS,
  headersFor,
  ruleMatches,
} from '../../src/server/security-headers.ts';

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
