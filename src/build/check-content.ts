/**
 * Validates all editors' content: each file against its schema, then the rules
 * that span files. Shared by `npm run check`, the build and the tests.
 */
import { consultationSchema, type ConsultationData } from '../schemas/consultation.ts';
import { feedbackSchema, type FeedbackData } from '../schemas/feedback.ts';
import { departmentSchema } from '../schemas/department.ts';
import { policyAreaSchema } from '../schemas/policy-area.ts';
import { siteSchema } from '../schemas/site.ts';
import { formatIssues, problem, type ContentProblem } from '../schemas/report.ts';
import { checkCrossFileRules } from '../lib/content-rules.ts';
import { officialCalendar } from '../lib/official-calendar.ts';
import { readDataMap, readYamlFile } from './content-files.ts';
import { CONTENT_PATHS } from './content-paths.ts';
import { checkCaseLimits } from './check-case-limits.ts';
import { checkCatalogue } from './check-catalogue.ts';
import { checkNotices } from './check-notices.ts';
import { checkRemediation } from './check-remediation.ts';
import { checkCommunity } from './check-community.ts';
import { buildTime } from '../data/build-time.ts';
import { shanghaiDate } from '../lib/time.ts';
import { checkAttachmentFiles, guard, readEntriesReporting, refuseExplicitOffsets, validateEntries, validateMap } from './validate.ts';

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

  // Consultations that exist but cannot be used: feedback pointing at them is checked once they are fixed.
  const brokenConsultations = new Set<string>();
  const consultationFiles = readEntriesReporting(problems, root, paths.consultations, (id) => brokenConsultations.add(id));
  refuseExplicitOffsets(problems, consultationFiles, ['opens', 'closes']);
  const consultations = validateEntries(problems, consultationFiles, consultationSchema);
  const validIds = new Set(consultations.map(({ file }) => file.id));
  for (const f of consultationFiles) if (!validIds.has(f.id)) brokenConsultations.add(f.id);
  for (const { file, data } of consultations) checkAttachmentFiles(problems, root, file.file, (data as ConsultationData).attachments);
  const feedback = validateEntries(problems, readEntriesReporting(problems, root, paths.feedback), feedbackSchema).filter(
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
  // Proactive-disclosure catalogue.
  problems.push(...checkCatalogue(root, paths, departmentIds ?? new Set()));
  // Notices and emergency information.
  problems.push(...checkNotices(root, paths, departmentIds ?? new Set()));
  // Remediation in the open.
  problems.push(...checkRemediation(root, paths, departmentIds ?? new Set()));
  problems.push(...checkCaseLimits(root, paths));
  // Community micro-disclosure: stale items are judged on the build's day.
  problems.push(...checkCommunity(root, paths, departmentIds ?? new Set(), shanghaiDate(buildTime)));
  return problems;
}
