/**
 * Reads content/areas.yaml into an area directory (src/lib/areas/areas.ts),
 * for the content check and the build alike. A content root without the file
 * has no areas: warnings there cannot name any (the notice check says so).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { areaSchema, type AreaData } from '../schemas/area.ts';
import { formatIssues, problem, type ContentProblem } from '../schemas/report.ts';
import { buildAreaDirectory, type AreaDirectory } from '../lib/areas/areas.ts';
import { readDataMap } from './content-files.ts';
import type { ContentPaths } from './content-paths.ts';
import { guard } from './validate.ts';

export interface AreaDirectoryRead {
  /** null when the file is absent or cannot be parsed. */
  directory: AreaDirectory | null;
  problems: ContentProblem[];
}

export function readAreaDirectory(root: string, paths: Pick<ContentPaths, 'areas'>): AreaDirectoryRead {
  const problems: ContentProblem[] = [];
  if (!existsSync(resolve(root, paths.areas))) return { directory: null, problems };
  const map = guard(problems, () => readDataMap(root, paths.areas), null);
  if (!map) return { directory: null, problems };
  const entries = new Map<string, AreaData>();
  for (const [code, value] of map.entries) {
    const result = areaSchema.safeParse(value);
    if (result.success) entries.set(code, result.data);
    else problems.push(...formatIssues(map.file, result.error.issues.map((i) => ({ ...i, path: [code, ...i.path] }))));
  }
  const { directory, findings } = buildAreaDirectory(entries);
  problems.push(...findings.map((f) => problem(map.file, f.field ? [f.code, f.field] : [f.code], f.message)));
  return { directory, problems };
}
