import { describe, expect, it } from 'vitest';
import { moduleImports, pageAssets, scriptClosure, sitePathOf } from '../../src/lib/page-resources.ts';
import { BUDGETS, checkBudgets, pageTypeOf, weightsByType, type PageWeight } from '../../src/lib/size-budget.ts';

describe('sitePathOf', () => {
  it('resolves relative and absolute references of the same site', () => {
    expect(sitePathOf('/_astro/a.css', '/x/')).toBe('/_astro/a.css');
    expect(sitePathOf('../b.js?v=1#x', '/x/y/')).toBe('/x/b.js');
    expect(sitePathOf('./time.js', '/_astro/a.js')).toBe('/_astro/time.js');
    expect(sitePathOf('/%E6%90%9C/', '/')).toBe('/搜/');
  });

  it('ignores other sites and non-file URLs', () => {
    for (const ref of ['https://www.gov.cn/a.js', '//cdn.example.com/a.css', 'data:text/css,a{}', 'mailto:a@b.cn', 'javascript:void(0)', '']) {
      expect(sitePathOf(ref, '/'), ref).toBeUndefined();
    }
  });
});

describe('pageAssets', () => {
  it('finds stylesheets and scripts in document order without duplicates', () => {
    const html = `<head>
      <link rel="stylesheet" href="/_astro/Page.css"><link href='/_astro/x.css' rel='stylesheet'>
      <link rel="preload" as="style" href="/_astro/p.css"><link rel="modulepreload" href="/_astro/m.js">
      <link rel="icon" href="/favicon.svg"><link rel="alternate" type="application/rss+xml" href="/consultations.xml">
      <link rel="stylesheet" href="https://cdn.example.com/x.css">
      <script src="/js/elder-mode.js"></script><script type="module" src=/_astro/a.js></script>
      <script type="module" src="/_astro/a.js"></script><script>inline()</script>
      <!-- <script src="/js/old.js"></script> -->
    </head>`;
    expect(pageAssets(html, '/x/')).toEqual({
      stylesheets: ['/_astro/Page.css', '/_astro/x.css', '/_astro/p.css'],
      scripts: ['/_astro/m.js', '/js/elder-mode.js', '/_astro/a.js'],
    });
  });
});

describe('moduleImports and scriptClosure', () => {
  it('reads minified static and dynamic imports', () => {
    const js = 'import{i as e}from"./time.B.js";import"./clock.C.js";export{a}from"../x/y.js";const p=import("./lazy.js");import(v);/* import "./commented.js" */ fetch("/data.json")';
    expect(moduleImports(js, '/_astro/search.js')).toEqual({
      static: ['/_astro/time.B.js', '/_astro/clock.C.js', '/x/y.js'],
      dynamic: ['/_astro/lazy.js'],
    });
  });

  it('ignores bare package specifiers and words in strings', () => {
    expect(moduleImports('import x from "lodash";let s="import from here"', '/_astro/a.js').static).toEqual([]);
  });

  it('follows imports transitively once, tolerating cycles and missing files', () => {
    const files: Record<string, string> = {
      '/_astro/a.js': 'import"./b.js";import"./c.js"',
      '/_astro/b.js': 'import{x}from"./c.js"',
      '/_astro/c.js': 'import"./a.js"',
    };
    expect(scriptClosure(['/_astro/a.js', '/js/missing.js'], (p) => files[p])).toEqual(['/_astro/a.js', '/js/missing.js', '/_astro/b.js', '/_astro/c.js']);
  });
});

const weight = (path: string, w: Partial<PageWeight> = {}): PageWeight => ({ path, html: 3000, css: 8000, js: 2000, pagefind: 0, ...w });

describe('checkBudgets', () => {
  it('passes pages within the budgets, the limits themselves included', () => {
    expect(checkBudgets([weight('/', { html: BUDGETS.homeHtml, css: BUDGETS.css, js: BUDGETS.js })])).toEqual([]);
  });

  it('names the page and the rule for each budget exceeded by one byte', () => {
    expect(checkBudgets([weight('/', { html: 15_001 }), weight('/a/', { css: 12_001, js: 5_001, html: 90_000 })])).toEqual([
      { page: '/', rule: 'budget-home-html', detail: 'HTML 15.0 kB gzip > 15.0 kB' },
      { page: '/a/', rule: 'budget-css', detail: 'CSS 12.0 kB gzip > 12.0 kB' },
      { page: '/a/', rule: 'budget-js', detail: 'JS 5.0 kB gzip > 5.0 kB' },
    ]);
  });

  it('exempts the search page from the JS budget but not from the CSS budget', () => {
    expect(checkBudgets([weight('/search/', { js: 9000, pagefind: 80_000, css: 13_000 })]).map((f) => f.rule)).toEqual(['budget-css']);
  });
});

describe('pageTypeOf and weightsByType', () => {
  it('groups pages of one template', () => {
    expect(pageTypeOf('/')).toBe('/');
    expect(pageTypeOf('/consultations/')).toBe('/consultations/');
    expect(pageTypeOf('/consultations/x/')).toBe('/consultations/*/');
    expect(pageTypeOf('/consultations/page/2/')).toBe('/consultations/page/*/');
    expect(pageTypeOf('/404.html')).toBe('/404.html');
    expect(pageTypeOf('/notices/cap/x.xml')).toBe('/notices/cap/*.xml');
  });

  it('keeps the largest figures per type and the largest page', () => {
    const rows = weightsByType([weight('/c/a/', { html: 5000, js: 100 }), weight('/c/b/', { css: 9000 }), weight('/', {})]);
    expect(rows).toEqual([
      { type: '/', pages: 1, html: 3000, css: 8000, js: 2000, pagefind: 0, largestPage: '/' },
      { type: '/c/*/', pages: 2, html: 5000, css: 9000, js: 2000, pagefind: 0, largestPage: '/c/b/' },
    ]);
  });
});
