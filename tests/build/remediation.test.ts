/**
 * The /remediation/ pages of the sample site: the summary table and its totals,
 * water-body pages with their milestones, grades and build-time charts, the post
 * lists and filters, the feed and the CSV. Expected values come from the content
 * files through the src/lib rules, never typed in.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { HTMLElement } from 'node-html-parser';
import { BUILD_NOW, SITE_DIR, readPage, readSite, siteHas, textOf } from '../helpers/site.ts';
import { readEntries } from '../../src/build/content-files.ts';
import { CONTENT_PATHS } from '../../src/build/content-paths.ts';
import { remediationPostSchema, remediationProjectSchema, satisfactionSurveySchema, waterBodySchema } from '../../src/schemas/remediation.ts';
import { GRADE_LABELS, INDICATORS, INDICATOR_LABELS } from '../../src/lib/black-odorous.ts';
import { PHASES, PHASE_SLUGS, currentPhase, overdueMilestones, progressPercent } from '../../src/lib/remediation-progress.ts';
import {
  REMEDIATION_PATHS,
  extentTotals,
  formatDecimal,
  formatPercent,
  postFilterPath,
  postPath,
  satisfactionPercent,
  sortPostsNewestFirst,
  waterBodyGrade,
  waterBodyPath,
  type Measurement,
} from '../../src/lib/remediation.ts';
import { indicatorChart } from '../../src/lib/remediation-charts.ts';
import { PAGE_SIZE, pageCount, pageHref, rangeText } from '../../src/lib/pagination.ts';
import { shanghaiDate } from '../../src/lib/time.ts';

const root = process.env.GONGKAI_CONTENT_ROOT ?? process.cwd();
const today = shanghaiDate(new Date(BUILD_NOW));
const project = remediationProjectSchema.parse(readEntries(root, 'content/remediation').find((f) => f.id === 'project')!.data);
const bodies = readEntries(root, CONTENT_PATHS.waterBodies)
  .map((f) => ({ id: f.id, data: waterBodySchema.parse(f.data) }))
  .filter((b) => !b.data.draft);
const posts = sortPostsNewestFirst(
  readEntries(root, CONTENT_PATHS.remediationPosts)
    .map((f) => ({ id: f.id, data: remediationPostSchema.parse(f.data) }))
    .filter((p) => !p.data.draft && p.data.published <= today)
    .map((p) => ({ ...p, published: p.data.published, phase: p.data.phase, waterBodies: p.data.waterBodies })),
);
const surveys = readEntries(root, CONTENT_PATHS.satisfactionSurveys)
  .map((f) => ({ id: f.id, data: satisfactionSurveySchema.parse(f.data) }))
  .filter((s) => !s.data.draft && s.data.published <= today);

function measurementsOf(bodyId: string): Measurement[] {
  return posts.flatMap((p) =>
    p.data.measurements
      .map((m) => ({ ...m, waterBody: m.waterBody ?? (p.waterBodies.length === 1 ? p.waterBodies[0]! : ''), post: p.id }))
      .filter((m) => m.waterBody === bodyId),
  );
}

/** Text without any white space: cells and labels run together the same way whatever the markup. */
const squash = (t: string) => t.replace(/\s+/g, '');

/** No style attributes and no inline script bodies (the CSP is default-src 'self'). */
function expectCspClean(html: string, path: string) {
  expect(html, path).not.toMatch(/\sstyle\s*=/i);
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    expect(m[2]!.trim(), `${path}: inline script`).toBe('');
    expect(m[1], `${path}: script without src`).toMatch(/\ssrc=/);
  }
}

describe('sample content', () => {
  it('matches the source document: 11 bodies, 9 rivers of 51.2 km and 2 lakes of 11.3 ha, a survey at 90% or more', () => {
    expect(extentTotals(bodies.map((b) => b.data))).toEqual({ rivers: 9, riverKm: 51.2, lakes: 2, lakeHa: 11.3 });
    expect(project.participation.clues).toBe(78);
    expect(project.participation.suggestionsAdopted).toBe(37);
    expect(surveys.length).toBeGreaterThan(0);
    for (const s of surveys) expect(satisfactionPercent(s.data)).toBeGreaterThanOrEqual(90);
    // A year of posts.
    expect(posts.at(-1)!.published <= '2025-12-01' && posts[0]!.published >= '2026-11-01').toBe(true);
  });
});

describe('/remediation/ overview', () => {
  const page = readPage(REMEDIATION_PATHS.overview);
  const table = page.querySelector('#water-bodies')!;

  it('lists every water body with its type, size, phase, progress and latest grade', () => {
    const rows = table.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(bodies.length);
    for (const b of bodies) {
      const row = rows.find((r) => r.querySelector('th a')?.getAttribute('href') === waterBodyPath(b.id));
      expect(row, b.id).toBeDefined();
      const text = textOf(row);
      const grade = waterBodyGrade(b.data.monitoringPoints.map((p) => p.id), measurementsOf(b.id)).grade;
      expect(text).toContain(b.data.name);
      expect(text).toContain(b.data.type);
      expect(text).toContain(b.data.type === '河流' ? `${formatDecimal(b.data.lengthKm!)} 公里` : `${formatDecimal(b.data.areaHa!)} 公顷`);
      expect(text).toContain(currentPhase(b.data.milestones, today));
      expect(text).toContain(`${progressPercent(b.data.milestones, today)}%`);
      expect(text).toContain(grade ? GRADE_LABELS[grade] : '暂无监测数据');
      expect(text.includes('滞后')).toBe(overdueMilestones(b.data.milestones, today).length > 0);
    }
  });

  it('has totals that add up to the sizes in the rows', () => {
    const totals = extentTotals(bodies.map((b) => b.data));
    const foot = squash(textOf(table.querySelector('tfoot')));
    expect(foot).toContain(`河流型合计${totals.rivers}条${formatDecimal(totals.riverKm)}公里`);
    expect(foot).toContain(`湖库型合计${totals.lakes}条${formatDecimal(totals.lakeHa)}公顷`);
    expect(foot).toContain('51.2公里');
    expect(foot).toContain('11.3公顷');
  });

  it('shows the participation figures and the latest survey', () => {
    const figures = squash(textOf(page.querySelector('.rem-figures')));
    expect(figures).toContain(`收集群众线索${project.participation.clues}件示例数据`);
    // The source reports 吸纳改进意见20余条: shown as reported, not as “20 条”.
    expect(project.participation.supervisionSuggestions).toBe('20余');
    expect(figures).toContain('监督改进意见20余条');
    expect(figures).toContain(`治理方案采纳建议${project.participation.suggestionsAdopted}条`);
    expect(figures).not.toContain(`治理方案采纳建议${project.participation.suggestionsAdopted}条示例数据`);
    const marked = page.querySelectorAll('.rem-figures > div').filter((row) => row.querySelector('dd .badge')).map((row) => textOf(row.querySelector('dt')));
    expect(marked).toEqual(['收集群众线索', '走访沿线群众']);
    expect(figures).toContain(`发布进展信息${posts.length}条`);
    const latest = [...surveys].sort((a, b) => b.data.published.localeCompare(a.data.published))[0]!;
    expect(figures).toContain(formatPercent(satisfactionPercent(latest.data)));
  });

  it('is in the main navigation, marked as the current section', () => {
    const current = page.querySelectorAll('header nav a').find((a) => a.getAttribute('href') === REMEDIATION_PATHS.overview);
    expect(current?.getAttribute('aria-current')).toBe('page');
  });
});

describe('water-body pages', () => {
  it.each(bodies.map((b) => [b.id, b] as const))('%s: milestones, progress and latest grades', (_id, b) => {
    const path = waterBodyPath(b.id);
    const page = readPage(path);
    expect(textOf(page.querySelector('h1'))).toBe(b.data.name);
    const meta = squash(textOf(page.querySelector('.meta-list')));
    expect(meta).toContain(`治理进度${progressPercent(b.data.milestones, today)}%`);
    expect(meta).toContain(`当前阶段${currentPhase(b.data.milestones, today)}`);
    expect(page.querySelectorAll('.rem-timeline > li')).toHaveLength(b.data.milestones.length);
    for (const m of b.data.milestones) expect(textOf(page.querySelector('.rem-timeline'))).toContain(m.name);

    const grade = waterBodyGrade(b.data.monitoringPoints.map((p) => p.id), measurementsOf(b.id));
    const pointsTable = page.querySelector('table[class*="rem-stack"] caption#points-caption')?.parentNode as HTMLElement | undefined;
    expect(pointsTable?.querySelectorAll('tbody tr')).toHaveLength(grade.points.length);
    for (const [i, p] of grade.points.entries()) {
      const row = textOf(pointsTable!.querySelectorAll('tbody tr')[i]);
      expect(row).toContain(p.grading ? GRADE_LABELS[p.grading.grade] : '暂无监测数据');
    }
    expectCspClean(readSite(path), path);
  });

  it.each(bodies.map((b) => [b.id, b] as const))('%s: one accessible SVG chart per indicator, drawn from the lib geometry', (_id, b) => {
    const page = readPage(waterBodyPath(b.id));
    const measurements = measurementsOf(b.id);
    const expected = INDICATORS.flatMap((indicator) => indicatorChart({ bodyName: b.data.name, indicator, points: b.data.monitoringPoints, measurements }) ?? []);
    const figures = page.querySelectorAll('figure.chart');
    expect(figures).toHaveLength(expected.length);
    expect(expected.length).toBe(INDICATORS.length);
    for (const [i, chart] of expected.entries()) {
      const fig = figures[i]!;
      const svg = fig.querySelector('svg[role="img"]')!;
      expect(svg, chart.title).not.toBeNull();
      // role="img" named by its <title> and described by its <desc>.
      const [titleId, descId] = svg.getAttribute('aria-labelledby')!.split(' ');
      expect(textOf(svg.querySelector(`title#${titleId}`))).toBe(chart.title);
      expect(textOf(svg.querySelector(`desc#${descId}`))).toBe(chart.description);
      expect(textOf(fig.querySelector('figcaption'))).toContain(INDICATOR_LABELS[chart.indicator]);
      // Grade bands and the lines exactly as the geometry computed them.
      expect(svg.querySelectorAll('rect.band').map((r) => r.getAttribute('class'))).toEqual(chart.geometry.bands.map((band) => `band band--${band.kind}`));
      expect(svg.querySelectorAll('path.series').map((p) => p.getAttribute('d'))).toEqual(chart.geometry.series.map((s) => s.path));
      expect(svg.querySelectorAll('path.marker')).toHaveLength(chart.geometry.series.reduce((n, s) => n + s.markers.length, 0));
      // The accessible data table has one row per sampling day and one column per point.
      const table = fig.querySelector('table')!;
      expect(table.querySelectorAll('tbody tr')).toHaveLength(chart.rows.length);
      expect(table.querySelectorAll('thead th')).toHaveLength(chart.points.length + 1);
      const firstCell = chart.rows[0]!.cells.find((c) => c !== undefined)!;
      expect(textOf(table.querySelector('tbody tr'))).toContain(GRADE_LABELS[firstCell.grade]);
    }
  });

  it('shows the improvement the sample content was written to show', () => {
    const b = bodies.find((x) => x.id === 'yudaixi')!;
    const page = readPage(waterBodyPath(b.id));
    expect(squash(textOf(page.querySelector('.meta-list')))).toMatch(/当前水质不黑臭.*治理前（2025年10月\d+日）：重度黑臭/);
  });

  it('ships no chart script: the SVG is in the HTML', () => {
    const html = readSite(waterBodyPath('yudaixi'));
    expect(html).toContain('<svg viewBox="0 0 400 250" role="img"');
    const scripts = [...html.matchAll(/<script\b[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts.every((s) => s === '/js/elder-mode.js' || !/chart/i.test(s!))).toBe(true);
  });
});

describe('progress posts', () => {
  it('lists every published post newest first, paginated', () => {
    const first = readPage(REMEDIATION_PATHS.progress);
    const links = first.querySelectorAll('.card-list .card__title a').map((a) => a.getAttribute('href'));
    expect(links).toEqual(posts.slice(0, PAGE_SIZE).map((p) => postPath(p.id)));
    if (posts.length > PAGE_SIZE) {
      const second = readPage(`${REMEDIATION_PATHS.progress}page/2/`);
      expect(second.querySelectorAll('.card-list .card__title a').map((a) => a.getAttribute('href'))).toEqual(posts.slice(PAGE_SIZE, 2 * PAGE_SIZE).map((p) => postPath(p.id)));
    }
  });

  it('has a static filter page per phase and per water body, with the right posts', () => {
    for (const phase of PHASES) {
      const path = postFilterPath({ by: 'phase', value: phase });
      const expected = posts.filter((p) => p.phase === phase);
      if (expected.length === 0) continue;
      const page = readPage(path);
      expect(page.querySelectorAll('.card-list .card__title a').map((a) => a.getAttribute('href')), phase).toEqual(expected.slice(0, PAGE_SIZE).map((p) => postPath(p.id)));
      expect(page.querySelector(`a[href="${path}"]`)?.getAttribute('aria-current')).toBe('page');
      expect(path).toContain(PHASE_SLUGS[phase]);
    }
    for (const b of bodies) {
      const path = postFilterPath({ by: 'water-body', value: b.id });
      const expected = posts.filter((p) => p.waterBodies.includes(b.id));
      const page = readPage(path);
      expect(page.querySelectorAll('.card-list .card__title a').map((a) => a.getAttribute('href')), b.id).toEqual(expected.slice(0, PAGE_SIZE).map((p) => postPath(p.id)));
      expect(textOf(page.querySelector(`.rem-filters a[href="${path}"]`))).toBe(`${b.data.name}（${expected.length}）`);
    }
  });

  it('every list and filter page carries the site-wide page links: range, 第 x/y 页, previous/next', () => {
    expect(posts.length, 'the sample needs a second page of posts').toBeGreaterThan(PAGE_SIZE);
    const lists = [
      { base: REMEDIATION_PATHS.progress, total: posts.length },
      ...PHASES.map((phase) => ({ base: postFilterPath({ by: 'phase', value: phase }), total: posts.filter((p) => p.phase === phase).length })),
      ...bodies.map((b) => ({ base: postFilterPath({ by: 'water-body', value: b.id }), total: posts.filter((p) => p.waterBodies.includes(b.id)).length })),
    ].filter((l) => l.total > 0);
    for (const { base, total } of lists) {
      const pages = pageCount(total);
      for (let n = 1; n <= pages; n++) {
        const path = pageHref(base, n);
        const navs = readPage(path).querySelectorAll('main nav[aria-label="分页"]');
        expect(navs, path).toHaveLength(1);
        const nav = navs[0]!;
        expect(nav.classList.contains('pagination'), path).toBe(true);
        expect(textOf(nav.querySelector('p.muted')), path).toBe(`${rangeText(total, n)}，第 ${n}/${pages} 页`);
        expect(nav.querySelector('a[rel="prev"]')?.getAttribute('href') ?? null, path).toBe(n > 1 ? pageHref(base, n - 1) : null);
        expect(nav.querySelector('a[rel="next"]')?.getAttribute('href') ?? null, path).toBe(n < pages ? pageHref(base, n + 1) : null);
        if (pages > 1) {
          expect(textOf(nav.querySelector('[aria-current="page"]')), path).toBe(`第${n}页`);
          expect(nav.querySelectorAll('li a').map((a) => a.getAttribute('href')), path).toContain(pageHref(base, n === 1 ? 2 : 1));
        } else {
          expect(nav.querySelector('ul'), path).toBeNull();
        }
      }
      expect(siteHas(pageHref(base, pages + 1)), `${base}: no page after the last`).toBe(false);
    }
  });

  it('post pages show each measurement with its grade', () => {
    const post = posts.find((p) => p.data.measurements.length > 0)!;
    const page = readPage(postPath(post.id));
    const rows = page.querySelectorAll('#measurements-title ~ div table tbody tr');
    expect(rows).toHaveLength(post.data.measurements.length);
    expectCspClean(readSite(postPath(post.id)), postPath(post.id));
  });

  it('does not publish posts dated after the build', () => {
    const built = readdirSync(join(SITE_DIR, 'remediation/progress'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && /^\d{4}-/.test(d.name))
      .map((d) => d.name)
      .sort();
    expect(built).toEqual(posts.map((p) => p.id).sort());
  });

  it('RSS: newest first, one item per post up to 50', () => {
    const xml = readSite(REMEDIATION_PATHS.feed);
    expect(XMLValidator.validate(xml)).toBe(true);
    const items = new XMLParser({ isArray: (n) => n === 'item' || n === 'category' }).parse(xml).rss.channel.item as { title: string; link: string }[];
    expect(items).toHaveLength(Math.min(50, posts.length));
    expect(items[0]!.title).toBe(posts[0]!.data.title);
    expect(new URL(items[0]!.link).pathname).toBe(postPath(posts[0]!.id));
  });

  it('CSV: one row per published sampling', () => {
    const csv = readSite(REMEDIATION_PATHS.measurements);
    const rows = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    const total = bodies.reduce((n, b) => n + measurementsOf(b.id).length, 0);
    expect(rows).toHaveLength(total + 1);
  });
});

describe('surveys page', () => {
  it('states sample, rate and target for each survey and each water body', () => {
    const page = readPage(REMEDIATION_PATHS.surveys);
    for (const s of surveys) {
      const section = page.querySelector(`section#${s.id}`)!;
      const text = textOf(section);
      expect(text).toContain(s.data.surveyor);
      expect(text).toContain(`${s.data.respondents}份`);
      expect(text).toContain(formatPercent(satisfactionPercent(s.data)));
      expect(section.querySelectorAll('tbody tr')).toHaveLength(s.data.results.length);
    }
    expect(siteHas(REMEDIATION_PATHS.surveys)).toBe(true);
  });
});
