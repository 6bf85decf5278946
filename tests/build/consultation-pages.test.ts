/**
 * The public consultation pages of the sample site. Expected values come from
 * the content files through the src/lib rules at BUILD_NOW, never typed in, so
 * the tests hold whatever the sample content says.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { HTMLElement } from 'node-html-parser';
import { BUILD_NOW, readPage, readSite, siteHas, textOf } from '../helpers/site.ts';
import { readDataMap, readEntries } from '../../src/build/content-files.ts';
import { CONTENT_PATHS } from '../../src/build/content-paths.ts';
import { consultationSchema } from '../../src/schemas/consultation.ts';
import { feedbackSchema, totalReceived } from '../../src/schemas/feedback.ts';
import { departmentSchema } from '../../src/schemas/department.ts';
import { policyAreaSchema } from '../../src/schemas/policy-area.ts';
import { ATTACHMENT_FORMATS } from '../../src/schemas/fields.ts';
import { loadSiteConfig } from '../../src/config/site.ts';
import {
  CONSULTATION_STATUSES,
  STATUS_LABELS,
  compareForLatest,
  consultationStatus,
  feedbackTiming,
  type ConsultationClock,
} from '../../src/lib/consultation-status.ts';
import { feedbackClockText, feedbackResultText, onTimeStatement, shortWindowNotice, statusLineText, windowText } from '../../src/lib/consultation-wording.ts';
import { checkCommentWindow } from '../../src/lib/comment-window.ts';
import { officialCalendar } from '../../src/lib/official-calendar.ts';
import { computeScoreboard, formatRate } from '../../src/lib/scoreboard.ts';
import { formatFileSize } from '../../src/lib/file-size.ts';
import { pageAssets, scriptClosure } from '../../src/lib/page-resources.ts';
import { BUDGETS } from '../../src/lib/size-budget.ts';
import { formatChineseDate } from '../../src/lib/time.ts';
import { PAGE_SIZE } from '../../src/lib/pagination.ts';

const root = process.env.GONGKAI_CONTENT_ROOT ?? process.cwd();
const now = new Date(BUILD_NOW);
const site = loadSiteConfig(root);

const departments = [...readDataMap(root, CONTENT_PATHS.departments).entries].map(([id, value]) => ({ id, data: departmentSchema.parse(value) }));
const policyAreas = [...readDataMap(root, CONTENT_PATHS.policyAreas).entries]
  .map(([id, value]) => ({ id, data: policyAreaSchema.parse(value) }))
  .sort((a, b) => a.data.order - b.data.order);
const allConsultations = readEntries(root, CONTENT_PATHS.consultations).map((f) => ({ id: f.id, data: consultationSchema.parse(f.data) }));
const drafts = allConsultations.filter((c) => c.data.draft);
const published = allConsultations.filter((c) => !c.data.draft);
const publishedIds = new Set(published.map((c) => c.id));
const allReports = readEntries(root, CONTENT_PATHS.feedback)
  .map((f) => ({ id: f.id, body: f.body, data: feedbackSchema.parse(f.data) }))
  .filter((f) => !f.data.draft && publishedIds.has(f.data.consultation));
const reportOf = new Map(allReports.map((r) => [r.data.consultation, r]));

const consultations = published.map((c) => {
  const report = reportOf.get(c.id);
  const clock: ConsultationClock = { opens: c.data.opens, closes: c.data.closes, feedbackPublished: report?.data.published, feedbackDays: site.feedbackDays };
  return { ...c, report, clock, status: consultationStatus(clock, now), path: `/consultations/${c.id}/` };
});
type Consultation = (typeof consultations)[number];
const byId = new Map(consultations.map((c) => [c.id, c]));
/** Reports out at BUILD_NOW: a report dated later is scheduled, not published. */
const outReports = allReports.filter((r) => {
  const kind = feedbackTiming(byId.get(r.data.consultation)!.clock, now).kind;
  return kind === 'published-on-time' || kind === 'published-late';
});
const newestFirst = (a: Consultation, b: Consultation) => b.clock.opens.getTime() - a.clock.opens.getTime() || a.id.localeCompare(b.id);

/** Consultation ids of the cards on a page, in order. */
function listedConsultations(page: HTMLElement): string[] {
  return page.querySelectorAll('main li.consultation-card .card__title a').map((a) => /^\/consultations\/([^/]+)\/$/.exec(a.getAttribute('href') ?? '')?.[1] ?? `bad:${a.getAttribute('href')}`);
}

/** The pages of a paginated list, following rel="next" from its first page. */
function listPages(base: string): HTMLElement[] {
  const pages = [readPage(base)];
  for (let next = pages[0]!.querySelector('main a[rel="next"]'); next; next = pages.at(-1)!.querySelector('main a[rel="next"]')) {
    expect(pages.length, base).toBeLessThan(1000);
    pages.push(readPage(next.getAttribute('href')!));
  }
  return pages;
}

/** Consultation ids listed on all pages of a paginated list, in order. */
function listedAcrossPages(base: string): string[] {
  return listPages(base).flatMap(listedConsultations);
}

function reportPath(r: { id: string }) {
  return `/feedback/${r.id}/`;
}

describe('sample content covers the cases', () => {
  it('has consultations in several statuses and published feedback', () => {
    expect(new Set(consultations.map((c) => c.status)).size).toBeGreaterThanOrEqual(3);
    expect(consultations.some((c) => c.status === 'open')).toBe(true);
    expect(outReports.length).toBeGreaterThan(0);
  });
});

describe('consultation list and status filters', () => {
  it('lists every published consultation on /consultations/, newest first, and no draft', () => {
    expect(listedAcrossPages('/consultations/')).toEqual([...consultations].sort(newestFirst).map((c) => c.id));
    expect(listedConsultations(readPage('/consultations/')).length).toBe(Math.min(PAGE_SIZE, consultations.length));
    for (const d of drafts) expect(siteHas(`/consultations/${d.id}/`), d.id).toBe(false);
  });

  for (const status of CONSULTATION_STATUSES) {
    it(`/consultations/status/${status}/ lists exactly the consultations that are ${STATUS_LABELS[status]} at build time`, () => {
      const base = `/consultations/status/${status}/`;
      const page = readPage(base);
      const expected = consultations.filter((c) => c.status === status);
      const listed = listedAcrossPages(base);
      expect([...listed].sort()).toEqual(expected.map((c) => c.id).sort());
      if (status === 'open') {
        const byClose = [...expected].sort((a, b) => a.clock.closes.getTime() - b.clock.closes.getTime() || a.id.localeCompare(b.id));
        expect(listed).toEqual(byClose.map((c) => c.id));
      }
      if (expected.length === 0) expect(textOf(page.querySelector('main'))).toContain('目前没有');
      // Every card shows the status the rules give.
      for (const badge of listPages(base).flatMap((p) => p.querySelectorAll('main li.consultation-card .badge'))) {
        expect(textOf(badge)).toBe(STATUS_LABELS[status]);
        expect(badge.classList.contains(`badge--${status}`)).toBe(true);
      }
    });
  }

  it('marks the active filter with aria-current and shows the counts, on every filter page', () => {
    const pages = [{ path: '/consultations/', active: '/consultations/' }, ...CONSULTATION_STATUSES.map((s) => ({ path: `/consultations/status/${s}/`, active: `/consultations/status/${s}/` }))];
    for (const { path, active } of pages) {
      const nav = readPage(path).querySelector('nav.status-filter');
      expect(nav, path).not.toBeNull();
      const links = nav!.querySelectorAll('a');
      expect(links.map((a) => a.getAttribute('href'))).toEqual(pages.map((p) => p.path));
      expect(links.filter((a) => a.getAttribute('aria-current') === 'page').map((a) => a.getAttribute('href'))).toEqual([active]);
      expect(textOf(links[0])).toBe(`全部（${consultations.length}）`);
      CONSULTATION_STATUSES.forEach((s, i) => {
        expect(textOf(links[i + 1])).toBe(`${STATUS_LABELS[s]}（${consultations.filter((c) => c.status === s).length}）`);
      });
    }
  });

  it('puts the dates on each card for the browser to recompute the status', () => {
    for (const card of listPages('/consultations/').flatMap((p) => p.querySelectorAll('li.consultation-card'))) {
      const id = /\/consultations\/([^/]+)\//.exec(card.querySelector('a')?.getAttribute('href') ?? '')?.[1] ?? '';
      const c = byId.get(id)!;
      expect(new Date(card.getAttribute('data-opens') ?? '').getTime()).toBe(c.clock.opens.getTime());
      expect(new Date(card.getAttribute('data-closes') ?? '').getTime()).toBe(c.clock.closes.getTime());
      expect(card.getAttribute('data-feedback-published') ?? undefined).toBe(c.report?.data.published);
      expect(textOf(card.querySelector('.status-line'))).toBe(statusLineText(c.clock, now));
    }
  });
});

describe('consultation page', () => {
  for (const c of consultations) {
    it(`${c.id}: shows every part`, () => {
      const page = readPage(c.path);
      const main = page.querySelector('main')!;
      const text = textOf(main);
      const data = c.data;
      expect(textOf(main.querySelector('h1'))).toBe(data.title);
      expect(main.querySelectorAll('h1')).toHaveLength(1);

      // Status, countdown, window and feedback clock as the rules give them at build time.
      expect(textOf(main.querySelector('.status-main'))).toBe(statusLineText(c.clock, now));
      expect(text).toContain(windowText(c.clock));
      expect(textOf(main.querySelector('[data-live="feedback-clock"]'))).toBe(feedbackClockText(c.clock, now).text);
      const reportLink = main.querySelector('.feedback-clock a');
      const out = c.report && outReports.includes(c.report);
      expect(reportLink?.getAttribute('href')).toBe(out ? reportPath(c.report!) : undefined);

      // Facts: department with contact, policy areas, stage, kind.
      const department = departments.find((d) => d.id === data.department)!;
      expect(main.querySelector(`a[href="/departments/${department.id}/"]`)).not.toBeNull();
      expect(text).toContain(department.data.name);
      expect(main.querySelector(`a[href="mailto:${department.data.email}"]`)).not.toBeNull();
      for (const area of data.policyAreas) expect(main.querySelector(`a[href="/policy-areas/${area}/"]`), area).not.toBeNull();
      expect(text).toContain(data.stage);
      expect(text).toContain(data.kind);

      // Basis, explanation, draft text.
      expect(textOf(main.querySelector('section[aria-labelledby="basis-title"]'))).toContain(data.basis.text.replace(/\s+/g, ' ').trim());
      for (const link of data.basis.links) expect(main.querySelector(`section[aria-labelledby="basis-title"] a[href="${link.url}"]`), link.url).not.toBeNull();
      const explanation = textOf(main.querySelector('section[aria-labelledby="explanation-title"]'));
      for (const line of data.explanation.split(/\n+/).map((l) => l.trim()).filter(Boolean)) expect(explanation).toContain(line);
      expect(textOf(main.querySelector('.draft-text')).length).toBeGreaterThan(0);

      // Channels: whichever are set.
      const channels = textOf(main.querySelector('#channels'));
      if (data.channels.email) expect(main.querySelector(`#channels a[href^="mailto:${data.channels.email}"]`)).not.toBeNull();
      if (data.channels.post) {
        expect(channels).toContain(data.channels.post.address);
        if (data.channels.post.postcode) expect(channels).toContain(data.channels.post.postcode);
      }
      if (data.channels.fax) expect(channels).toContain(data.channels.fax);
      if (data.channels.phone) expect(channels).toContain(data.channels.phone);
      expect(channels.includes('网上提交')).toBe(data.channels.online);

      // Attachments: format label and size of the file under public/.
      for (const a of data.attachments) {
        const link = main.querySelector(`a[href="${a.file}"]`);
        expect(link, a.file).not.toBeNull();
        const ext = a.file.split('.').pop()!.toLowerCase() as keyof typeof ATTACHMENT_FORMATS;
        const size = a.file.startsWith('/') ? `，${formatFileSize(statSync(resolve(root, 'public', `.${decodeURI(a.file)}`)).size)}` : '';
        expect(textOf(link)).toBe(`${a.title}（${ATTACHMENT_FORMATS[ext]}${size}）`);
      }

      // A short window states its reason.
      const notice = shortWindowNotice(checkCommentWindow(data, officialCalendar), data.shortWindowReason);
      if (notice) expect(textOf(main.querySelector('.short-window'))).toBe(notice);
      else expect(main.querySelector('.short-window')).toBeNull();

      // The comment form only while open; the closed note shown without JS once closed.
      const form = main.querySelector('section#comment-form');
      expect(form !== null).toBe(c.status === 'open');
      if (form) expect(textOf(form)).toContain('在线提交意见');
      const closedNote = main.querySelector('[data-live="closed-note"]')!;
      expect(closedNote.hasAttribute('hidden')).toBe(c.status === 'open' || c.status === 'upcoming');

      // The browser recomputes from these.
      const article = main.querySelector('#consultation')!;
      expect(new Date(article.getAttribute('data-closes') ?? '').getTime()).toBe(c.clock.closes.getTime());
      expect(article.getAttribute('data-status')).toBe(c.status);
    });
  }

  it('keeps announcements quiet: one empty polite live region outside the comment form, nothing else live', () => {
    for (const c of consultations) {
      const html = readSite(c.path);
      const page = readPage(c.path);
      const all = page.querySelectorAll('main [aria-live], main [role="status"], main [role="alert"]');
      // The comment form's own regions (debounced character count, submission status) speak only while it is used.
      const inForm = all.filter((n) => n.closest('form[data-comment-form]'));
      for (const n of inForm) expect(textOf(n), c.id).toBe('');
      const live = all.filter((n) => !n.closest('form[data-comment-form]'));
      expect(live.map((n) => n.getAttribute('data-live')), c.id).toEqual(['announcer']);
      expect(textOf(live[0])).toBe('');
      expect(html).toMatch(/<script type="module" src="\/_astro\/[^"]+\.js"><\/script>/);
    }
  });
});

describe('feedback pages', () => {
  it('lists published reports newest first, and gives none of the scheduled ones a page', () => {
    const expected = [...outReports].sort((a, b) => b.data.published.localeCompare(a.data.published) || a.id.localeCompare(b.id));
    const links = listPages('/feedback/').flatMap((p) => p.querySelectorAll('main .feedback-list .card__title a').map((a) => a.getAttribute('href')));
    expect(links).toEqual(expected.map(reportPath));
    for (const r of allReports.filter((r) => !outReports.includes(r))) expect(siteHas(reportPath(r)), r.id).toBe(false);
  });

  for (const r of outReports) {
    it(`${r.id}: counts, viewpoints, on-time statement`, () => {
      const c = byId.get(r.data.consultation)!;
      const main = readPage(reportPath(r)).querySelector('main')!;
      const text = textOf(main);
      const name = (c.data.documentTitle ?? c.data.title).replace(/^《|》$/g, '');
      expect(textOf(main.querySelector('h1'))).toBe(r.data.title ?? `关于对《${name}》公开征求意见的反馈`);
      expect(text).toContain(formatChineseDate(r.data.published));
      expect(main.querySelector(`a[href="${c.path}"]`)).not.toBeNull();
      expect(text).toContain(`共收到意见建议 ${totalReceived(r.data.received)} 条`);
      if (r.data.respondents !== undefined) expect(text).toContain(`来自 ${r.data.respondents} 位`);
      expect(textOf(main.querySelector('.received-table tfoot td'))).toBe(String(totalReceived(r.data.received)));
      const rows = main.querySelectorAll('.viewpoint-table tbody tr');
      expect(rows).toHaveLength(r.data.viewpoints.length);
      r.data.viewpoints.forEach((v, i) => {
        expect(textOf(rows[i]?.querySelector('th'))).toContain(v.summary);
        if (v.count !== undefined) expect(textOf(rows[i]?.querySelector('th'))).toContain(`${v.count} 条意见`);
        expect(textOf(rows[i]?.querySelector('.disposition'))).toBe(v.disposition);
        if (v.reason) expect(textOf(rows[i]?.querySelector('td'))).toContain(v.reason);
      });
      expect(textOf(main.querySelector('.on-time'))).toBe(onTimeStatement(feedbackTiming(c.clock, now)));
    });
  }
});

describe('on-time scoreboard', () => {
  const consulting = new Set(consultations.map((c) => c.data.department));
  const expected = computeScoreboard(
    consultations.map((c) => ({ id: c.id, department: c.data.department, clock: c.clock })),
    departments.filter((d) => consulting.has(d.id)).map((d) => d.id),
    now,
  );
  const page = readPage('/scoreboard/');

  it('shows per department the numbers src/lib/scoreboard.ts computes from the content files', () => {
    const rows = page.querySelectorAll('.scoreboard-table tbody tr');
    expect(rows.map((row) => row.querySelector('th a')?.getAttribute('href'))).toEqual(expected.departments.map((d) => `/departments/${d.department}/`));
    rows.forEach((row, i) => {
      const score = expected.departments[i]!;
      const cell = (key: string) => textOf(row.querySelector(`td[data-key="${key}"]`));
      expect([cell('closed'), cell('onTime'), cell('late'), cell('overdue'), cell('awaiting'), cell('onTimeRate')]).toEqual([
        String(score.closed),
        String(score.onTime),
        String(score.late),
        String(score.overdue),
        String(score.awaiting),
        formatRate(score.onTimeRate),
      ]);
    });
    const total = page.querySelector('.scoreboard-table tfoot tr')!;
    expect(textOf(total.querySelector('td[data-key="closed"]'))).toBe(String(expected.total.closed));
    expect(textOf(total.querySelector('td[data-key="onTimeRate"]'))).toBe(formatRate(expected.total.onTimeRate));
  });

  it('lists the closed consultations behind the numbers with their result', () => {
    const rows = page.querySelectorAll('.scoreboard-rows tbody tr');
    expect(rows.map((row) => row.querySelector('th a')?.getAttribute('href'))).toEqual(expected.rows.map((r) => `/consultations/${r.id}/`));
    rows.forEach((row, i) => {
      const r = expected.rows[i]!;
      expect(row.getAttribute('data-result')).toBe(r.result);
      expect(textOf(row)).toContain(feedbackResultText(r.timing));
      expect(textOf(row)).toContain(formatChineseDate(r.dueDate));
    });
    expect(expected.rows.length).toBe(consultations.filter((c) => now.getTime() > c.clock.closes.getTime()).length);
  });

  it('explains the rule with the configured number of days', () => {
    expect(textOf(page.querySelector('main'))).toContain(`征集结束后 ${site.feedbackDays} 日内`);
  });
});

describe('home page', () => {
  const home = readPage('/');

  it('lists open and upcoming consultations, open ones soonest close first', () => {
    const expected = consultations
      .filter((c) => c.status === 'open' || c.status === 'upcoming')
      .sort((a, b) => compareForLatest(a.clock, b.clock, now) || a.id.localeCompare(b.id));
    const listed = listedConsultations(home);
    expect(listed.length).toBe(Math.min(expected.length, 8));
    expect(listed).toEqual(expected.slice(0, listed.length).map((c) => c.id));
    const open = listed.filter((id) => byId.get(id)!.status === 'open');
    expect(open).toEqual(listed.slice(0, open.length));
  });

  it('lists the newest feedback reports', () => {
    const newest = [...outReports].sort((a, b) => b.data.published.localeCompare(a.data.published) || a.id.localeCompare(b.id)).slice(0, 5);
    expect(home.querySelectorAll('main .feedback-list .card__title a').map((a) => a.getAttribute('href'))).toEqual(newest.map(reportPath));
  });

  it('links every section', () => {
    for (const href of ['/consultations/', '/feedback/', '/scoreboard/', '/departments/', '/policy-areas/']) {
      expect(home.querySelector(`main a[href="${href}"]`), href).not.toBeNull();
    }
  });

  it('stays within 15 kB of gzipped HTML', () => {
    expect(gzipSync(readSite('/')).length).toBeLessThanOrEqual(15 * 1024);
  });
});

describe('departments and policy areas', () => {
  it('lists all policy areas with their counts, and each area page lists its consultations or says there is none', () => {
    const index = readPage('/policy-areas/');
    const cards = index.querySelectorAll('main .card');
    expect(cards.map((card) => card.querySelector('a')?.getAttribute('href'))).toEqual(policyAreas.map((a) => `/policy-areas/${a.id}/`));
    policyAreas.forEach((area, i) => {
      const inArea = consultations.filter((c) => c.data.policyAreas.includes(area.id));
      expect(textOf(cards[i]?.querySelector('.card__meta'))).toBe(inArea.length > 0 ? `意见征集 ${inArea.length} 项` : '暂无意见征集');
      const page = readPage(`/policy-areas/${area.id}/`);
      expect(listedAcrossPages(`/policy-areas/${area.id}/`).sort()).toEqual(inArea.map((c) => c.id).sort());
      if (inArea.length === 0) expect(textOf(page.querySelector('main'))).toContain('该领域暂无意见征集');
    });
  });

  it('gives each department a page listing its consultations', () => {
    const index = readPage('/departments/');
    // In the order editors wrote content/departments.yaml.
    expect(index.querySelectorAll('main .card__title a').map((a) => a.getAttribute('href'))).toEqual(departments.map((d) => `/departments/${d.id}/`));
    for (const d of departments) {
      const page = readPage(`/departments/${d.id}/`);
      expect(textOf(page.querySelector('h1'))).toBe(d.data.name);
      expect(listedAcrossPages(`/departments/${d.id}/`).sort()).toEqual(consultations.filter((c) => c.data.department === d.id).map((c) => c.id).sort());
    }
  });
});

describe('what every one of these pages keeps to', () => {
  const paths = [
    '/',
    '/consultations/',
    ...CONSULTATION_STATUSES.map((s) => `/consultations/status/${s}/`),
    ...consultations.map((c) => c.path),
    '/feedback/',
    ...outReports.map(reportPath),
    '/departments/',
    '/policy-areas/',
    '/scoreboard/',
  ];

  it('has no inline script or style (Content-Security-Policy default-src self)', () => {
    for (const path of paths) {
      const html = readSite(path);
      expect(html, path).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html, path).not.toMatch(/\sstyle="/);
      expect(html, path).not.toMatch(/\son[a-z]+="/);
    }
  });

  it('loads at most 5 kB of gzipped JavaScript per page, counting imported modules', () => {
    const readModule = (src: string) => (siteHas(src) ? readSite(src) : undefined);
    for (const path of paths) {
      const scripts = scriptClosure(pageAssets(readSite(path), path).scripts, readModule);
      const bytes = scripts.reduce((sum, src) => sum + gzipSync(readSite(src)).length, 0);
      expect(bytes, path).toBeLessThanOrEqual(BUDGETS.js);
    }
  });

  it('has one h1 and headings that do not skip levels; tables have captions and scoped headers', () => {
    for (const path of paths) {
      const main = readPage(path).querySelector('main')!;
      expect(main.querySelectorAll('h1'), path).toHaveLength(1);
      let previous = 1;
      for (const h of main.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
        const level = Number(h.tagName.slice(1));
        expect(level, `${path}: ${textOf(h)}`).toBeLessThanOrEqual(previous + 1);
        previous = level;
      }
      // Tables written by the pages; tables inside an editor's Markdown (.prose) follow Markdown's rules.
      for (const table of main.querySelectorAll('table').filter((t) => !t.closest('.prose'))) {
        expect(textOf(table.querySelector('caption')), path).not.toBe('');
        for (const th of table.querySelectorAll('th')) expect(['col', 'row'], path).toContain(th.getAttribute('scope'));
      }
    }
  });
});
