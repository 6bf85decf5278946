/**
 * The time limits the case functions apply: the editors' content/case-limits.yaml
 * (bundled with the functions, netlify.toml `included_files`), read with the
 * content check's YAML reading and rule, and parsed again only when the file
 * changes. No file: the documented defaults.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { readYamlFile } from '../build/content-files.ts';
import { CONTENT_PATHS } from '../build/content-paths.ts';
import { parseCaseLimits, resolveCaseLimits, type CaseLimits } from '../lib/cases/time-limits.ts';

export function caseLimitsFile(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.GONGKAI_CASE_LIMITS_FILE ?? CONTENT_PATHS.caseLimits);
}

let cache: { file: string; mtimeMs: number; limits: CaseLimits } | undefined;

export async function loadCaseLimits(file = caseLimitsFile()): Promise<CaseLimits> {
  let mtimeMs: number;
  try {
    mtimeMs = (await stat(file)).mtimeMs;
  } catch {
    return resolveCaseLimits(null);
  }
  if (cache && cache.file === file && cache.mtimeMs === mtimeMs) return cache.limits;
  const parsed = parseCaseLimits(readYamlFile('/', file).data);
  if (!parsed.ok) throw new Error(`${file}: ${parsed.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')} (run npm run check)`);
  cache = { file, mtimeMs, limits: parsed.limits };
  return parsed.limits;
}
