/**
 * Programs the tests take from Debian's packages (never downloaded from a vendor): when one is missing and
 * we run as root on a machine with apt-get, its package is installed (one line says so); otherwise one line
 * says how to install it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface DebianHost {
  exists(path: string): boolean;
  isRoot(): boolean;
  hasAptGet(): boolean;
  /** Runs a command; throws with its output when it fails. */
  run(command: string, args: readonly string[]): void;
  log(line: string): void;
}

/** A program, the package that ships it, who needs it and how long the install takes. */
export interface DebianNeed {
  path: string;
  packageName: string;
  /** "the browser tests need" */
  neededBy: string;
  /** "about a minute" */
  installTime: string;
}

export const realDebianHost: DebianHost = {
  exists: existsSync,
  isRoot: () => process.getuid?.() === 0,
  hasAptGet: () => existsSync('/usr/bin/apt-get'),
  run: (command, args) => {
    execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  },
  log: (line) => console.log(line),
};

export type DebianOutcome = 'present' | 'installed' | 'missing';

export function provideDebianPackage(need: DebianNeed, host: DebianHost = realDebianHost): DebianOutcome {
  const { path, packageName } = need;
  if (host.exists(path)) return 'present';
  if (!host.isRoot() || !host.hasAptGet()) {
    host.log(`${path} is missing: ${need.neededBy} Debian's ${packageName} (as root: apt-get install ${packageName}).`);
    return 'missing';
  }
  host.log(`${path} is missing: installing Debian's ${packageName} package with apt-get (${need.installTime}, once).`);
  try {
    host.run('apt-get', ['update', '-qq']);
    host.run('apt-get', ['install', '-y', '-qq', packageName]);
  } catch (error) {
    const output = (error as { stderr?: Buffer | string }).stderr?.toString().trim().split('\n').slice(-5).join('\n');
    host.log(`apt-get install ${packageName} failed${output ? `:\n${output}` : `: ${String(error)}`}`);
    return 'missing';
  }
  return host.exists(path) ? 'installed' : 'missing';
}
