/**
 * Comments that can be trusted: every repository path a code comment names
 * (src/…, scripts/…, functions/…, netlify/…, tests/…, docs/…) exists, and no comment carries
 * an issue number or a note about who owns what (history lives in git).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');
const SCANNED = ['src', 'functions', 'netlify', 'scripts', 'tests'];

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|astro|mjs)$/.test(entry.name)) yield path;
  }
}

/** Block, line and HTML comments; `//` right after a colon or quote is a URL or a string, not a comment. */
const COMMENT = /\/\*[\s\S]*?\*\/|(?<![:\w'"`])\/\/[^\n]*|<!--[\s\S]*?-->/g;
const NOTE = /\bissues? #?\d+|(?<![&\w]|PKCS )#\d+\b(?![\da-f;])|\bCONTRACT\b|\bowned by\b|\bTODO session\b/i;
const PATH = /(?<![\w./@-])((?:src|scripts|functions|netlify|tests|docs)\/[\w.\-/[\]*]*[\w\]*])/g;

function commentsOf(text: string): string[] {
  return [...text.matchAll(COMMENT)].map((m) => m[0]);
}

function pathsNamedIn(comment: string): string[] {
  return [...comment.matchAll(PATH)].map((m) => m[1]!);
}

/** Whether `path` exists under `root`; a `*` in the file name matches any characters. */
function exists(root: string, path: string): boolean {
  if (!path.includes('*')) return existsSync(join(root, path));
  const dir = join(root, dirname(path));
  if (dirname(path).includes('*') || !existsSync(dir)) return false;
  const name = new RegExp(`^${basename(path).replace(/[.[\]]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return readdirSync(dir).some((n) => name.test(n));
}

const files = SCANNED.flatMap((dir) => [...sourceFiles(join(REPO, dir))]).map((f) => ({ file: relative(REPO, f), comments: commentsOf(readFileSync(f, 'utf8')) }));

describe('code comments', () => {
  it('finds the paths a comment names, and only in comments', () => {
    // Put together so that this file itself holds no such comment.
    const slashes = '/'.repeat(2);
    const comments = commentsOf(`const url = 'https:${slashes}example.org/src/x.ts'; ${slashes} see src/lib/time.ts and docs/missing.md.\n/* tests/helpers/*.ts */`);
    expect(comments.flatMap(pathsNamedIn)).toEqual(['src/lib/time.ts', 'docs/missing.md', 'tests/helpers/*.ts']);
    expect(exists(REPO, 'docs/missing.md')).toBe(false);
    expect(exists(REPO, 'tests/helpers/*.ts')).toBe(true);
    expect(exists(REPO, 'src/lib/no-such-*.ts')).toBe(false);
    for (const note of ['as in issue 14', 'see #14', 'CONTRACT: owned by the shell work']) expect(NOTE.test(note), note).toBe(true);
    for (const text of ['PKCS #8', 'colour #fff', 'a&#64;b.cn']) expect(NOTE.test(text), text).toBe(false);
  });

  it('name only paths that exist', () => {
    const named = files.flatMap(({ file, comments }) => comments.flatMap(pathsNamedIn).map((path) => ({ file, path })));
    expect(named.length).toBeGreaterThan(100);
    expect(named.filter(({ path }) => !exists(REPO, path)).map(({ file, path }) => `${file}: ${path}`)).toEqual([]);
  });

  it('carry no issue numbers or notes on who owns what', () => {
    const found = files.flatMap(({ file, comments }) => comments.filter((c) => NOTE.test(c)).map((c) => `${file}: ${NOTE.exec(c)![0]}`));
    expect(found).toEqual([]);
  });
});
