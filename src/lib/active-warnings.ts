/**
 * The warnings in force, as the site-wide banner words them
 * (src/lib/alert-banner-markup.ts) and as /notices/active.json publishes them
 * for other sites and apps. Pure.
 */
import { toShanghaiIso } from './time.ts';
import { compareWarnings, shortDateTime, validUntilText, type WarningLevel } from './warnings.ts';

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

/** The words of one banner entry; the level is always spelled out, never shown by colour alone. */
export function bannerWording(w: Pick<ActiveWarning, 'level' | 'name' | 'issuerName' | 'issued' | 'validUntil'>, now: Date) {
  return {
    badge: `${w.level}预警`,
    text: `${w.issuerName}${shortDateTime(w.issued, now)}发布${w.name}`,
    until: validUntilText(w.validUntil, now),
  };
}
