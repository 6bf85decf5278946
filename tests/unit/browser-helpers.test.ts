/** The page lists the browser tests walk (pure parts of tests/helpers/browser.ts). */
import { describe, expect, it } from 'vitest';
import { samplePerRoute, sitePages } from '../helpers/browser.ts';

describe('sitePages', () => {
  it('turns built files into URL paths: directory indexes and the 404 page, nothing else', () => {
    const files = ['index.html', '404.html', 'consultations/index.html', 'consultations/a/index.html', '_astro/x.css', 'data/consultations.json', 'consultations.xml', 'pagefind/index.html.pf_meta'];
    expect(sitePages(files)).toEqual(['/', '/404.html', '/consultations/', '/consultations/a/']);
  });
});

describe('samplePerRoute', () => {
  const items = Array.from({ length: 25 }, (_, i) => `/disclosure/topics/t${String(i).padStart(2, '0')}/`);
  const sections = ['/', '/404.html', '/a/', '/b/', '/c/', '/d/'];

  it('keeps every section page and every page of small routes', () => {
    const paths = [...sections, '/consultations/x/', '/consultations/y/', '/consultations/status/open/'];
    expect(samplePerRoute(paths, 1).sort()).toEqual(['/', '/404.html', '/a/', '/b/', '/c/', '/consultations/status/open/', '/consultations/x/', '/d/']);
    expect(samplePerRoute(paths, 2)).toEqual([...paths].sort());
  });

  it('takes evenly spread pages of a large route, first and last included', () => {
    const picked = samplePerRoute([...sections, ...items], 5);
    const topics = picked.filter((p) => p.startsWith('/disclosure/topics/'));
    expect(topics).toEqual(['/disclosure/topics/t00/', '/disclosure/topics/t06/', '/disclosure/topics/t12/', '/disclosure/topics/t18/', '/disclosure/topics/t24/']);
    expect(picked.filter((p) => !p.startsWith('/disclosure/topics/'))).toEqual([...sections].sort());
  });
});
