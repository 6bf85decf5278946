/**
 * netlify.toml: the build settings Netlify needs, and no header rules of its own (the build writes
 * dist/_headers from src/server/security-headers.ts, the one source); the platform rate limits of the
 * intake addresses (netlify/edge-functions/).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUBLISHED_DATA_PATH } from '../../src/lib/published-data.ts';
import { FUNCTION_DATA_FILES } from '../../src/build/netlify-output.ts';

type Table = { [key: string]: string | string[] | Table | Table[] };

function stringValue(raw: string, lineNo: number): string {
  if (/^'[^']*'$/.test(raw)) return raw.slice(1, -1);
  if (!/^"(?:[^"\\]|\\.)*"$/.test(raw)) throw new Error(`line ${lineNo}: unsupported TOML value: ${raw}`);
  return raw.slice(1, -1).replace(/\\(u[0-9A-Fa-f]{4}|["\\nt])|\\(.)/g, (_, e: string | undefined, bad: string | undefined) => {
    if (bad !== undefined) throw new Error(`line ${lineNo}: unsupported escape \\${bad}`);
    return e!.startsWith('u') ? String.fromCharCode(parseInt(e!.slice(1), 16)) : ({ '"': '"', '\\': '\\', n: '\n', t: '\t' } as Record<string, string>)[e!]!;
  });
}

/**
 * The subset of TOML netlify.toml uses: comments, [tables], [[arrays of tables]],
 * `key = "basic string"` / `key = 'literal string'` / `key = ["one-line", "array"]`
 * with bare keys. Anything else is an error, so the test cannot silently skip a
 * line it does not understand.
 */
function parseTomlSubset(text: string): Table {
  const root: Table = {};
  let current: Table = root;
  const descend = (path: string[], lineNo: number): Table => {
    let node: Table = root;
    for (const key of path) {
      let next: string | Table | undefined | (string | Table)[] = node[key];
      if (next === undefined) next = node[key] = {};
      if (Array.isArray(next)) next = next.at(-1);
      if (typeof next !== 'object' || next === null || Array.isArray(next)) throw new Error(`line ${lineNo}: ${key} is not a table`);
      node = next;
    }
    return node;
  };
  const KEY = /^[A-Za-z0-9_-]+$/;
  const keyPath = (s: string, lineNo: number) => {
    const parts = s.split('.').map((p) => p.trim());
    if (!parts.every((p) => KEY.test(p))) throw new Error(`line ${lineNo}: unsupported key ${s}`);
    return parts;
  };
  text.split(/\r?\n/).forEach((rawLine, i) => {
    const lineNo = i + 1;
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) return;
    let m = /^\[\[([^\]]+)\]\]$/.exec(line);
    if (m) {
      const path = keyPath(m[1]!, lineNo);
      const parent = descend(path.slice(0, -1), lineNo);
      const key = path.at(-1)!;
      const existing = parent[key] ?? (parent[key] = []);
      if (!Array.isArray(existing) || existing.some((e) => typeof e === 'string')) throw new Error(`line ${lineNo}: ${key} is not an array of tables`);
      current = {};
      (existing as Table[]).push(current);
      return;
    }
    m = /^\[([^\]]+)\]$/.exec(line);
    if (m) {
      current = descend(keyPath(m[1]!, lineNo), lineNo);
      return;
    }
    m = /^([A-Za-z0-9_-]+)\s*=\s*(.+?)\s*(?:#[^"']*)?$/.exec(line);
    if (!m) throw new Error(`line ${lineNo}: unsupported TOML: ${line}`);
    const key = m[1]!;
    if (key in current) throw new Error(`line ${lineNo}: duplicate key ${key}`);
    const array = /^\[\s*((?:(?:"(?:[^"\\]|\\.)*"|'[^']*')\s*,\s*)*(?:"(?:[^"\\]|\\.)*"|'[^']*')?)\s*,?\s*\]$/.exec(m[2]!);
    if (array) {
      current[key] = (array[1]!.match(/"(?:[^"\\]|\\.)*"|'[^']*'/g) ?? []).map((v) => stringValue(v, lineNo));
    } else {
      current[key] = stringValue(m[2]!, lineNo);
    }
  });
  return root;
}

describe('parseTomlSubset', () => {
  it('reads arrays of tables and their sub-tables', () => {
    const t = parseTomlSubset('[[h]]\n  for = "/a"\n  [h.values]\n    X = "1"\n[[h]]\nfor = \'/b\'\n');
    expect(t).toEqual({ h: [{ for: '/a', values: { X: '1' } }, { for: '/b' }] });
  });

  it('refuses what it does not understand and duplicate keys', () => {
    expect(() => parseTomlSubset('a = 1')).toThrow(/unsupported/);
    expect(() => parseTomlSubset('a = "x"\na = "y"')).toThrow(/duplicate/);
    expect(() => parseTomlSubset('"quoted key" = "x"')).toThrow(/unsupported/);
    expect(() => parseTomlSubset('a = "x" "y"')).toThrow(/unsupported/);
    expect(() => parseTomlSubset('a = [1, 2]')).toThrow(/unsupported/);
  });

  it('reads one-line string arrays and escapes', () => {
    expect(parseTomlSubset('a = ["x", \'y\']\nb = []\nc = "q\\"\\u00e9" # note')).toEqual({ a: ['x', 'y'], b: [], c: 'q"é' });
  });
});

describe('netlify.toml', () => {
  const config = parseTomlSubset(readFileSync(resolve(import.meta.dirname, '../../netlify.toml'), 'utf8'));

  it('builds with npm run build, publishes dist and deploys functions/', () => {
    expect(config.build).toMatchObject({ command: 'npm run build', publish: 'dist', functions: 'functions' });
  });

  it('bundles the public data file with the functions', () => {
    expect((config.functions as Table).included_files).toContain(`dist${PUBLISHED_DATA_PATH}`);
  });

  it('declares no header rules: dist/_headers, generated from security-headers.ts, is the only declaration', () => {
    expect(config.headers).toBeUndefined();
  });
});

describe('platform rate limits', () => {
  // Every address of src/pages/api/ is either an intake the public posts to, with Netlify's limit in front,
  // or listed here with the reason it has none: a new route has to be put on one side.
  const INTAKE = ['/api/comments', '/api/ratings', '/api/reports', '/api/subscriptions'];
  const UNLIMITED: Record<string, string> = {
    '/api/comments/token': 'hands out a form token, stores nothing',
    '/api/comments/ledger': 'reads the public ledger',
    '/api/comments/export': 'department download behind a bearer token',
    '/api/receipts': 'looks a receipt up; GET',
    '/api/receipts/withdraw': 'needs a receipt number and its query code',
    '/api/subscriptions/confirm': 'follows a single-use link from a mail',
    '/api/subscriptions/unsubscribe': 'follows a link from a mail',
    '/api/staff/sign-in': 'limited per address by the store (5 in 10 minutes, 30 a day); answers the same for every address',
    '/api/staff/session': 'needs a single-use link from a mail',
    '/api/staff/sign-out': 'ends the caller’s own session',
  };
  const API = resolve(import.meta.dirname, '../../src/pages/api');
  const EDGE = resolve(import.meta.dirname, '../../netlify/edge-functions');
  type EdgeModule = { default: (request: Request, context: { next(): Promise<Response> }) => Promise<Response>; config: { path: string; rateLimit?: { windowLimit: number; windowSize: number; aggregateBy?: string[] } } };

  it('are declared by edge functions in the folder netlify.toml names', () => {
    const config = parseTomlSubset(readFileSync(resolve(import.meta.dirname, '../../netlify.toml'), 'utf8'));
    expect((config.build as Table).edge_functions).toBe('netlify/edge-functions');
  });

  it('guard every public POST address per visitor address, within Netlify’s window sizes', async () => {
    const routes = readdirSync(API, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => `/api/${f.replace(/\.ts$/, '').split(sep).join('/')}`)
      .sort();
    expect(routes).toEqual([...INTAKE, ...Object.keys(UNLIMITED)].sort());

    const limited = new Map<string, EdgeModule['config']>();
    for (const file of readdirSync(EDGE).filter((f) => f.endsWith('.ts'))) {
      const { config } = (await import(join(EDGE, file))) as EdgeModule;
      expect(limited.has(config.path), `${file}: a second edge function for ${config.path}`).toBe(false);
      limited.set(config.path, config);
    }
    expect([...limited.keys()].sort()).toEqual([...INTAKE].sort());
    for (const path of INTAKE) {
      const rateLimit = limited.get(path)!.rateLimit;
      expect(rateLimit, path).toBeDefined();
      expect(rateLimit!.aggregateBy, path).toContain('ip');
      expect(rateLimit!.windowSize, path).toBeGreaterThan(0);
      expect(rateLimit!.windowSize, path).toBeLessThanOrEqual(180);
      expect(rateLimit!.windowLimit, path).toBeGreaterThanOrEqual(10);
      expect(rateLimit!.windowLimit, path).toBeLessThanOrEqual(60);
    }
  });

  it('only pass the request on: the answer is the site’s own', async () => {
    for (const file of readdirSync(EDGE).filter((f) => f.endsWith('.ts'))) {
      const edge = (await import(join(EDGE, file))) as EdgeModule;
      const answer = new Response('from the site', { status: 201 });
      const request = new Request(`https://gongkai.test.example${edge.config.path}`, { method: 'POST', body: 'x=1' });
      expect(await edge.default(request, { next: async () => answer }), file).toBe(answer);
      expect(request.bodyUsed, file).toBe(false);
    }
  });
});

describe('the function answering on request', () => {
  it('carries the same data files as the functions of functions/', () => {
    const config = parseTomlSubset(readFileSync(resolve(import.meta.dirname, '../../netlify.toml'), 'utf8'));
    expect((config.functions as Table).included_files).toEqual([...FUNCTION_DATA_FILES]);
  });
});
