import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cronMatches, parseCron } from '../../src/lib/cron.ts';
import { startLocalSchedule, type ScheduledJob } from '../../src/server/local-schedule.ts';
import { config as drainConfig } from '../../functions/drain-outbox.ts';
import { config as notifyConfig } from '../../functions/notify.ts';

const at = (iso: string) => new Date(iso);

describe('cron', () => {
  it('reads the schedules of the scheduled functions as Netlify does (UTC)', () => {
    const drain = parseCron(drainConfig.schedule!);
    expect(cronMatches(drain, at('2026-12-01T03:05:00Z'))).toBe(true);
    expect(cronMatches(drain, at('2026-12-01T03:05:59Z'))).toBe(true);
    expect(cronMatches(drain, at('2026-12-01T03:06:00Z'))).toBe(false);
    const notify = parseCron(notifyConfig.schedule!);
    // 00:00 UTC is 08:00 in Beijing.
    expect(cronMatches(notify, at('2026-12-01T00:00:00Z'))).toBe(true);
    expect(cronMatches(notify, at('2026-12-01T08:00:00+08:00'))).toBe(true);
    expect(cronMatches(notify, at('2026-12-01T00:01:00Z'))).toBe(false);
    expect(cronMatches(notify, at('2026-12-01T08:00:00Z'))).toBe(false);
  });

  it('knows ranges, lists, steps and the either-day rule', () => {
    const s = parseCron('0,30 9-17/4 1 * 1-5');
    expect(cronMatches(s, at('2026-12-01T09:30:00Z'))).toBe(true); // the 1st (a Tuesday)
    expect(cronMatches(s, at('2026-12-07T13:00:00Z'))).toBe(true); // a Monday, not the 1st
    expect(cronMatches(s, at('2026-12-06T13:00:00Z'))).toBe(false); // a Sunday, not the 1st
    expect(cronMatches(s, at('2026-12-01T11:00:00Z'))).toBe(false); // hour not in 9,13,17
    expect(cronMatches(parseCron('* * * * 7'), at('2026-12-06T10:00:00Z'))).toBe(true); // 7 is Sunday too
  });

  it('refuses what it does not understand', () => {
    for (const bad of ['* * * *', '60 * * * *', '*/0 * * * *', 'x * * * *', '5-1 * * * *', '@often']) expect(() => parseCron(bad), bad).toThrow(RangeError);
  });

  it('knows the nicknames Netlify accepts', () => {
    expect(cronMatches(parseCron('@hourly'), at('2026-12-01T07:00:00Z'))).toBe(true);
    expect(cronMatches(parseCron('@hourly'), at('2026-12-01T07:30:00Z'))).toBe(false);
    expect(cronMatches(parseCron('@daily'), at('2026-12-01T00:00:00Z'))).toBe(true);
    expect(cronMatches(parseCron('@weekly'), at('2026-12-06T00:00:00Z'))).toBe(true); // a Sunday
    expect(cronMatches(parseCron('@monthly'), at('2026-12-02T00:00:00Z'))).toBe(false);
  });

  it('understands every scheduled function of functions/', async () => {
    const { localScheduledJobs } = await import('../../src/server/local-functions.ts');
    const jobs = localScheduledJobs();
    const scheduled: string[] = [];
    for (const file of readdirSync(join(import.meta.dirname, '../../functions'))) {
      const module = (await import(`../../functions/${file}`)) as { config: { schedule?: string } };
      if (module.config.schedule) scheduled.push(file.replace(/\.ts$/, ''));
    }
    expect(jobs.map((j) => j.name).sort()).toEqual(scheduled.sort());
    expect(scheduled).toContain('drain-outbox');
    for (const job of jobs) expect(() => parseCron(job.schedule), job.name).not.toThrow();
  });
});

describe('startLocalSchedule', () => {
  function jobs(log: string[]) {
    const gates: Record<string, () => void> = {};
    const make = (name: string, schedule: string): ScheduledJob => ({
      name,
      schedule,
      run: () =>
        new Promise<void>((done) => {
          log.push(name);
          gates[name] = done;
        }),
    });
    return { list: [make('drain-outbox', drainConfig.schedule!), make('notify', notifyConfig.schedule!)], gates };
  }

  it('runs the drain at start and each job in the minutes its schedule names, never twice at once', async () => {
    const log: string[] = [];
    const { list, gates } = jobs(log);
    const schedule = startLocalSchedule(list, { runAtStart: ['drain-outbox'], log: () => {} });
    try {
      expect(log).toEqual(['drain-outbox']);
      schedule.runDue(at('2026-12-01T00:00:00Z'));
      expect(log).toEqual(['drain-outbox', 'notify']); // the drain is still running: not started again
      gates['drain-outbox']!();
      await new Promise((r) => setTimeout(r, 0));
      schedule.runDue(at('2026-12-01T00:03:00Z'));
      expect(log).toEqual(['drain-outbox', 'notify']);
      schedule.runDue(at('2026-12-01T00:05:00Z'));
      expect(log).toEqual(['drain-outbox', 'notify', 'drain-outbox']);
      gates['drain-outbox']!();
      gates.notify!();
      await schedule.idle();
    } finally {
      schedule.stop();
    }
  });

  it('logs a failed run and keeps going', async () => {
    const lines: string[] = [];
    const failing: ScheduledJob = { name: 'drain-outbox', schedule: '* * * * *', run: async () => Promise.reject(new Error('SMTP down')) };
    const schedule = startLocalSchedule([failing], { runAtStart: ['drain-outbox'], log: (l) => lines.push(l) });
    await schedule.idle();
    schedule.runDue(at('2026-12-01T00:01:00Z'));
    await schedule.idle();
    schedule.stop();
    expect(lines).toEqual(['[schedule] drain-outbox failed: SMTP down', '[schedule] drain-outbox failed: SMTP down']);
  });
});
