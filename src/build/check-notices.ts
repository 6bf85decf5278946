/**
 * Checks notices, events and content/areas.yaml: each file against its schema, then the
 * rules spanning files (src/lib/notice-rules.ts). Called by checkContent; a
 * content root without notices passes.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { noticeSchema } from '../schemas/notice.ts';
import { eventSchema } from '../schemas/event.ts';
import { problem, type ContentProblem } from '../schemas/report.ts';
import { checkNoticeRules } from '../lib/notice-rules.ts';
import { readEntries, type ContentFile } from './content-files.ts';
import type { ContentPaths } from './content-paths.ts';
import { readAreaDirectory } from './area-directory.ts';
import { checkAttachmentFiles, guard, refuseExplicitOffsets, validateEntries } from './validate.ts';

/** Time fields editors write in Beijing time. */
const TIME_FIELDS = ['issued', 'validUntil', 'starts', 'ends', 'raised'] as const;

/**
 * A folder whose files cannot all be read yields no entries (its parse error is
 * reported): notices refer to each other, and references to an unreadable one
 * must not turn into "not found" errors.
 */
function read(problems: ContentProblem[], root: string, folder: string): ContentFile[] {
  const files = guard(problems, () => readEntries(root, folder), []);
  refuseExplicitOffsets(problems, files, TIME_FIELDS);
  return files;
}

export function checkNotices(root: string, paths: Pick<ContentPaths, 'notices' | 'events' | 'areas'>, departmentIds: ReadonlySet<string>): ContentProblem[] {
  const areas = readAreaDirectory(root, paths);
  const problems: ContentProblem[] = [...areas.problems];
  if (!existsSync(resolve(root, paths.notices)) && !existsSync(resolve(root, paths.events))) return problems;
  const events = validateEntries(problems, read(problems, root, paths.events), eventSchema);
  const notices = validateEntries(problems, read(problems, root, paths.notices), noticeSchema);
  for (const { file, data } of notices) checkAttachmentFiles(problems, root, file.file, data.attachments);
  const findings = checkNoticeRules({
    departments: departmentIds,
    events: events.map(({ file, data }) => ({ id: file.id, file: file.file, draft: data.draft })),
    notices: notices.map(({ file, data }) => ({
      id: file.id,
      file: file.file,
      kind: data.kind,
      issuer: data.issuer,
      issued: data.issued,
      event: data.event,
      draft: data.draft,
      hazard: data.hazard,
      validUntil: data.validUntil,
      updates: data.updates,
      cancels: data.cancels,
      areas: data.areas,
    })),
    areaDirectory: areas.directory,
  });
  problems.push(...findings.map((f) => problem(f.file, f.path, f.message, f.severity)));
  return problems;
}
