/**
 * Notices, warnings and events on the built sample site: the alert banner on
 * every page, warning pages with their status and chain, event statistics and
 * timeline, static filter pages, active.json, RSS and the CAP 1.2 feed.
 * Expected values come from the content files through the src/lib rules at
 * BUILD_NOW, never typed in; only the sample's one warning in force is named.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { BUILD_NOW, SITE_DIR, readPage, readSite, siteHas, textOf } from '../helpers/site.ts';
import { sitePages } from '../helpers/browser.ts';
import { assertCapDocument, parseAlert, plain } from '../helpers/cap.ts';
import { readDataMap, readEntries } from '../../src/build/content-files.ts';
import { CONTENT_PATHS } from '../../src/build/content-paths.ts';
import { noticeSchema } from '../../src/schemas/notice.ts';
import { eventSchema } from '../../src/schemas/event.ts';
import { departmentSchema } from '../../src/schemas/department.ts';
import { loadSiteConfig } from '../../src/config/site.ts';
import { INFORMATION_CATEGORIES, KIND_LABELS, NOTICE_KINDS, categoryOf, noticeStatistics, noticeYear } from '../../src/lib/notices.ts';
import { LEVELS, WARNING_LEVELS, WARNING_STATUS_LABELS, linkWarnings, warningAction, warningStatus, warningsInForce, type WarningFacts } from '../../src/lib/warnings.ts';
import { capIdentifier, currentCapWarnings, type CapWarning } from '../../src/lib/cap.ts';
import { messagesDue, type WarningAlertsData } from '../../src/lib/warning-alerts/rules.ts';
import { allFilters, matchesFilter, noticeFilterPath } from '../../src/lib/notice-filters.ts';
import { pageCount, pageHref } from '../../src/lib/pagination.ts';

/** Notice links of a paginated list, page after page; checks the page count too. */
function listedAcrossPages(base: string, expectedTotal: number): string[] {
  const hrefs: string[] = [];
  const pages = pageCount(expectedTotal);
  for (let p = 1; p <= pages; p++) {
    expect(siteHas(pageHref(base, p)), pageHref(base, p)).toBe(true);
    hrefs.push(...readPage(pageHref(base, p)).querySelectorAll('.card-list .card__title a').map((a) => a.getAttribute('href')!));
  }
  expect(siteHas(pageHref(base, pages + 1)), `no page ${pages + 1} of ${base}`).toBe(false);
  return hrefs;
}

const root = process.env.GONGKAI_CONTENT_ROOT ?? process.cwd();
const now = new Date(BUILD_NOW);
const site = loadSiteConfig(root);
const departments = new Map([...readDataMap(root, CONTENT_PATHS.departments).entries].map(([id, v]) => [id, departmentSchema.parse(v)]));
const notices = readEntries(root, CONTENT_PATHS.notices)
  .map((f) => ({ id: f.id, data: noticeSchema.parse(f.data) }))
  .filter((n) => !n.data.draft);
const byId = new Map(notices.map((n) => [n.id, n]));
const events = readEntries(root, CONTENT_PATHS.events)
  .map((f) => ({ id: f.id, data: eventSchema.parse(f.data) }))
  .filter((e) => !e.data.draft);

/** Level of a warning notice; a cancellation takes the level of what it lifts. */
function levelOf(id: string): (typeof WARNING_LEVELS)[number] {
  const n = byId.get(id)!;
  return n.data.level ?? levelOf(n.data.cancels!);
}
const warnings: WarningFacts[] = notices
  .filter((n) => n.data.kind === '预警')
  .map((n) => ({ id: n.id, level: levelOf(n.id), issued: n.data.issued, validUntil: n.data.validUntil, updates: n.data.updates, cancels: n.data.cancels }));
const links = linkWarnings(warnings);
const inForce = warningsInForce(warnings, now, links);

const htmlPages = sitePages(
  (function walk(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [relative(SITE_DIR, join(dir, d.name))]));
  })(SITE_DIR).filter((f) => f.endsWith('.html')),
);

describe('sample content', () => {
  it('has exactly one warning in force at BUILD_NOW: the cold-wave warning of 2026-11-28', () => {
    expect(inForce.map((w) => w.id)).toEqual(['2026-11-28-hanchao-lanse']);
  });

  it('exercises every kind, every level, updates, a cancellation and every information category', () => {
    expect(new Set(notices.map((n) => n.data.kind))).toEqual(new Set(NOTICE_KINDS));
    expect(new Set(warnings.map((w) => w.level))).toEqual(new Set(WARNING_LEVELS));
    expect(new Set(warnings.map(warningAction))).toEqual(new Set(['alert', 'update', 'cancel']));
    expect(new Set(notices.map((n) => categoryOf(n.data)).filter(Boolean))).toEqual(new Set(INFORMATION_CATEGORIES));
  });
});

describe('alert banner', () => {
  it('is on every page, after the header and before the main content, listing the warnings in force in order', () => {
    expect(htmlPages.length).toBeGreaterThan(20);
    for (const path of htmlPages) {
      const html = readSite(path);
      const header = html.indexOf('</header>');
      const banner = html.indexOf('data-alert-banner');
      const main = html.indexOf('<main');
      expect(banner, path).toBeGreaterThan(header);
      expect(banner, path).toBeLessThan(main);
      const ids = readPage(path)
        .querySelectorAll('[data-alert-banner] li')
        .map((li) => li.getAttribute('data-warning-id'));
      expect(ids, path).toEqual(inForce.map((w) => w.id));
    }
  });

  it('spells out the level, links to the warning and carries its times', () => {
    const items = readPage('/').querySelectorAll('[data-alert-banner] li');
    expect(items).toHaveLength(inForce.length);
    for (const [i, li] of items.entries()) {
      const w = inForce[i]!;
      const n = byId.get(w.id)!;
      expect(li.getAttribute('data-level')).toBe(w.level);
      expect(new Date(li.getAttribute('data-valid-until') ?? '').getTime()).toBe(w.validUntil!.getTime());
      expect(new Date(li.getAttribute('data-issued') ?? '').getTime()).toBe(w.issued.getTime());
      expect(li.querySelector('a')?.getAttribute('href')).toBe(`/notices/${w.id}/`);
      const badge = li.querySelector('.level-badge');
      expect(badge?.classList.contains(`level-badge--${LEVELS[w.level].slug}`)).toBe(true);
      expect(textOf(badge)).toBe(`${w.level}预警`);
      expect(textOf(li)).toContain(departments.get(n.data.issuer)!.name);
      expect(textOf(li)).toContain('有效期至');
    }
    expect(textOf(readPage('/').querySelector('[data-alert-banner]'))).toContain('蓝色预警');
  });

  it('names its region and loads its script from a file, not inline', () => {
    const page = readPage('/');
    const banner = page.querySelector('[data-alert-banner]')!;
    const label = page.getElementById(banner.getAttribute('aria-labelledby') ?? '');
    expect(textOf(label)).toBe('预警信息');
    for (const script of page.querySelectorAll('script')) expect(script.getAttribute('src'), script.toString().slice(0, 80)).toBeTruthy();
    expect(readSite('/')).not.toMatch(/\sstyle="/);
  });

  it('uses the standard level colours, equal to LEVELS, in the built CSS', () => {
    const cssFiles = readdirSync(join(SITE_DIR, '_astro')).filter((f) => f.endsWith('.css'));
    const css = cssFiles.map((f) => readFileSync(join(SITE_DIR, '_astro', f), 'utf8')).join('\n');
    for (const level of WARNING_LEVELS) {
      const { slug, background, text } = LEVELS[level];
      const rule = new RegExp(`\\.level-badge--${slug}\\{([^}]*)\\}`).exec(css)?.[1] ?? '';
      expect(rule, slug).toContain(`background:${background}`);
      expect(rule, slug).toContain(`color:${text}`);
    }
  });
});

describe('/notices/active.json and /notices/alert-banner.json', () => {
  it('active.json lists the warnings in force', () => {
    const json = JSON.parse(readSite('/notices/active.json'));
    expect(json.version).toBe(1);
    expect(json.generated).toBe('2026-11-28T10:00:00+08:00');
    const listed = json.warnings as { id: string; validUntil: string; path: string }[];
    expect(listed.map((w) => w.id)).toEqual(inForce.map((w) => w.id));
    expect(listed.map((w) => new Date(w.validUntil).getTime())).toEqual(inForce.map((w) => w.validUntil!.getTime()));
    for (const w of listed) expect(siteHas(w.path), w.path).toBe(true);
  });

  it('the banner file the browser script fetches carries exactly the entries built into the pages', () => {
    const file = JSON.parse(readSite('/notices/alert-banner.json'));
    expect(file.version).toBe(1);
    const entries = parse(`<ul>${file.html}</ul>`).querySelectorAll('li');
    expect(entries.map((li) => li.getAttribute('data-warning-id'))).toEqual(inForce.map((w) => w.id));
    const banner = readPage('/').querySelector('[data-alert-banner] [data-alert-list]');
    expect(file.html).toBe(banner?.innerHTML);
  });
});

describe('warning pages', () => {
  it('show level, hazard, areas, times, channels and the status at build time', () => {
    for (const w of warnings) {
      const n = byId.get(w.id)!;
      const page = readPage(`/notices/${w.id}/`);
      const panel = page.querySelector('.warning-panel');
      expect(panel, w.id).not.toBeNull();
      const text = textOf(panel);
      expect(text).toContain(`${w.level}（${LEVELS[w.level].grade}`);
      if (n.data.hazard) expect(text).toContain(n.data.hazard);
      for (const area of n.data.areas ?? []) expect(text).toContain(area);
      if (n.data.validUntil) expect(text).toContain('有效期至');
      const action = warningAction(w);
      const status = panel!.querySelector('.badge');
      if (action === 'cancel') {
        expect(textOf(status)).toBe('解除通知');
      } else {
        expect(textOf(status), w.id).toBe(WARNING_STATUS_LABELS[warningStatus(w, links.next.get(w.id), now)]);
      }
      for (const channel of n.data.channels) expect(textOf(page.querySelector('#facts-title')?.parentNode as never)).toContain(channel);
    }
  });

  it('show the whole chain of updates with the current one marked', () => {
    const chained = warnings.filter((w) => links.previous.has(w.id) || links.next.has(w.id));
    expect(chained.length).toBeGreaterThan(2);
    for (const w of chained) {
      const items = readPage(`/notices/${w.id}/`).querySelectorAll('.warning-chain li');
      const hrefs = items.map((li) => li.querySelector('a')?.getAttribute('href') ?? 'current');
      let first = w.id;
      while (links.previous.has(first)) first = links.previous.get(first)!;
      const chainIds = [first];
      for (let n = links.next.get(first)?.id; n; n = links.next.get(n)?.id) chainIds.push(n);
      expect(hrefs).toEqual(chainIds.map((id) => (id === w.id ? 'current' : `/notices/${id}/`)));
      expect(items.filter((li) => li.getAttribute('aria-current') === 'step')).toHaveLength(1);
    }
  });

  it('words a superseded warning as 已更新 and a cancelled one as 已解除, pointing onwards', () => {
    const superseded = warnings.find((w) => warningStatus(w, links.next.get(w.id), now) === 'superseded')!;
    const cancelled = warnings.find((w) => warningStatus(w, links.next.get(w.id), now) === 'cancelled')!;
    expect(textOf(readPage(`/notices/${superseded.id}/`).querySelector('.warning-panel'))).toContain('本预警已被更新');
    expect(textOf(readPage(`/notices/${cancelled.id}/`).querySelector('.warning-panel'))).toContain('解除');
  });

  it('carry the live badge only while in force', () => {
    for (const w of warnings) {
      const live = readPage(`/notices/${w.id}/`).querySelectorAll('[data-warning-live]');
      expect(live.length > 0, w.id).toBe(inForce.some((f) => f.id === w.id));
    }
  });
});

describe('responses to concerns', () => {
  it('show the concern as raised, its date and the answer', () => {
    const responses = notices.filter((n) => n.data.kind === '回应关切');
    expect(responses.length).toBeGreaterThan(0);
    for (const r of responses) {
      const concern = readPage(`/notices/${r.id}/`).querySelector('.concern');
      expect(textOf(concern)).toContain(r.data.concern!.question);
      expect(textOf(concern)).toContain('提出时间');
      expect(textOf(readPage(`/notices/${r.id}/`).querySelector('#facts-title')?.parentNode as never)).toContain(`回应单位${departments.get(r.data.issuer)!.name}`);
    }
  });
});

describe('event pages', () => {
  it('compute statistics from the notices of the event', () => {
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) {
      const own = notices.filter((n) => n.data.event === e.id);
      const stats = noticeStatistics(own.map((n) => ({ ...n.data, level: n.data.kind === '预警' ? levelOf(n.id) : undefined })));
      const page = readPage(`/events/${e.id}/`);
      const table = (name: string) =>
        Object.fromEntries(page.querySelectorAll(`table[data-stats="${name}"] tbody tr`).map((tr) => [textOf(tr.querySelector('th')), Number(textOf(tr.querySelector('td')))]));
      expect(table('level')).toEqual(Object.fromEntries(WARNING_LEVELS.map((l) => [`${l}预警`, stats.warningsByLevel[l]])));
      expect(table('category')).toEqual(stats.byCategory);
      expect(table('kind')).toEqual(Object.fromEntries(NOTICE_KINDS.map((k) => [KIND_LABELS[k], stats.byKind[k]])));
      expect(table('channel')).toEqual(Object.fromEntries(stats.channels.map((c) => [c.channel, c.count])));
      const figures = Object.fromEntries(page.querySelectorAll('.stat-list > div').map((d) => [textOf(d.querySelector('dt')), Number(textOf(d.querySelector('.stat-number')))]));
      expect(figures).toEqual({
        发布信息: own.length,
        发布预警: stats.warningActions.alert,
        更新预警: stats.warningActions.update,
        解除预警: stats.warningActions.cancel,
        回应群众关切: stats.concernsAnswered,
      });
      // Anchors on the sample, so a broken count cannot agree with itself: at least one of each.
      expect(stats.warningActions.cancel).toBeGreaterThan(0);
      expect(stats.concernsAnswered).toBeGreaterThan(0);
    }
  });

  it('list everything published for the event, grouped by the five kinds, oldest first', () => {
    for (const e of events) {
      const page = readPage(`/events/${e.id}/`);
      const groups = page.querySelectorAll('.timeline-group');
      expect(groups.map((g) => textOf(g.querySelector('h3')).replace(/（.*$/, ''))).toEqual([...INFORMATION_CATEGORIES]);
      const listed: string[] = [];
      for (const [i, g] of groups.entries()) {
        const expected = notices
          .filter((n) => n.data.event === e.id && categoryOf(n.data) === INFORMATION_CATEGORIES[i])
          .sort((a, b) => a.data.issued.getTime() - b.data.issued.getTime() || a.id.localeCompare(b.id))
          .map((n) => `/notices/${n.id}/`);
        const hrefs = g.querySelectorAll('.card__title a').map((a) => a.getAttribute('href')!);
        expect(hrefs).toEqual(expected);
        listed.push(...hrefs);
      }
      expect(listed.sort()).toEqual(notices.filter((n) => n.data.event === e.id).map((n) => `/notices/${n.id}/`).sort());
    }
  });
});

describe('notices list and filter pages', () => {
  it('list every published notice, newest first, page after page', () => {
    const hrefs = listedAcrossPages('/notices/', notices.length);
    const expected = [...notices].sort((a, b) => b.data.issued.getTime() - a.data.issued.getTime() || a.id.localeCompare(b.id)).map((n) => `/notices/${n.id}/`);
    expect(hrefs).toEqual(expected);
  });

  it('have a static page for every filter, listing exactly its notices, marked current', () => {
    const facts = notices.map((n) => ({
      id: n.id,
      kind: n.data.kind,
      category: categoryOf(n.data),
      level: n.data.kind === '预警' ? levelOf(n.id) : undefined,
      year: noticeYear(n.data.issued),
    }));
    const filters = allFilters(facts.map((f) => f.year));
    expect(filters.some((f) => f.by === 'year' && f.value === '2026')).toBe(true);
    for (const filter of filters) {
      const path = noticeFilterPath(filter);
      expect(siteHas(path), path).toBe(true);
      const page = readPage(path);
      const selected = facts.filter((f) => matchesFilter(f, filter));
      const hrefs = listedAcrossPages(path, selected.length).sort();
      expect(hrefs, path).toEqual(selected.map((f) => `/notices/${f.id}/`).sort());
      expect(page.querySelector(`.notice-filters a[href="${path}"]`)?.getAttribute('aria-current'), path).toBe('page');
    }
    const red = readPage('/notices/level/red/').querySelectorAll('.card-list .level-badge').map((b) => textOf(b));
    expect(red.length).toBeGreaterThan(0);
    expect(new Set(red)).toEqual(new Set(['红色预警']));
  });

  it('is in the site navigation', () => {
    expect(readPage('/').querySelectorAll('header a').some((a) => a.getAttribute('href') === '/notices/' && textOf(a) === '通知公告')).toBe(true);
  });
});

describe('feeds', () => {
  it('RSS lists the newest notices as valid XML', () => {
    const xml = readSite('/notices/rss.xml');
    expect(XMLValidator.validate(xml)).toBe(true);
    const rss = new XMLParser({ isArray: (n) => n === 'item' }).parse(xml) as { rss: { channel: { item: { title: string }[] } } };
    const newest = [...notices].sort((a, b) => b.data.issued.getTime() - a.data.issued.getTime())[0]!;
    expect(rss.rss.channel.item).toHaveLength(Math.min(50, notices.length));
    expect(rss.rss.channel.item[0]!.title).toBe(newest.data.title);
  });

  const capWarnings: CapWarning[] = warnings.map((w) => {
    const n = byId.get(w.id)!;
    const lifted = w.cancels ? byId.get(w.cancels) : undefined;
    return {
      ...w,
      title: n.data.title,
      hazard: (n.data.hazard ?? lifted?.data.hazard)!,
      areas: (n.data.areas ?? lifted?.data.areas ?? []).map((name) => ({ name })),
      issuer: { id: n.data.issuer, name: departments.get(n.data.issuer)!.name },
      description: '',
      path: `/notices/${w.id}/`,
    };
  });

  it('the CAP feed carries one CAP 1.2 alert, valid against the schema, per current warning', async () => {
    const xml = readSite('/notices/cap.xml');
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = (plain.parse(xml) as { feed: { entry?: Record<string, unknown>[] } }).feed;
    const expected = currentCapWarnings(capWarnings, links, now);
    expect(expected.length).toBeGreaterThan(0);
    const entries = feed.entry ?? [];
    expect(entries).toHaveLength(expected.length);
    await assertCapDocument(xml);
    for (const [i, entry] of entries.entries()) {
      const alert = (entry['content'] as Record<string, unknown>)['alert'] as Record<string, unknown>;
      expect(alert['identifier']).toBe(capIdentifier(site, expected[i]!.id));
    }
  });

  it('every warning, update and cancellation has a standalone CAP document, valid against the schema, whose references resolve and whose areas carry their codes', async () => {
    const identifiers = new Set(warnings.map((w) => capIdentifier(site, w.id)));
    for (const w of warnings) {
      const xml = readSite(`/notices/cap/${w.id}.xml`);
      expect(XMLValidator.validate(xml)).toBe(true);
      await assertCapDocument(xml);
      const { alert } = parseAlert(xml);
      expect(alert['msgType']).toBe({ alert: 'Alert', update: 'Update', cancel: 'Cancel' }[warningAction(w)]);
      const refs = alert['references'] ? String(alert['references']).split(' ').map((r) => r.split(',')[1]) : [];
      for (const r of refs) expect(identifiers.has(r!), r).toBe(true);
      if (links.previous.has(w.id)) expect(refs.at(-1)).toBe(capIdentifier(site, links.previous.get(w.id)!));
    }
  });

  it('/data/warnings.json gives the delivery run every warning message with its registered areas and the CAP document the site serves', () => {
    const data = JSON.parse(readSite('/data/warnings.json')) as WarningAlertsData;
    expect(data.messages.map((m) => m.id).sort()).toEqual(warnings.map((w) => w.id).sort());
    const codes = new Set(data.areas.map((a) => a.code));
    for (const m of data.messages) {
      expect(m.cap).toBe(readSite(`/notices/cap/${m.id}.xml`));
      expect(m.areas.length, m.id).toBeGreaterThan(0);
      for (const a of m.areas) expect(codes.has(a.code), `${m.id} ${a.code}`).toBe(true);
    }
    // At build time only the warning in force is due; the 2020 flood archive is never sent again by a new deploy.
    expect(messagesDue(data.messages, new Date(BUILD_NOW)).map((m) => m.id)).toEqual(['2026-11-28-hanchao-lanse']);
  });
});
