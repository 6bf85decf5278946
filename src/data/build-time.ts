/**
 * The moment the site is built. Pages show statuses as of this moment, and the
 * browser recomputes them from the dates. GONGKAI_NOW fixes it for tests so that
 * no test depends on today's date.
 */
function resolveBuildTime(): Date {
  const fixed = process.env.GONGKAI_NOW;
  if (!fixed) return new Date();
  const t = new Date(fixed);
  if (Number.isNaN(t.getTime())) throw new Error(`GONGKAI_NOW is not a date-time: ${fixed}`);
  return t;
}

export const buildTime: Date = resolveBuildTime();
