/**
 * Community micro-disclosure content as the /community/ pages and feeds use it:
 * communities with their grid (contacts inherited down the levels), disclosure
 * items with their due day and overdue flag as of the build, service items with
 * their unit and the policy document their 微解读 explains, notices, activities.
 * Astro-specific. A notice dated after the build is scheduled, not published.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { buildTime, site } from './content.ts';
import { catalogueContent } from './catalogue.ts';
import { catalogueItemPath } from '../lib/catalogue-view.ts';
import { shanghaiDate, type CalendarDate } from '../lib/time.ts';
import {
  communityFeedPaths,
  communityNoticePath,
  communityPath,
  disclosureItemPath,
  disclosureTiming,
  serviceItemPath,
  type DisclosureTiming,
} from '../lib/community/community.ts';
import { gridWithContacts, type GridView } from '../lib/community/grid.ts';
import type { CommunityFeedInput } from '../lib/community/feed.ts';
import type { FeedLink } from '../lib/feed-links.ts';

export type CommunityEntry = CollectionEntry<'communities'>;
export type CommunityDisclosureEntry = CollectionEntry<'communityDisclosure'>;
export type ServiceItemEntry = CollectionEntry<'communityServices'>;
export type CommunityNoticeEntry = CollectionEntry<'communityNotices'>;
export type CommunityActivityEntry = CollectionEntry<'communityActivities'>;
type DepartmentEntry = CollectionEntry<'departments'>;

export interface PolicyLink {
  title: string;
  href: string;
}

export interface DisclosureItemView {
  entry: CommunityDisclosureEntry;
  id: string;
  path: string;
  timing: DisclosureTiming;
}

export interface ServiceItemView {
  entry: ServiceItemEntry;
  id: string;
  path: string;
  name: string;
  unit: DepartmentEntry;
  /** The policy document the 微解读 explains. */
  explains: PolicyLink;
  /** The communities offering it, in the communities' order. */
  communities: CommunityEntry[];
}

export interface CommunityNoticeView {
  entry: CommunityNoticeEntry;
  id: string;
  path: string;
  community: CommunityEntry;
}

export interface CommunityView {
  entry: CommunityEntry;
  id: string;
  path: string;
  name: string;
  grid: GridView;
  /** Published items, overdue ones first, then by title. */
  disclosure: DisclosureItemView[];
  services: ServiceItemView[];
  /** Published notices, newest first. */
  notices: CommunityNoticeView[];
  activities: CommunityActivityEntry[];
  feeds: { rss: string; json: string };
}

export interface CommunityContent {
  /** In the order of their street, then name. */
  communities: CommunityView[];
  byId: Map<string, CommunityView>;
  /** By their order. */
  services: ServiceItemView[];
  notices: CommunityNoticeView[];
  activities: CommunityActivityEntry[];
  today: CalendarDate;
}

async function load(): Promise<CommunityContent> {
  const [communityEntries, disclosureEntries, serviceEntries, noticeEntries, activities, departments] = await Promise.all([
    getCollection('communities'),
    getCollection('communityDisclosure', (e) => !e.data.draft),
    getCollection('communityServices', (e) => !e.data.draft),
    getCollection('communityNotices', (e) => !e.data.draft),
    getCollection('communityActivities'),
    getCollection('departments'),
  ]);
  const today = shanghaiDate(buildTime);
  const collator = new Intl.Collator('zh-CN');
  communityEntries.sort((a, b) => collator.compare(a.data.street, b.data.street) || collator.compare(a.data.name, b.data.name));
  activities.sort((a, b) => a.data.order - b.data.order);
  const community = (id: string, file: string | undefined) => {
    const c = communityEntries.find((x) => x.id === id);
    if (!c) throw new Error(`${file}: unknown community ${id}`);
    return c;
  };
  const { catalogue } = await catalogueContent();
  const explainsLink = (e: ServiceItemEntry): PolicyLink => {
    const x = e.data.explains;
    if (typeof x !== 'string') return { title: x.title, href: x.url };
    const item = catalogue.byId.get(x);
    if (!item) throw new Error(`${e.filePath}: ${x} is not a published catalogue item`);
    return { title: item.title, href: catalogueItemPath(item.id) };
  };

  const services = serviceEntries
    .sort((a, b) => a.data.order - b.data.order || a.id.localeCompare(b.id))
    .map((entry): ServiceItemView => {
      const unit = departments.find((d) => d.id === entry.data.unit);
      if (!unit) throw new Error(`${entry.filePath}: unknown department ${entry.data.unit}`);
      const offered = entry.data.communities;
      return {
        entry,
        id: entry.id,
        path: serviceItemPath(entry.id),
        name: entry.data.guide.name,
        unit,
        explains: explainsLink(entry),
        communities: offered ? communityEntries.filter((c) => offered.includes(c.id)) : communityEntries,
      };
    });
  const notices = noticeEntries
    .filter((n) => n.data.published <= today)
    .map((entry): CommunityNoticeView => ({ entry, id: entry.id, path: communityNoticePath(entry.id), community: community(entry.data.community, entry.filePath) }))
    .sort((a, b) => b.entry.data.published.localeCompare(a.entry.data.published) || a.id.localeCompare(b.id));

  const communities = communityEntries.map((entry): CommunityView => {
    const disclosure = disclosureEntries
      .filter((d) => d.data.community === entry.id)
      .map((d): DisclosureItemView => ({ entry: d, id: d.id, path: disclosureItemPath(entry.id, d.id), timing: disclosureTiming(d.data.updated, d.data.frequency, today) }))
      .sort((a, b) => Number(b.timing.overdue) - Number(a.timing.overdue) || collator.compare(a.entry.data.title, b.entry.data.title));
    return {
      entry,
      id: entry.id,
      path: communityPath(entry.id),
      name: entry.data.name,
      grid: gridWithContacts(entry.data.grid),
      disclosure,
      services: services.filter((s) => s.communities.some((c) => c.id === entry.id)),
      notices: notices.filter((n) => n.community.id === entry.id),
      activities: activities.filter((a) => a.data.communities.includes(entry.id)),
      feeds: communityFeedPaths(entry.id),
    };
  });
  return { communities, byId: new Map(communities.map((c) => [c.id, c])), services, notices, activities, today };
}

let cache: Promise<CommunityContent> | undefined;

/** All community content, loaded once per build. */
export function communityContent(): Promise<CommunityContent> {
  cache ??= load();
  return cache;
}

/** What a community's RSS and JSON feeds are written from: the same notices and items as its page. */
export function communityFeedInput(c: CommunityView): CommunityFeedInput {
  const d = c.entry.data;
  return {
    site: { name: site.name, url: site.url },
    community: { id: c.id, name: c.name, street: d.street, district: d.district },
    now: buildTime,
    notices: c.notices.map((n) => ({ id: n.id, path: n.path, title: n.entry.data.title, kind: n.entry.data.kind, published: n.entry.data.published, summary: n.entry.data.summary, body: n.entry.body ?? '' })),
    disclosure: c.disclosure.map((x) => ({
      id: x.id,
      title: x.entry.data.title,
      subject: x.entry.data.subject,
      content: x.entry.data.content,
      frequency: x.entry.data.frequency,
      methods: x.entry.data.methods,
      updated: x.entry.data.updated,
      due: x.timing.due,
      overdue: x.timing.overdue,
      body: x.entry.body ?? '',
    })),
  };
}

/** The feeds a community's pages announce: RSS first (readers take the first), then JSON Feed. */
export function communityFeedLinks(c: { id: string; name: string }): FeedLink[] {
  const paths = communityFeedPaths(c.id);
  return [
    { title: `${c.name}公开信息（RSS）`, href: paths.rss },
    { title: `${c.name}公开信息（JSON Feed）`, href: paths.json, format: 'json' },
  ];
}

export { buildTime, site };
