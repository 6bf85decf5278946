/**
 * Checks notices and events (issue 8): each file against its schema, then the
 * rules spanning files (src/lib/notice-rules.ts). Called by checkContent; a
 * content root without notices passes.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'astro/zod';
import { noticeSchema } from '../schemas/notice.ts';
import { eventSchema } from '../schemas/event.ts';
import { formatIssues, problem, type ContentProblem } from '../schemas/report.ts';
import { checkNoticeRules } from '../lib/notice-rules.ts';
import { ContentParseError, readEntries, type ContentFile } from './content-files.ts';
import type { ContentPaths } from './content-paths.ts';

/** Time fields editors write in Beijing time; an explicit offset would be read wrongly. */
const EXPLICIT_OFFSET_RE = /^\s*(issued|validUntil|starts|ends|raised)\s*:\s*["']?\d{4}-\d{2}-\d{2}[T ][\d:.]+\s*(Z|[+-]\d{2}:?\d{2})/m;

function read(problems: ContentProblem[], root: string, folder: string): ContentFile[] {
  try {
    return readEntries(root, folder);
  } catch (e) {
    if (e instanceof ContentParseError) {
      problems.push(problem(e.file, [], e.message));
      return [];
    }
    throw e;
  }
}

function validate<S extends z.ZodType>(problems: ContentProblem[], files: ContentFile[], schema: S) {
  const valid: { file: ContentFile; data: z.output<S> }[] = [];
  for (const file of files) {
    const offset = EXPLICIT_OFFSET_RE.exec(file.rawFrontmatter);
    if (offset) problems.push(problem(file.file, [offset[1] ?? 'issued'], '请勿填写时区（如 +08:00 或 Z），本站所有时间均按北京时间填写'));
    const result = schema.safeParse(file.data);
    if (result.success) valid.push({ file, data: result.data });
    else problems.push(...formatIssues(file.file, result.error.issues));
  }
  return valid;
}

export function checkNotices(root: string, paths: Pick<ContentPaths, 'notices' | 'events'>, departmentIds: ReadonlySet<string>): ContentProblem[] {
  const problems: ContentProblem[] = [];
  if (!existsSync(resolve(root, paths.notices)) && !existsSync(resolve(root, paths.events))) return problems;
  const events = validate(problems, read(problems, root, paths.events), eventSchema);
  const notices = validate(problems, read(problems, root, paths.notices), noticeSchema);
  for (const { file, data } of notices) {
    data.attachments.forEach((a, i) => {
      if (a.file.startsWith('/') && !existsSync(resolve(root, 'public', `.${decodeURI(a.file)}`))) {
        problems.push(problem(file.file, ['attachments', i, 'file'], `找不到附件文件 public${a.file}，请把文件放到 public 目录下对应位置`));
      }
    });
  }
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
    })),
  });
  problems.push(...findings.map((f) => problem(f.file, f.path, f.message, f.severity)));
  return problems;
}
