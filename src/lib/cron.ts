/**
 * Five-field cron expressions as Netlify's scheduled functions read them (minute, hour, day of month,
 * month, day of week; evaluated in UTC): `*`, numbers, ranges `a-b`, steps `*\/n` and `a-b/n`, lists,
 * and the nicknames @hourly, @daily (@midnight), @weekly, @monthly, @yearly (@annually).
 * Enough for `npm start` to run the scheduled functions when Netlify would.
 */

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

export type CronSchedule = readonly ReadonlySet<number>[];

function field(part: string, spec: (typeof FIELDS)[number], expression: string): Set<number> {
  const values = new Set<number>();
  for (const item of part.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
    if (!m) throw new RangeError(`Cron ${spec.name} "${item}" is not understood in "${expression}"`);
    const from = m[1] === '*' ? spec.min : Number(m[2]);
    const to = m[1] === '*' ? spec.max : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? spec.max : from;
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (from < spec.min || to > spec.max || from > to || step < 1) throw new RangeError(`Cron ${spec.name} "${item}" is out of range in "${expression}"`);
    for (let v = from; v <= to; v += step) values.add(spec.name === 'day of week' && v === 7 ? 0 : v);
  }
  return values;
}

const NICKNAMES: Readonly<Record<string, string>> = {
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
};

export function parseCron(expression: string): CronSchedule {
  const parts = (NICKNAMES[expression.trim().toLowerCase()] ?? expression).trim().split(/\s+/);
  if (parts.length !== 5) throw new RangeError(`Cron needs five fields: "${expression}"`);
  return parts.map((part, i) => field(part, FIELDS[i]!, expression));
}

/** Whether the schedule fires in the UTC minute of `at`. Day of month and day of week restricted both: either matches (cron's rule). */
export function cronMatches(schedule: CronSchedule, at: Date): boolean {
  const [minute, hour, dayOfMonth, month, dayOfWeek] = schedule as [ReadonlySet<number>, ReadonlySet<number>, ReadonlySet<number>, ReadonlySet<number>, ReadonlySet<number>];
  if (!minute.has(at.getUTCMinutes()) || !hour.has(at.getUTCHours()) || !month.has(at.getUTCMonth() + 1)) return false;
  const domAll = dayOfMonth.size === 31;
  const dowAll = dayOfWeek.size === 7;
  const dom = dayOfMonth.has(at.getUTCDate());
  const dow = dayOfWeek.has(at.getUTCDay());
  if (!domAll && !dowAll) return dom || dow;
  return dom && dow;
}
