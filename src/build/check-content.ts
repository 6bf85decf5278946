/**
 * Validates all editors' content: each file against its schema, then the rules
 * that span files. Shared by `npm run check`, the build and the tests.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { consultationSchema, type ConsultationData } from '../schemas/consultation.ts';
import { feedbackSchema, type FeedbackData } from '../schemas/feedback.ts';
import { departmentSchema } from '../schemas/department.ts';
import { policyAreaSchema } from '../schemas/policy-area.ts';
import { siteSchema } from '../schemas/site.ts';
import { formatIssues, problem, type ContentProblem } from '../schemas/report.ts';
import { checkCrossFileRules } from '../lib/content-rules.ts';
import { officialCalendar } from '../lib/official-calendar.ts';
import { ContentParseError, readDataMap, readEntries, readYamlFile, type ContentFile } from './content-files.ts';
import { CONTENT_PATHS } from './content-paths.ts';
import { checkCatalogue } from './check-catalogue.ts';
import { checkNotices } from './check-notices.ts';
import { checkRemediation } from './check-remediation.ts';
import type { z } from 'astro/zod';

const EXPLICIT_OFFSET_RE = /^\s*(opens|closes)\s*:\s*["']?\d{4}-\d{2}-\d{2}[T ][\d:.]+\s*(Z|[+-]\d{2}:?\d{2})/m;

function guard<T>(problems: ContentProblem[], read: () => T, fallback: T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof ContentParseError) {
      problems.push(problem(e.file, [], e.message));
      return fallback;
    }
    throw e;
  }
}

function validateEntries<S extends z.ZodType>(problems: ContentProblem[], files: ContentFile[], schema: S) {
  const valid: { file: ContentFile; data: z.output<S> }[] = [];
  for (const file of files) {
    const result = schema.safeParse(file.data);
    if (result.success) valid.push({ file, data: result.data });
    else problems.push(...formatIssues(file.file, result.error.issues));
  }
  return valid;
}

/** Ids present in the map (an entry with schema errors still exists: references to it are not "missing"). */
function validateMap<S extends z.ZodType>(problems: ContentProblem[], file: string, entries: Map<string, unknown>, schema: S): Set<string> {
  const ids = new Set<string>();
  for (const [id, value] of entries) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) {
      problems.push(problem(file, [id], '编号只能包含小写英文字母、数字和连字符'));
      continue;
    }
    ids.add(id);
    const result = schema.safeParse(value);
    if (!result.success) problems.push(...formatIssues(file, result.error.issues.map((i) => ({ ...i, path: [id, ...i.path] }))));
  }
  return ids;
}

export function checkContent(root = process.cwd(), paths = CONTENT_PATHS): ContentProblem[] {
  const problems: ContentProblem[] = [];

  guard(problems, () => {
    const result = siteSchema.safeParse(readYamlFile(root, paths.site).data);
    if (!result.success) problems.push(...formatIssues(paths.site, result.error.issues));
  }, undefined);

  // null when the file cannot be read: its own error is reported, references to it are not.
  const departments = guard(problems, () => readDataMap(root, paths.departments), null);
  const departmentIds = departments && validateMap(problems, departments.file, departments.entries, departmentSchema);
  const areas = guard(problems, () => readDataMap(root, paths.policyAreas), null);
  const areaIds = areas && validateMap(problems, areas.file, areas.entries, policyAreaSchema);

  const report = (e: ContentParseError) => problems.push(problem(e.file, [], e.message));
  // Consultations that exist but cannot be used: feedback pointing at them is checked once they are fixed.
  const brokenConsultations = new Set<string>();
  const consultationFiles = readEntries(root, paths.consultations, (e, id) => {
    report(e);
    brokenConsultations.add(id);
  });
  for (const f of consultationFiles) {
    if (EXPLICIT_OFFSET_RE.test(f.rawFrontmatter)) {
      problems.push(problem(f.file, [EXPLICIT_OFFSET_RE.exec(f.rawFrontmatter)?.[1] ?? 'opens'], '请勿填写时区（如 +08:00 或 Z），本站所有时间均按北京时间填写'));
    }
  }
  const consultations = validateEntries(problems, consultationFiles, consultationSchema);
  const validIds = new Set(consultations.map(({ file }) => file.id));
  for (const f of consultationFiles) if (!validIds.has(f.id)) brokenConsultations.add(f.id);
  for (const { file, data } of consultations) {
    (data as ConsultationData).attachments.forEach((a, i) => {
      if (a.file.startsWith('/') && !existsSync(resolve(root, 'public', `.${decodeURI(a.file)}`))) {
        problems.push(problem(file.file, ['attachments', i, 'file'], `找不到附件文件 public${a.file}，请把文件放到 public 目录下对应位置`));
      }
    });
  }
  const feedback = validateEntries(problems, readEntries(root, paths.feedback, report), feedbackSchema).filter(
    ({ data }) => !brokenConsultations.has((data as FeedbackData).consultation),
  );

  const findings = checkCrossFileRules({
    departments: departmentIds,
    policyAreas: areaIds,
    consultations: consultations.map(({ file, data }) => ({ id: file.id, file: file.file, ...(data as ConsultationData) })),
    feedback: feedback.map(({ file, data }) => ({ id: file.id, file: file.file, ...(data as FeedbackData) })),
    calendar: officialCalendar,
  });
  problems.push(...findings.map((f) => problem(f.file, f.path, f.message, f.severity)));
  // Proactive-disclosure catalogue (issue 5).
  problems.push(...checkCatalogue(root, paths, departmentIds ?? new Set()));
  // Notices and emergency information (issue 8).
  problems.push(...checkNotices(root, paths, departmentIds ?? new Set()));
  // Remediation in the open (issue 7).
  problems.push(...checkRemediation(root, paths, departmentIds ?? new Set()));
  return problems;
}
