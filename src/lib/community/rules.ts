/**
 * Rules that span community files: references to communities, units and policy
 * documents resolve; a community's file name does not take a section address; a
 * disclosure item whose time limit has passed without an update is flagged (stale
 * columns are what inspections fail). Pure: the caller reads the files.
 */
import type { CrossFileFinding } from '../content-rules.ts';
import { formatChineseDate, type CalendarDate } from '../time.ts';
import { RESERVED_COMMUNITY_IDS, disclosureTiming, frequencyText, type DisclosureFrequency } from './community.ts';

export interface CommunityRuleInput {
  today: CalendarDate;
  departments: ReadonlySet<string>;
  /** Published catalogue items a 微解读 may explain. */
  catalogueItems: ReadonlySet<string>;
  communities: readonly { id: string; file: string }[];
  /** Communities whose files fail their schema: references to them are checked once they are fixed. */
  brokenCommunities: ReadonlySet<string>;
  disclosureItems: readonly { id: string; file: string; community: string; title: string; frequency: DisclosureFrequency; updated: CalendarDate; draft: boolean }[];
  serviceItems: readonly { id: string; file: string; unit: string; communities?: readonly string[] | undefined; explains: string | { title: string; url: string } }[];
  notices: readonly { id: string; file: string; community: string }[];
  activities: { file: string; entries: readonly { id: string; communities: readonly string[] }[] } | undefined;
}

const UNIT_HINT = '请先在 content/departments.yaml 中添加该单位，或改正编号';

export function checkCommunityRules(input: CommunityRuleInput): CrossFileFinding[] {
  const findings: CrossFileFinding[] = [];
  const add = (file: string, path: (string | number)[], message: string, severity: CrossFileFinding['severity'] = 'error') =>
    findings.push({ file, path, message, severity });
  const communities = new Set(input.communities.map((c) => c.id));
  const community = (file: string, path: (string | number)[], id: string) => {
    if (!communities.has(id) && !input.brokenCommunities.has(id)) {
      add(file, path, `找不到编号为“${id}”的社区（编号即 content/community/communities/ 下的文件名，不含扩展名）`);
    }
  };

  for (const c of input.communities) {
    if ((RESERVED_COMMUNITY_IDS as readonly string[]).includes(c.id)) {
      add(c.file, [], `文件名“${c.id}”与栏目页面地址冲突，请换一个文件名（不能用 ${RESERVED_COMMUNITY_IDS.join('、')}）`);
    }
  }
  for (const item of input.disclosureItems) {
    community(item.file, ['community'], item.community);
    if (item.draft) continue;
    const timing = disclosureTiming(item.updated, item.frequency, input.today);
    if (timing.overdue) {
      add(
        item.file,
        ['updated'],
        `公开事项“${item.title}”应${frequencyText(item.frequency)}，上次更新为${formatChineseDate(item.updated)}，已于${formatChineseDate(timing.due)}到期，逾期 ${timing.daysOverdue} 天未更新。请更新公开内容并修改 updated（更新日期）；页面上已标注“逾期未更新”`,
        'warning',
      );
    }
  }
  for (const s of input.serviceItems) {
    if (!input.departments.has(s.unit)) add(s.file, ['unit'], `找不到编号为“${s.unit}”的责任单位。${UNIT_HINT}`);
    s.communities?.forEach((id, i) => community(s.file, ['communities', i], id));
    if (typeof s.explains === 'string' && !input.catalogueItems.has(s.explains)) {
      add(s.file, ['explains'], `找不到编号为“${s.explains}”的政策文件（编号即 content/catalogue/items/ 下的文件名）；目录外的文件请写成 title + url 的链接`);
    }
  }
  for (const n of input.notices) community(n.file, ['community'], n.community);
  for (const a of input.activities?.entries ?? []) a.communities.forEach((id, i) => community(input.activities!.file, [a.id, 'communities', i], id));
  return findings;
}
