/**
 * The scheduled functions of functions/*.ts, run by `npm start` when Netlify would run them (their
 * `config.schedule`, in UTC): the outbox drain every 5 minutes, the notifications daily at 08:00 Beijing
 * time. Each job runs at the start of a matching minute, never twice at once; the drain also runs once at
 * start, so mail left waiting goes out without a manual command.
 */
import type { Config, Context } from '@netlify/functions';
import { cronMatches, parseCron, type CronSchedule } from '../lib/cron.ts';

export interface ScheduledModule {
  default: (request: Request, context: Context) => Promise<Response> | Response;
  config: Config;
}

export interface ScheduledJob {
  name: string;
  schedule: string;
  run(): Promise<void>;
}

/** A job that calls the function the way Netlify does: a POST carrying the next run's time. */
export function jobOf(name: string, module: ScheduledModule, log: (line: string) => void = console.log): ScheduledJob {
  const schedule = module.config.schedule;
  if (!schedule) throw new Error(`functions/${name}.ts has no config.schedule`);
  return {
    name,
    schedule,
    run: async () => {
      const request = new Request(`http://127.0.0.1/.netlify/functions/${name}`, { method: 'POST', body: JSON.stringify({ next_run: null }), headers: { 'content-type': 'application/json' } });
      const answer = await module.default(request, { deploy: { context: process.env.CONTEXT ?? 'dev' } } as unknown as Context);
      if (answer.status >= 400) log(`[schedule] ${name} answered ${answer.status}`);
    },
  };
}

export interface LocalSchedule {
  /** Starts the jobs whose schedule matches the minute of `at` (what each minute's wake-up does). */
  runDue(at: Date): void;
  stop(): void;
  /** Resolves when every job started so far has finished (tests, shutdown). */
  idle(): Promise<void>;
}

export interface LocalScheduleOptions {
  /** Jobs run once right away (besides their schedule). */
  runAtStart?: readonly string[];
  now?: () => Date;
  log?: (line: string) => void;
}

export function startLocalSchedule(jobs: readonly ScheduledJob[], options: LocalScheduleOptions = {}): LocalSchedule {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? console.log;
  const parsed: [ScheduledJob, CronSchedule][] = jobs.map((job) => [job, parseCron(job.schedule)]);
  const running = new Map<string, Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const start = (job: ScheduledJob) => {
    if (running.has(job.name)) return;
    const run = job
      .run()
      .catch((error: unknown) => log(`[schedule] ${job.name} failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => running.delete(job.name));
    running.set(job.name, run);
  };

  const runDue = (at: Date) => {
    for (const [job, schedule] of parsed) if (cronMatches(schedule, at)) start(job);
  };
  const tick = () => {
    if (stopped) return;
    runDue(now());
    arm();
  };
  // Wake at the start of the next minute (the clock may have jumped; never wait less than a second).
  const arm = () => {
    const ms = now().getTime();
    timer = setTimeout(tick, Math.max(1000, 60_000 - (ms % 60_000) + 50));
    timer.unref();
  };

  for (const job of jobs) if (options.runAtStart?.includes(job.name)) start(job);
  arm();
  return {
    runDue,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
    idle: async () => {
      while (running.size > 0) await Promise.all(running.values());
    },
  };
}
