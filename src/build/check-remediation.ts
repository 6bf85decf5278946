/**
 * Checks the remediation content: the project file, water bodies,
 * progress posts and satisfaction surveys, each against its schema, then the
 * rules spanning files (src/lib/remediation-rules.ts). Called by checkContent;
 * a content root without content/remediation passes.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import {
  remediationPostSchema,
  remediationProjectSchema,
  satisfactionSurveySchema,
  waterBodySchema,
  type RemediationPostData,
  type SatisfactionSurveyData,
  type WaterBodyData,
} from '../schemas/remediation.ts';
import { problem, type ContentProblem } from '../schemas/report.ts';
import { checkRemediationRules } from '../lib/remediation-rules.ts';
import type { ContentPaths } from './content-paths.ts';
import { checkAttachmentFiles, readEntriesReporting as read, validateEntries as validate } from './validate.ts';

type RemediationPaths = Pick<ContentPaths, 'remediationProject' | 'waterBodies' | 'remediationPosts' | 'satisfactionSurveys'>;

export function checkRemediation(root: string, paths: RemediationPaths, departmentIds: ReadonlySet<string>): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const projectDir = dirname(paths.remediationProject);
  if (![projectDir, paths.waterBodies, paths.remediationPosts, paths.satisfactionSurveys].some((p) => existsSync(resolve(root, p)))) return problems;

  const projectId = basename(paths.remediationProject).replace(/\.(md|mdx)$/, '');
  const projectFile = read(problems, root, projectDir).find((f) => f.id === projectId);
  const project = projectFile ? validate(problems, [projectFile], remediationProjectSchema)[0] : undefined;

  // Files that exist but fail their schema still exist: references to them are not "not found".
  const bodyFiles = read(problems, root, paths.waterBodies);
  const bodies = validate(problems, bodyFiles, waterBodySchema);
  const validBodyIds = new Set(bodies.map(({ file }) => file.id));
  const brokenBodies = new Set(bodyFiles.filter((f) => !validBodyIds.has(f.id)).map((f) => f.id));

  const posts = validate(problems, read(problems, root, paths.remediationPosts), remediationPostSchema);
  const surveys = validate(problems, read(problems, root, paths.satisfactionSurveys), satisfactionSurveySchema);
  for (const { file, data } of posts) checkAttachmentFiles(problems, root, file.file, (data as RemediationPostData).attachments);
  for (const { file, data } of surveys) checkAttachmentFiles(problems, root, file.file, (data as SatisfactionSurveyData).attachments);

  const findings = checkRemediationRules({
    departments: departmentIds,
    project: project ? { file: project.file.file, leadUnit: project.data.leadUnit } : undefined,
    projectFile: projectFile?.file ?? paths.remediationProject,
    waterBodies: bodies.map(({ file, data }) => {
      const b = data as WaterBodyData;
      return { id: file.id, file: file.file, name: b.name, unit: b.unit, draft: b.draft, points: b.monitoringPoints.map((p) => p.id), plannedQuantities: b.plannedQuantities };
    }),
    brokenWaterBodies: brokenBodies,
    posts: posts.map(({ file, data }) => {
      const p = data as RemediationPostData;
      return { id: file.id, file: file.file, draft: p.draft, waterBodies: p.waterBodies, quantities: p.quantities, measurements: p.measurements };
    }),
    surveys: surveys.map(({ file, data }) => {
      const s = data as SatisfactionSurveyData;
      return { id: file.id, file: file.file, draft: s.draft, commissionedBy: s.commissionedBy, results: s.results };
    }),
  });
  problems.push(...findings.map((f) => problem(f.file, f.path, f.message, f.severity)));
  return problems;
}
