/**
 * Checks the community micro-disclosure content: communities, disclosure items,
 * service items, notices and activities, each against its schema; no mobile or
 * identity card number anywhere in them (fields or text); then the rules spanning
 * files (src/lib/community/rules.ts), which also flag stale disclosure items.
 * Called by checkContent; a content root without content/community passes.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  communityActivitySchema,
  communityDisclosureSchema,
  communityNoticeSchema,
  communitySchema,
  serviceItemSchema,
} from '../schemas/community.ts';
import { problem, type ContentProblem } from '../schemas/report.ts';
import { checkCommunityRules } from '../lib/community/rules.ts';
import { findPrivateNumbers, privateNumberMessage } from '../lib/community/private-numbers.ts';
import type { CalendarDate } from '../lib/time.ts';
import { readDataMap, readEntries, type ContentFile } from './content-files.ts';
import type { ContentPaths } from './content-paths.ts';
import { guard, readEntriesReporting as read, validateEntries as validate, validateMap } from './validate.ts';

type CommunityPaths = Pick<ContentPaths, 'communities' | 'communityDisclosure' | 'communityServices' | 'communityNotices' | 'communityActivities' | 'catalogueItems'>;

/** Every mobile or identity card number in parsed data, reported at its field. */
function refusePrivateNumbersInData(problems: ContentProblem[], file: string, data: unknown, path: (string | number)[] = []): void {
  if (typeof data === 'string' || typeof data === 'number') {
    for (const n of findPrivateNumbers(String(data))) problems.push(problem(file, path, privateNumberMessage(n)));
  } else if (Array.isArray(data)) {
    data.forEach((v, i) => refusePrivateNumbersInData(problems, file, v, [...path, i]));
  } else if (data && typeof data === 'object' && !(data instanceof Date)) {
    for (const [k, v] of Object.entries(data)) refusePrivateNumbersInData(problems, file, v, [...path, k]);
  }
}

function refusePrivateNumbers(problems: ContentProblem[], files: readonly ContentFile[]): void {
  for (const f of files) {
    refusePrivateNumbersInData(problems, f.file, f.data);
    const offset = f.rawFrontmatter.split(/\r?\n/).length + 2;
    for (const n of findPrivateNumbers(f.body)) problems.push(problem(f.file, [], `正文第 ${n.line + offset} 行：${privateNumberMessage(n)}`));
  }
}

export function checkCommunity(root: string, paths: CommunityPaths, departmentIds: ReadonlySet<string>, today: CalendarDate): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const folders = [paths.communities, paths.communityDisclosure, paths.communityServices, paths.communityNotices, paths.communityActivities];
  if (!folders.some((p) => existsSync(resolve(root, p)))) return problems;

  const communityFiles = read(problems, root, paths.communities);
  const disclosureFiles = read(problems, root, paths.communityDisclosure);
  const serviceFiles = read(problems, root, paths.communityServices);
  const noticeFiles = read(problems, root, paths.communityNotices);
  for (const files of [communityFiles, disclosureFiles, serviceFiles, noticeFiles]) refusePrivateNumbers(problems, files);

  const communities = validate(problems, communityFiles, communitySchema);
  const validIds = new Set(communities.map(({ file }) => file.id));
  const brokenCommunities = new Set(communityFiles.filter((f) => !validIds.has(f.id)).map((f) => f.id));
  const disclosure = validate(problems, disclosureFiles, communityDisclosureSchema);
  const services = validate(problems, serviceFiles, serviceItemSchema);
  const notices = validate(problems, noticeFiles, communityNoticeSchema);

  let activities: { file: string; entries: { id: string; communities: string[] }[] } | undefined;
  if (existsSync(resolve(root, paths.communityActivities))) {
    const map = guard(problems, () => readDataMap(root, paths.communityActivities), null);
    if (map) {
      refusePrivateNumbersInData(problems, map.file, Object.fromEntries(map.entries));
      const ids = validateMap(problems, map.file, map.entries, communityActivitySchema);
      const entries = [...ids].flatMap((id) => {
        const parsed = communityActivitySchema.safeParse(map.entries.get(id));
        return parsed.success ? [{ id, communities: parsed.data.communities }] : [];
      });
      activities = { file: map.file, entries };
    }
  }

  const catalogueItems = new Set(guard(problems, () => readEntries(root, paths.catalogueItems), []).map((f) => f.id));
  const findings = checkCommunityRules({
    today,
    departments: departmentIds,
    catalogueItems,
    communities: communities.map(({ file }) => ({ id: file.id, file: file.file })),
    brokenCommunities,
    disclosureItems: disclosure.map(({ file, data }) => ({ id: file.id, file: file.file, community: data.community, title: data.title, frequency: data.frequency, updated: data.updated, draft: data.draft })),
    serviceItems: services.map(({ file, data }) => ({ id: file.id, file: file.file, unit: data.unit, communities: data.communities, explains: data.explains })),
    notices: notices.map(({ file, data }) => ({ id: file.id, file: file.file, community: data.community })),
    activities,
  });
  problems.push(...findings.map((f) => problem(f.file, f.path, f.message, f.severity)));
  return problems;
}
