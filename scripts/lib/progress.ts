/** Progress of backup and restore on stderr: at most one line a second, and the last one of each store and phase. */
import type { Progress } from '../../src/server/backup.ts';

const PHASES: Record<Progress['phase'], string> = { list: '列出 / listing', backup: '备份 / backing up', verify: '校验 / verifying', restore: '恢复 / restoring' };

export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): (p: Progress) => void {
  let last = 0;
  let lastLabel = '';
  return (p) => {
    const label = `${p.phase} ${p.phase === 'verify' || p.phase === 'restore' ? '' : p.store}`;
    const now = Date.now();
    const finished = p.total > 0 && p.done === p.total;
    if (label === lastLabel && !finished && now - last < 1000) return;
    last = now;
    lastLabel = label;
    const where = p.phase === 'verify' || p.phase === 'restore' ? '' : ` ${p.store}`;
    stream.write(`${PHASES[p.phase]}${where}: ${p.total ? `${p.done}/${p.total}` : '…'}\n`);
  };
}
