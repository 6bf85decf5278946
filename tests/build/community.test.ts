/**
 * The /community/ pages of the sample site: every community with its five-level grid,
 * its disclosure items (主体, 内容, 时限, 方式) with stale ones marked, its service items,
 * activities and notices; each service item's one-time notice and 微解读; the RSS and JSON feeds of each community. Expected values
 * come from the content files through the src/lib rules, never typed in.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BUILD_NOW, SITE_DIR, readPage, readSite, siteHas, textOf } from '../helpers/site.ts';
import { readDataMap, readEntries } from '../../src/build/content-files.ts';
import { CONTENT_PATHS } from '../../src/build/content-paths.ts';
import { communityActivitySchema, communityDisclosureSchema, communityNoticeSchema, communitySchema, serviceItemSchema } from '../../src/schemas/community.ts';
import { GRID_LEVELS, communityFeedPaths, communityHandoutPath, communityPosterPath, frequencyText, communityNoticePath, communityPath, disclosureItemPath, disclosureTiming, serviceItemPath } from '../../src/lib/community/community.ts';
import type { JsonFeed } from '../../src/lib/community/feed.ts';
import { absoluteUrl } from '../../src/lib/feeds.ts';
import { loadSiteConfig } from '../../src/config/site.ts';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { findPrivateNumbers } from '../../src/lib/community/private-numbers.ts';
import { shanghaiDate } from '../../src/lib/time.ts';
import { catalogueItemPath } from '../../src/lib/catalogue-view.ts';

const root = process.env.GONGKAI_CONTENT_ROOT ?? process.cwd();
const site = loadSiteConfig(root);
const today = shanghaiDate(new Date(BUILD_NOW));
const communities = readEntries(root, CONTENT_PATHS.communities).map((f) => ({ id: f.id, data: communitySchema.parse(f.data) }));
const items = readEntries(root, CONTENT_PATHS.communityDisclosure)
  .map((f) => ({ id: f.id, data: communityDisclosureSchema.parse(f.data) }))
  .filter((i) => !i.data.draft);
const services = readEntries(root, CONTENT_PATHS.communityServices)
  .map((f) => ({ id: f.id, data: serviceItemSchema.parse(f.data) }))
  .filter((s) => !s.data.draft);
const notices = readEntries(root, CONTENT_PATHS.communityNotices)
  .map((f) => ({ id: f.id, data: communityNoticeSchema.parse(f.data) }))
  .filter((n) => !n.data.draft && n.data.published <= today);
const activities = [...readDataMap(root, CONTENT_PATHS.communityActivities).entries].map(([id, v]) => ({ id, data: communityActivitySchema.parse(v) }));

const squash = (t: string) => t.replace(/\s+/g, '');

describe('sample content', () => {
  it('follows the source: at least three communities, 16 service items including the five it names, the six 特色服务', () => {
    expect(communities.length).toBeGreaterThanOrEqual(3);
    expect(services).toHaveLength(16);
    const names = services.map((s) => s.data.guide.name).join('、');
    for (const named of ['最低生活保障', '临时救助', '残疾人两项补贴', '医疗救助', '养老保险']) expect(names).toContain(named);
    expect(activities.map((a) => `${a.data.name}——${a.data.slogan}`)).toEqual([
      '民情连心扣——架起党群连心桥',
      '小总理议事会——解决纠纷促和谐',
      '妈妈唠嗑队——唠出社会正能量',
      '邻里帮帮团——开启互助新模式',
      '和事佬协会——化解矛盾调纠纷',
      '同心乐艺术团——文化引领聚民心',
    ]);
  });

  it('marks invented content as 示例 on every page built from it', () => {
    for (const c of communities) if (c.data.sample) expect(textOf(readPage(communityPath(c.id)).querySelector('main')), c.id).toContain('本页为示例');
    for (const s of services) if (s.data.sample) expect(textOf(readPage(serviceItemPath(s.id)).querySelector('main')), s.id).toContain('本页为示例');
  });
});

describe('/community/', () => {
  const page = readPage('/community/');
  const main = page.querySelector('main')!;

  it('is in the main navigation', () => {
    const nav = page.querySelectorAll('nav a').map((a) => [textOf(a), a.getAttribute('href')]);
    expect(nav).toContainEqual(['社区微公开', '/community/']);
  });

  it('links every community, every service item and the latest notices', () => {
    const links = main.querySelectorAll('a').map((a) => a.getAttribute('href'));
    for (const c of communities) expect(links, c.id).toContain(communityPath(c.id));
    for (const s of services) expect(links, s.id).toContain(serviceItemPath(s.id));
    for (const n of notices.sort((a, b) => b.data.published.localeCompare(a.data.published)).slice(0, 10)) expect(links, n.id).toContain(communityNoticePath(n.id));
    expect(textOf(main)).toContain(`便民服务事项（${services.length} 项）`);
  });

  it('lists the six activities and where they run', () => {
    const text = squash(textOf(main));
    for (const a of activities) {
      expect(text).toContain(squash(`${a.data.name}——${a.data.slogan}`));
      const where = a.data.communities.map((id) => communities.find((c) => c.id === id)!.data.name).join('、');
      expect(text).toContain(squash(`开展社区${where}`));
    }
  });
});

describe('a community page', () => {
  for (const c of communities) {
    describe(c.data.name, () => {
      const main = readPage(communityPath(c.id)).querySelector('main')!;
      const text = squash(textOf(main));

      it('shows the five levels of its grid, each with who answers and an office number', () => {
        for (const level of GRID_LEVELS) expect(text, level).toContain(level);
        expect(text).toContain(squash(`${c.data.grid.name}：${c.data.grid.responsible}，电话${c.data.grid.contact}`));
        for (const s of c.data.grid.stations) {
          expect(text).toContain(squash(`${s.name}：${s.responsible}，电话${s.contact ?? c.data.grid.contact}`));
          for (const p of s.compounds) {
            expect(text).toContain(squash(`${p.name}：${p.responsible}`));
            for (const b of p.buildings) expect(text).toContain(squash(`${b.name}：${b.responsible}`) );
          }
        }
        // Phone numbers are links people can tap.
        expect(main.querySelector(`a[href="tel:${String(c.data.grid.contact).replace(/\D/g, '')}"]`)).not.toBeNull();
      });

      it('shows each disclosure item with 主体, 内容, 时限 and 方式, and marks exactly the stale ones', () => {
        const own = items.filter((i) => i.data.community === c.id);
        expect(own.length).toBeGreaterThan(0);
        for (const i of own) {
          const article = main.querySelector(`#${i.id}`);
          expect(article, i.id).not.toBeNull();
          const t = squash(textOf(article));
          expect(t).toContain(squash(`公开主体${i.data.subject}`));
          expect(t).toContain(squash(`公开内容${i.data.content}`));
          expect(t).toContain(squash(`公开方式${i.data.methods.join('、')}`));
          const timing = disclosureTiming(i.data.updated, i.data.frequency, today);
          expect(t.includes('逾期未更新'), i.id).toBe(timing.overdue);
          if (timing.overdue) expect(t).toContain(`已逾期${timing.daysOverdue}天`);
        }
      });

      it('links its service items and notices, and names its activities', () => {
        const links = main.querySelectorAll('a').map((a) => a.getAttribute('href'));
        for (const s of services.filter((s) => !s.data.communities || s.data.communities.includes(c.id))) expect(links).toContain(serviceItemPath(s.id));
        for (const n of notices.filter((n) => n.data.community === c.id)) expect(links).toContain(communityNoticePath(n.id));
        for (const a of activities.filter((a) => a.data.communities.includes(c.id))) expect(text).toContain(a.data.name);
      });
    });
  }

  it('the sample has a stale item to show', () => {
    expect(items.some((i) => disclosureTiming(i.data.updated, i.data.frequency, today).overdue)).toBe(true);
  });
});

describe('a service item page', () => {
  for (const s of services) {
    it(`${s.data.guide.name}: the whole one-time notice, the 微解读 and its policy document`, () => {
      const main = readPage(serviceItemPath(s.id)).querySelector('main')!;
      const g = s.data.guide;
      const notice = main.querySelector('.service-guide')!;
      const t = squash(textOf(notice));
      expect(t).toContain(squash(`一次性告知单：${g.name}`));
      for (const m of g.materials) expect(t).toContain(squash(m.name));
      const steps = notice.querySelectorAll('.service-guide__steps li').map((li) => textOf(li));
      expect(steps).toEqual(g.steps);
      for (const [label, value] of [['办理时限', g.timeLimit], ['收费标准', g.fee], ['办理地点', g.place], ['办理时间', g.hours], ['咨询电话', g.contact]]) {
        expect(t).toContain(squash(`${label}${value}`));
      }
      const explains = s.data.explains;
      const policyLinks = notice.querySelectorAll('a').map((a) => a.getAttribute('href'));
      expect(policyLinks).toContain(typeof explains === 'string' ? catalogueItemPath(explains) : explains.url);
      const explainer = main.querySelector('.service-explainer')!;
      expect(textOf(explainer)).toContain('微解读');
      expect(explainer.querySelectorAll('a').length).toBeGreaterThan(0);
    });
  }
});

describe('printable sheets of a community', () => {
  it('each community page links its poster and its hand-out, out of print', () => {
    for (const c of communities) {
      const links = readPage(communityPath(c.id)).querySelectorAll('.no-print a').map((a) => a.getAttribute('href'));
      expect(links, c.id).toEqual(expect.arrayContaining([communityPosterPath(c.id), communityHandoutPath(c.id)]));
    }
  });

  it('the poster lists every published disclosure item with its time limit and every service item the community offers', () => {
    for (const c of communities) {
      const poster = readPage(communityPosterPath(c.id));
      const rows = poster.querySelectorAll('.community-poster__table tbody tr').map((tr) => squash(textOf(tr)));
      const own = items.filter((i) => i.data.community === c.id);
      expect(rows, c.id).toHaveLength(own.length);
      for (const i of own) expect(rows.some((r) => r.startsWith(squash(i.data.title)) && r.includes(squash(frequencyText(i.data.frequency)))), `${c.id}: ${i.id}`).toBe(true);
      const offered = services.filter((s) => !s.data.communities || s.data.communities.includes(c.id));
      expect(poster.querySelectorAll('.community-poster__services li').map((li) => textOf(li)).sort(), c.id).toEqual(offered.map((s) => s.data.guide.name).sort());
      expect(poster.querySelector('[data-pagefind-body]'), 'kept out of the site search').toBeNull();
    }
  });

  it('the hand-out has one card per grid service station with its office phone', () => {
    for (const c of communities) {
      const cards = readPage(communityHandoutPath(c.id)).querySelectorAll('.grid-card');
      expect(cards.map((card) => textOf(card.querySelector('h2'))), c.id).toEqual(c.data.grid.stations.map((s) => `${c.data.name} · ${s.name}`));
      c.data.grid.stations.forEach((s, k) => expect(textOf(cards[k]), s.name).toContain(s.contact ?? c.data.grid.contact));
    }
  });
});

describe('personal data', () => {
  it('no /community/ page carries a mobile or identity card number', () => {
    const files = readdirSync(join(SITE_DIR, 'community'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.(html|xml|json)$/.test(f));
    expect(files.length).toBeGreaterThan(communities.length + services.length);
    for (const f of files) expect(findPrivateNumbers(readSite(`/community/${f}`)), f).toEqual([]);
  });

  it('every notice has its page', () => {
    for (const n of notices) expect(siteHas(communityNoticePath(n.id)), n.id).toBe(true);
  });
});

describe('feeds per community', () => {
  const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'item' });
  for (const c of communities) {
    it(`${c.data.name}: RSS and JSON Feed hold its notices and disclosure updates, the same entries in the same order`, () => {
      const paths = communityFeedPaths(c.id);
      const xml = readSite(paths.rss);
      expect(XMLValidator.validate(xml)).toBe(true);
      const channel = parser.parse(xml).rss.channel;
      expect(channel.link).toBe(absoluteUrl(site, communityPath(c.id)));
      const rssItems = channel.item as { link: string; guid: { '#text': string }; title: string }[];

      const json = JSON.parse(readSite(paths.json)) as JsonFeed;
      expect(json.version).toBe('https://jsonfeed.org/version/1.1');
      expect(json.feed_url).toBe(absoluteUrl(site, paths.json));
      expect(json.items.map((i) => [i.id, i.url, i.title])).toEqual(rssItems.map((i) => [i.guid['#text'], i.link, i.title]));

      const own = notices.filter((n) => n.data.community === c.id);
      const ownItems = items.filter((i) => i.data.community === c.id);
      expect(json.items).toHaveLength(Math.min(50, own.length + ownItems.length));
      for (const n of own) expect(json.items.map((i) => i.url)).toContain(absoluteUrl(site, communityNoticePath(n.id)));
      for (const i of ownItems) {
        const entry = json.items.find((x) => x.url === absoluteUrl(site, disclosureItemPath(c.id, i.id)));
        expect(entry?._community, i.id).toMatchObject({ subject: i.data.subject, content: i.data.content, frequency: i.data.frequency, methods: i.data.methods, updated: i.data.updated });
        expect(entry!._community!.overdue).toBe(disclosureTiming(i.data.updated, i.data.frequency, today).overdue);
      }
      const dates = json.items.map((i) => i.date_published);
      expect(dates).toEqual([...dates].sort().reverse());
    });

    it(`${c.data.name}: its page announces and links both feeds, RSS first`, () => {
      const paths = communityFeedPaths(c.id);
      const page = readPage(communityPath(c.id));
      const announced = page.querySelectorAll('head link[rel="alternate"]').map((l) => [l.getAttribute('type'), l.getAttribute('href')]);
      expect(announced.slice(0, 2)).toEqual([
        ['application/rss+xml', paths.rss],
        ['application/feed+json', paths.json],
      ]);
      const links = page.querySelectorAll('main a').map((a) => a.getAttribute('href'));
      expect(links).toEqual(expect.arrayContaining([paths.rss, paths.json]));
    });
  }
});

describe('满意度评价 form', () => {
  const targets = JSON.parse(readSite('/data/rating-targets.json')) as { targets: { id: string; path: string; unit: { id: string } }[] };
  it('every service item page posts its own rating target, which the function knows with the item’s unit', () => {
    for (const s of services) {
      const form = readPage(serviceItemPath(s.id)).querySelector('main form.rating-form')!;
      expect(form.getAttribute('action')).toBe('/api/ratings');
      expect(form.getAttribute('method')).toBe('post');
      const target = form.querySelector('input[name="target"]')!.getAttribute('value');
      expect(target).toBe(`service:${s.id}`);
      expect(targets.targets.find((t) => t.id === target)).toMatchObject({ path: serviceItemPath(s.id), unit: { id: s.data.unit } });
      expect(form.querySelectorAll('input[name="level"]').map((i) => i.getAttribute('value'))).toEqual(['satisfied', 'basic', 'unsatisfied']);
    }
  });

  it('water bodies and consultations can be rated too: each water body page, and each consultation page once its feedback is published, posts its own target', () => {
    const formTarget = (path: string) => readPage(path).querySelector('main form.rating-form input[name="target"]')?.getAttribute('value') ?? null;
    const bodies = targets.targets.filter((t) => t.id.startsWith('water-body:'));
    expect(bodies.length).toBeGreaterThan(0);
    for (const t of bodies) expect(formTarget(t.path), t.path).toBe(t.id);
    const published = JSON.parse(readSite('/data/consultations.json')) as { consultations: { id: string; path: string; feedbackPublished: string | null }[] };
    const withFeedback = published.consultations.filter((c) => c.feedbackPublished !== null && c.feedbackPublished <= today);
    expect(withFeedback.length).toBeGreaterThan(0);
    expect(withFeedback.length).toBeLessThan(published.consultations.length);
    for (const c of published.consultations) expect(formTarget(c.path), c.path).toBe(withFeedback.includes(c) ? `consultation:${c.id}` : null);
  });
});
