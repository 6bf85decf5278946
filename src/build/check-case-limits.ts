/**
 * Checks the editors' time limits of cases (content/case-limits.yaml) by the
 * rule the functions apply (src/lib/cases/time-limits.ts). An absent file is
 * not an error: every limit then has its documented default.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCaseLimits } from '../lib/cases/time-limits.ts';
import { formatIssues, type ContentProblem } from '../schemas/report.ts';
import { readYamlFile } from './content-files.ts';
import type { ContentPaths } from './content-paths.ts';
import { guard } from './validate.ts';

export function checkCaseLimits(root: string, paths: Pick<ContentPaths, 'caseLimits'>): ContentProblem[] {
  const problems: ContentProblem[] = [];
  if (!existsSync(resolve(root, paths.caseLimits))) return problems;
  const read = guard(problems, () => readYamlFile(root, paths.caseLimits), null);
  if (!read) return problems;
  const parsed = parseCaseLimits(read.data);
  if (!parsed.ok) problems.push(...formatIssues(read.file, parsed.issues));
  return problems;
}
