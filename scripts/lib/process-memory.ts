/** Memory of a benchmarked build, read from /proc (Linux): shared by bench:build and bench:search. */
import { readdirSync, readFileSync } from 'node:fs';

/** Resident memory (KiB) of a process and all its descendants. */
export function treeRssKiB(pid: number): number {
  let total = 0;
  const visit = (p: number) => {
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
      for (const task of readdirSync(`/proc/${p}/task`)) {
        const children = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        if (children) for (const c of children.split(/\s+/)) visit(Number(c));
      }
    } catch {
      // The process ended between listing and reading.
    }
  };
  visit(pid);
  return total;
}
