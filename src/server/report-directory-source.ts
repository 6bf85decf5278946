/**
 * The report function's directory of water bodies and units, read from the
 * deploy's own /remediation/report-directory.json, the way the comment
 * functions read their consultations (both through deploy-data.ts): from disk
 * (GONGKAI_REPORT_DIRECTORY_FILE, default dist/remediation/report-directory.json),
 * else from the request's own origin, which is the same deploy.
 */
import { z } from 'zod';
import { builtFile, deployDataLoader } from './deploy-data.ts';
import { REPORT_DIRECTORY_PATH, REPORT_DIRECTORY_VERSION, type ReportDirectory } from '../lib/report-directory.ts';

const unit = z.looseObject({ id: z.string().min(1), name: z.string().min(1), email: z.string().min(3) });
const directorySchema = z.looseObject({
  version: z.literal(REPORT_DIRECTORY_VERSION),
  site: z.looseObject({ name: z.string(), url: z.string() }),
  project: z.looseObject({ title: z.string(), path: z.string(), leadUnit: unit }),
  waterBodies: z.array(z.looseObject({ id: z.string().min(1), name: z.string().min(1), path: z.string(), unit })),
});

export function reportDirectoryFile(env: NodeJS.ProcessEnv = process.env): string {
  return builtFile('dist/remediation/report-directory.json', env.GONGKAI_REPORT_DIRECTORY_FILE);
}

function parse(json: unknown, origin: string): ReportDirectory {
  const parsed = directorySchema.safeParse(json);
  if (!parsed.success) throw new Error(`${origin} is not a report directory: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data as unknown as ReportDirectory;
}

export const loadReportDirectory: (file: string, fallbackOrigin?: string) => Promise<ReportDirectory> = deployDataLoader({
  label: 'Report directory',
  sitePath: REPORT_DIRECTORY_PATH,
  parse,
});
