/**
 * The warnings in force, as the site-wide banner shows them and as
 * /notices/active.json publishes them. The build writes both; the browser
 * script (src/scripts/alert-banner.ts) reads the file to learn of warnings
 * cancelled or updated after the page it is on was built, and hides a warning
 * once its validity ends even when the site has not been rebuilt. Pure.
 */
import { toShanghaiIso } from './time.ts';
import { WARNING_LEVELS, compareWarnings, shortDateTime, validUntilText, type WarningLevel } from './warnings.ts';

export const ACTIVE_WARNINGS_PATH = '/notices/active.json';
export const ACTIVE_WARNINGS_VERSION = 1;

/** One warning in force, as the banner needs it. */
export interface ActiveWarning {
  id: string;
  /** The notice's title. */
  title: string;
  level: WarningLevel;
  /** 山洪灾害红色预警 */
  name: string;
  issuerName: string;
  issued: Date;
  validUntil: Date;
  /** Site path of the notice page. */
  path: string;
}

export interface ActiveWarningsFile {
  version: number;
  /** When the site was built. */
  generated: string;
  warnings: {
    id: string;
    title: string;
    level: WarningLevel;
    name: string;
    issuerName: string;
    /** ISO 8601 with +08:00; milliseconds kept when not zero (a bare date ends at 23:59:59.999). */
    issued: string;
    validUntil: string;
    path: string;
  }[];
}

export function activeWarningsFile(warnings: readonly ActiveWarning[], generated: Date): ActiveWarningsFile {
  return {
    version: ACTIVE_WARNINGS_VERSION,
    generated: toShanghaiIso(generated),
    warnings: [...warnings].sort(compareWarnings).map((w) => ({
      id: w.id,
      title: w.title,
      level: w.level,
      name: w.name,
      issuerName: w.issuerName,
      issued: toShanghaiIso(w.issued),
      validUntil: toShanghaiIso(w.validUntil),
      path: w.path,
    })),
  };
}

const ID_RE = /^[a-z0-9][a-z0-9-]*$/;
const PATH_RE = /^\/notices\/[a-z0-9][a-z0-9-]*\/$/;

function text(value: unknown, max = 300): string | null {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= max ? value : null;
}

function instant(value: unknown): Date | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * Reads /notices/active.json defensively: null when the file is not what this
 * version of the site wrote (then the page keeps what it was built with);
 * entries that do not hold together are dropped.
 */
export function parseActiveWarnings(json: unknown): ActiveWarning[] | null {
  if (!json || typeof json !== 'object') return null;
  const file = json as Partial<ActiveWarningsFile>;
  if (file.version !== ACTIVE_WARNINGS_VERSION || !Array.isArray(file.warnings)) return null;
  const warnings: ActiveWarning[] = [];
  for (const raw of file.warnings as unknown[]) {
    if (!raw || typeof raw !== 'object') continue;
    const r = raw as Record<string, unknown>;
    const id = text(r['id'], 200);
    const title = text(r['title']);
    const name = text(r['name'], 100);
    const issuerName = text(r['issuerName'], 100);
    const path = text(r['path'], 300);
    const level = WARNING_LEVELS.find((l) => l === r['level']);
    const issued = instant(r['issued']);
    const validUntil = instant(r['validUntil']);
    if (!id || !ID_RE.test(id) || !title || !name || !issuerName || !path || !PATH_RE.test(path) || !level || !issued || !validUntil) continue;
    if (validUntil.getTime() <= issued.getTime()) continue;
    warnings.push({ id, title, level, name, issuerName, issued, validUntil, path });
  }
  return warnings.sort(compareWarnings);
}

/** The words of one banner entry; the level is always spelled out, never shown by colour alone. */
export function bannerWording(w: Pick<ActiveWarning, 'level' | 'name' | 'issuerName' | 'issued' | 'validUntil'>, now: Date) {
  return {
    badge: `${w.level}预警`,
    text: `${w.issuerName}${shortDateTime(w.issued, now)}发布${w.name}`,
    until: validUntilText(w.validUntil, now),
  };
}
