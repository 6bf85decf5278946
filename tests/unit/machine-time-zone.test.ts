/**
 * The rules must give the same answers whatever the machine's time zone is
 * (build servers run in UTC, editors' laptops in Beijing, contributors abroad).
 * Vitest runs in one process, so other zones are tried in child processes.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { probe } from '../fixtures/time-zone-probe.ts';

const PROBE = resolve(import.meta.dirname, '../fixtures/time-zone-probe.ts');

function probeIn(tz: string) {
  const out = execFileSync(process.execPath, [PROBE], { env: { ...process.env, TZ: tz }, encoding: 'utf8' });
  return JSON.parse(out) as { zone: { tz: string; resolved: string; offsetMinutes: number }; results: unknown };
}

describe('results do not depend on the machine time zone', () => {
  const inProcess = probe();

  it('computes the expected Beijing-time answers in this process', () => {
    expect(inProcess.instants[1]).toMatchObject({ date: '2020-07-29', chinese: '2020年7月29日 00:00', withOffset: '2020-07-29T00:00:00+08:00' });
    expect(inProcess.yaml).toEqual({ opens: '2020-07-29T01:00:00.000Z', closes: '2020-08-28T15:59:59.999Z', closingDayOnly: true, at: '2020-03-07T18:30:00.000Z' });
    expect(inProcess.status.map((s) => s.status)).toEqual(['upcoming', 'open', 'open', 'awaiting-feedback', 'feedback-overdue']);
    expect(inProcess.window).toMatchObject({ length: 7, meetsMinimum: true, calendarKnown: true });
  });

  // Los Angeles has daylight saving (changes on 2020-03-08 and 2020-11-01, both probed);
  // Kolkata is a half-hour offset east of UTC; Kiritimati is +14, the far side of the date line.
  // The offset on 2020-07-29 (minutes, as getTimezoneOffset gives it) proves the child really ran in that zone.
  it.each([
    ['America/Los_Angeles', 420],
    ['Asia/Kolkata', -330],
    ['Pacific/Kiritimati', -840],
    ['UTC', 0],
  ])('gives the same results under TZ=%s', (tz, offsetMinutes) => {
    const child = probeIn(tz);
    expect(child.zone.offsetMinutes).toBe(offsetMinutes);
    expect(child.results).toEqual(inProcess);
  });
});
