/**
 * The report function's directory of water bodies and units, read from the
 * deploy's own /remediation/report-directory.json, the way the comment
 * functions read their consultations (consultations-source.ts): from disk
 * (GONGKAI_REPORT_DIRECTORY_FILE, default dist/remediation/report-directory.json),
 * else from the request's own origin, which is the same deploy.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { REPORT_DIRECTORY_PATH, REPORT_DIRECTORY_VERSION, type ReportDirectory } from '../lib/report-directory.ts';

const unit = z.looseObject({ id: z.string().min(1), name: z.string().min(1), email: z.string().min(3) });
const directorySchema = z.looseObject({
  version: z.literal(REPORT_DIRECTORY_VERSION),
  site: z.looseObject({ name: z.string(), url: z.string() }),
  project: z.looseObject({ title: z.string(), path: z.string(), leadUnit: unit }),
  waterBodies: z.array(z.looseObject({ id: z.string().min(1), name: z.string().min(1), path: z.string(), unit })),
});

export function reportDirectoryFile(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.GONGKAI_REPORT_DIRECTORY_FILE ?? 'dist/remediation/report-directory.json');
}

function parse(json: unknown, origin: string): ReportDirectory {
  const parsed = directorySchema.safeParse(json);
  if (!parsed.success) throw new Error(`${origin} is not a report directory: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data as unknown as ReportDirectory;
}

const cache = new Map<string, { mtimeMs: number; directory: ReportDirectory }>();

export async function loadReportDirectory(file: string, fallbackOrigin?: string): Promise<ReportDirectory> {
  let mtimeMs: number | undefined;
  try {
    mtimeMs = (await stat(file)).mtimeMs;
  } catch {
    mtimeMs = undefined;
  }
  if (mtimeMs !== undefined) {
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === mtimeMs) return hit.directory;
    const directory = parse(JSON.parse(await readFile(file, 'utf8')), file);
    cache.set(file, { mtimeMs, directory });
    return directory;
  }
  if (!fallbackOrigin) throw new Error(`Report directory not found at ${file}`);
  const url = new URL(REPORT_DIRECTORY_PATH, fallbackOrigin);
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`Report directory: ${url} answered ${res.status}`);
  return parse(await res.json(), url.href);
}
