/**
 * The browser of the browser tests and `npm run verify`: Debian's `chromium` package, never a browser
 * downloaded from a vendor. When it is missing and we run as root on a machine with apt-get, it is installed
 * (one line says so); otherwise one line says how to install it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export interface ChromiumHost {
  exists(path: string): boolean;
  isRoot(): boolean;
  hasAptGet(): boolean;
  /** Runs a command; throws with its output when it fails. */
  run(command: string, args: readonly string[]): void;
  log(line: string): void;
}

const realHost: ChromiumHost = {
  exists: existsSync,
  isRoot: () => process.getuid?.() === 0,
  hasAptGet: () => existsSync('/usr/bin/apt-get'),
  run: (command, args) => {
    execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  },
  log: (line) => console.log(line),
};

export type ChromiumOutcome = 'present' | 'installed' | 'missing';

export function provideChromium(host: ChromiumHost = realHost): ChromiumOutcome {
  if (host.exists(CHROMIUM_PATH)) return 'present';
  if (!host.isRoot() || !host.hasAptGet()) {
    host.log(`${CHROMIUM_PATH} is missing: the browser tests need Debian's chromium (as root: apt-get install chromium).`);
    return 'missing';
  }
  host.log(`${CHROMIUM_PATH} is missing: installing Debian's chromium package with apt-get (about a minute, once).`);
  try {
    host.run('apt-get', ['update', '-qq']);
    host.run('apt-get', ['install', '-y', '-qq', 'chromium']);
  } catch (error) {
    const output = (error as { stderr?: Buffer | string }).stderr?.toString().trim().split('\n').slice(-5).join('\n');
    host.log(`apt-get install chromium failed${output ? `:\n${output}` : `: ${String(error)}`}`);
    return 'missing';
  }
  return host.exists(CHROMIUM_PATH) ? 'installed' : 'missing';
}
