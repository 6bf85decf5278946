/**
 * What the browser recomputes about warnings on a page that may be older than
 * the current time: which banner entries are still in force, when the next one
 * ends, and a warning page's status badge. Pure (dataset records and `now` in),
 * used by src/scripts/warning-clock.ts and tested in tests/unit.
 */
import { WARNING_LEVELS, WARNING_STATUS_LABELS, isInForce, warningStatus, type WarningLevel, type WarningStatus } from './warnings.ts';

/** Badge tones (global .badge--<tone>) for each status; the words are always in the badge. */
export const WARNING_STATUS_TONES: Record<WarningStatus | 'cancellation', 'danger' | 'neutral' | 'info' | 'success'> = {
  scheduled: 'info',
  active: 'danger',
  expired: 'neutral',
  cancelled: 'success',
  superseded: 'info',
  cancellation: 'neutral',
};

/** Longest delay a browser timer accepts (about 24.8 days). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface TimedWarning {
  id: string;
  level: WarningLevel;
  issued: Date;
  validUntil: Date;
}

function instant(value: string | undefined): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A banner entry from its data attributes (data-warning-id, data-level, data-issued, data-valid-until). */
export function timedWarningFromDataset(dataset: Readonly<Record<string, string | undefined>>): TimedWarning | null {
  const id = dataset['warningId'];
  const level = WARNING_LEVELS.find((l) => l === dataset['level']);
  const issued = instant(dataset['issued']);
  const validUntil = instant(dataset['validUntil']);
  if (!id || !level || !issued || !validUntil) return null;
  return { id, level, issued, validUntil };
}

/** Whether a banner entry shows at `now`: in force by its own times (a malformed entry is hidden). */
export function showInBanner(w: TimedWarning | null, now: Date): boolean {
  return w !== null && isInForce(w, now);
}

/**
 * Milliseconds until the next banner entry starts or ends, so the page can
 * re-check exactly then; null when nothing will change.
 */
export function msUntilNextChange(warnings: readonly (TimedWarning | null)[], now: Date): number | null {
  const t = now.getTime();
  let next = Infinity;
  for (const w of warnings) {
    if (!w) continue;
    // isInForce includes validUntil itself, so the change happens one millisecond later.
    for (const edge of [w.issued.getTime(), w.validUntil.getTime() + 1]) {
      if (edge > t && edge < next) next = edge;
    }
  }
  return next === Infinity ? null : Math.min(next - t, MAX_TIMER_MS);
}

/**
 * A warning page's status badge recomputed at `now`, from the times it
 * carries. Only a badge built as active or scheduled carries them; a later
 * update or cancellation is not known here, so this only moves forward in time
 * (未生效 → 生效中 → 已过期).
 */
export function liveWarningStatus(dataset: Readonly<Record<string, string | undefined>>, now: Date): { status: WarningStatus; label: string; tone: string } | null {
  const issued = instant(dataset['issued']);
  const validUntil = instant(dataset['validUntil']);
  const built = dataset['status'];
  if (!issued || !validUntil || (built !== 'active' && built !== 'scheduled')) return null;
  const status = warningStatus({ id: '', level: '蓝色', issued, validUntil }, undefined, now);
  return { status, label: WARNING_STATUS_LABELS[status], tone: WARNING_STATUS_TONES[status] };
}
