import { describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, provideChromium, type ChromiumHost } from '../../scripts/lib/debian-chromium.ts';
import { PDFTOPPM_PATH, providePdftoppm } from '../../scripts/lib/debian-poppler.ts';

function host(options: { present?: boolean; root?: boolean; apt?: boolean; failOn?: string; installs?: boolean }) {
  const calls: string[] = [];
  const lines: string[] = [];
  let present = options.present ?? false;
  const h: ChromiumHost = {
    exists: (path) => path === CHROMIUM_PATH && present,
    isRoot: () => options.root ?? true,
    hasAptGet: () => options.apt ?? true,
    run: (command, args) => {
      const call = [command, ...args].join(' ');
      calls.push(call);
      if (options.failOn && call.includes(options.failOn)) throw Object.assign(new Error('exit 100'), { stderr: Buffer.from('E: Unable to locate package chromium\n') });
      if (args.includes('install') && options.installs !== false) present = true;
    },
    log: (line) => lines.push(line),
  };
  return { h, calls, lines };
}

describe('provideChromium', () => {
  it('does nothing when /usr/bin/chromium is there', () => {
    const { h, calls, lines } = host({ present: true });
    expect(provideChromium(h)).toBe('present');
    expect(calls).toEqual([]);
    expect(lines).toEqual([]);
  });

  it('installs Debian chromium with apt-get as root, saying so in one line', () => {
    const { h, calls, lines } = host({});
    expect(provideChromium(h)).toBe('installed');
    expect(calls).toEqual(['apt-get update -qq', 'apt-get install -y -qq chromium']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/installing Debian's chromium/);
  });

  it('only says how to install it when not root or without apt-get', () => {
    for (const options of [{ root: false }, { apt: false }]) {
      const { h, calls, lines } = host(options);
      expect(provideChromium(h)).toBe('missing');
      expect(calls).toEqual([]);
      expect(lines[0]).toMatch(/apt-get install chromium/);
    }
  });

  it('reports a failed install with apt-get’s own words', () => {
    const { h, lines } = host({ failOn: 'install' });
    expect(provideChromium(h)).toBe('missing');
    expect(lines.at(-1)).toMatch(/Unable to locate package chromium/);
  });
});

describe('providePdftoppm', () => {
  it('installs poppler-utils as root when pdftoppm is missing, and nothing when it is there', () => {
    const calls: string[] = [];
    const lines: string[] = [];
    let present = false;
    const h: ChromiumHost = {
      exists: (path) => path === PDFTOPPM_PATH && present,
      isRoot: () => true,
      hasAptGet: () => true,
      run: (command, args) => {
        calls.push([command, ...args].join(' '));
        if (args.includes('install')) present = true;
      },
      log: (line) => lines.push(line),
    };
    expect(providePdftoppm(h)).toBe('installed');
    expect(calls).toEqual(['apt-get update -qq', 'apt-get install -y -qq poppler-utils']);
    expect(lines).toEqual([`${PDFTOPPM_PATH} is missing: installing Debian's poppler-utils package with apt-get (a few seconds, once).`]);
    expect(providePdftoppm(h)).toBe('present');
    expect(calls).toHaveLength(2);
  });
});
