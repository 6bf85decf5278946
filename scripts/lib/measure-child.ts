/** A benchmarked child process, run to its end: wall time and peak memory. Shared by bench:build and bench:search. */
import { spawn } from 'node:child_process';
import { treeRssKiB } from './process-memory.ts';

export interface ChildMeasure {
  /** Wall-clock seconds from start to exit. */
  seconds: number;
  /** Peak resident memory of the process and its descendants, sampled every 100 ms. */
  peakMiB: number;
  /** The end of what it wrote to stdout (last 200,000 characters). */
  stdout: string;
}

/**
 * Runs `command` with `env` added to this process's environment (and Astro's telemetry off).
 * Rejects when it cannot start or exits with an error, naming it `label` (default: its
 * arguments) and quoting the end of its stderr and stdout.
 */
export function measureChild(command: string, args: string[], options: { cwd: string; env: Record<string, string>; label?: string }): Promise<ChildMeasure> {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(-200_000)));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)));
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, treeRssKiB(child.pid ?? 0))), 100);
    child.on('error', (error) => {
      clearInterval(timer);
      fail(error);
    });
    child.on('close', (code) => {
      clearInterval(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) return fail(new Error(`${options.label ?? args.join(' ')} failed (exit ${code}):\n${stderr}\n${stdout.slice(-5000)}`));
      done({ seconds, peakMiB: peak / 1024, stdout });
    });
  });
}
