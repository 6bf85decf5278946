/**
 * The warning messages of this deploy, read from its own /data/warnings.json
 * (deploy-data.ts): from disk (GONGKAI_WARNINGS_FILE, default
 * dist/data/warnings.json), else from the request's own origin.
 */
import { z } from 'zod';
import { builtFile, deployDataLoader } from './deploy-data.ts';
import { WARNING_ALERTS_DATA_PATH, WARNING_ALERTS_DATA_VERSION, type WarningAlertsData } from '../lib/warning-alerts/rules.ts';

const area = z.looseObject({ code: z.string().regex(/^\d{12}$/), name: z.string().min(1) });
const dataSchema = z.looseObject({
  version: z.literal(WARNING_ALERTS_DATA_VERSION),
  generated: z.string(),
  site: z.looseObject({ name: z.string(), url: z.string() }),
  areas: z.array(area.extend({ fullName: z.string().min(1) })),
  messages: z.array(
    z.looseObject({
      id: z.string().min(1),
      title: z.string().min(1),
      level: z.string(),
      hazard: z.string(),
      action: z.enum(['alert', 'update', 'cancel']),
      areas: z.array(area),
      issued: z.string(),
      path: z.string(),
      cap: z.string().min(1),
    }),
  ),
});

export function warningsFile(env: NodeJS.ProcessEnv = process.env): string {
  return builtFile('dist/data/warnings.json', env.GONGKAI_WARNINGS_FILE);
}

function parse(json: unknown, origin: string): WarningAlertsData {
  const parsed = dataSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${origin} is not a warnings data file: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data as unknown as WarningAlertsData;
}

export const loadWarningAlertsData: (file: string, fallbackOrigin?: string) => Promise<WarningAlertsData> = deployDataLoader({
  label: 'Warnings data',
  sitePath: WARNING_ALERTS_DATA_PATH,
  parse,
});
