/**
 * Time limits of cases, in working days, per kind and handling type. Editors
 * own them in `content/case-limits.yaml`; what the file leaves out takes the
 * defaults below. The content check and the functions read the file through
 * `parseCaseLimits`, so both judge it by the same rule.
 */
import { z } from 'zod';
import { CASE_KIND_IDS, HANDLING_TYPE_IDS, type CaseKind, type HandlingType } from './kinds.ts';

export interface KindLimits {
  /** Working days after the day of receipt, per handling type. */
  handling: Record<HandlingType, number>;
  /** The most working days one extension may add. */
  maxExtensionDays: number;
}

export interface CaseLimits {
  kinds: Record<CaseKind, KindLimits>;
  /** Units are reminded of open cases due within this many working days. */
  remindWithinDays: number;
}

/**
 * Statutory ceiling: an application for disclosure is answered within 20
 * working days and may be extended once by at most 20 (政府信息公开条例 第三十三条).
 */
export const APPLICATION_MAX_DAYS = 20;

export const DEFAULT_CASE_LIMITS: CaseLimits = {
  kinds: {
    report: { handling: { immediate: 1, referred: 5, joint: 10, 'time-limited': 15 }, maxExtensionDays: 15 },
    application: { handling: { immediate: 20, referred: 20, joint: 20, 'time-limited': 20 }, maxExtensionDays: 20 },
    letter: { handling: { immediate: 1, referred: 5, joint: 15, 'time-limited': 15 }, maxExtensionDays: 15 },
    concern: { handling: { immediate: 1, referred: 3, joint: 5, 'time-limited': 5 }, maxExtensionDays: 5 },
  },
  remindWithinDays: 3,
};

const days = (label: string, max: number) =>
  z
    .number({ error: `${label}应为工作日天数（整数）` })
    .int({ error: `${label}应为整数个工作日` })
    .min(1, { error: `${label}至少为 1 个工作日` })
    .max(max, { error: `${label}不能超过 ${max} 个工作日` });

function kindSchema(kind: CaseKind) {
  const max = kind === 'application' ? APPLICATION_MAX_DAYS : 120;
  const handling = Object.fromEntries(HANDLING_TYPE_IDS.map((h) => [h, days('办理时限', max).optional()])) as Record<HandlingType, z.ZodOptional<z.ZodNumber>>;
  return z
    .object({
      handling: z.object(handling).strict().optional(),
      maxExtensionDays: days('延期上限', max).optional(),
    })
    .strict()
    .optional();
}

export const caseLimitsSchema = z
  .object({
    kinds: z.object(Object.fromEntries(CASE_KIND_IDS.map((k) => [k, kindSchema(k)])) as Record<CaseKind, ReturnType<typeof kindSchema>>).strict().optional(),
    remindWithinDays: z.number({ error: '提前提醒天数应为整数' }).int({ error: '提前提醒天数应为整数' }).min(0, { error: '提前提醒天数不能为负数' }).max(30, { error: '提前提醒天数不能超过 30 个工作日' }).optional(),
  })
  .strict();

export type CaseLimitsInput = z.input<typeof caseLimitsSchema>;

/** The file's values over the defaults. */
export function resolveCaseLimits(input: z.output<typeof caseLimitsSchema> | null | undefined): CaseLimits {
  const kinds = {} as Record<CaseKind, KindLimits>;
  for (const kind of CASE_KIND_IDS) {
    const given = input?.kinds?.[kind];
    const base = DEFAULT_CASE_LIMITS.kinds[kind];
    const handling = { ...base.handling };
    for (const h of HANDLING_TYPE_IDS) {
      const v = given?.handling?.[h];
      if (v !== undefined) handling[h] = v;
    }
    kinds[kind] = { handling, maxExtensionDays: given?.maxExtensionDays ?? base.maxExtensionDays };
  }
  return { kinds, remindWithinDays: input?.remindWithinDays ?? DEFAULT_CASE_LIMITS.remindWithinDays };
}

export type CaseLimitsParse = { ok: true; limits: CaseLimits } | { ok: false; issues: z.core.$ZodIssue[] };

/** Parsed YAML (or null for an empty file) → limits, or the schema's issues. */
export function parseCaseLimits(data: unknown): CaseLimitsParse {
  if (data === null || data === undefined) return { ok: true, limits: resolveCaseLimits(null) };
  const result = caseLimitsSchema.safeParse(data);
  return result.success ? { ok: true, limits: resolveCaseLimits(result.data) } : { ok: false, issues: result.error.issues };
}

export function limitFor(limits: CaseLimits, kind: CaseKind, handling: HandlingType): number {
  return limits.kinds[kind].handling[handling];
}
