/**
 * The Markdown loader takes the files the build's content check has read
 * instead of reading and parsing them again, and must store every entry exactly
 * as Astro's own glob() loader stores it: same ids, same data, same body handed
 * to the Markdown renderer, same digest and file path. Both loaders run here
 * over the same folder with Astro's real Markdown entry type (front matter
 * parsing); the renderer only echoes what it is given, so the comparison sees
 * exactly what each loader would render.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { glob, type LoaderContext } from 'astro/loaders';
import { z } from 'astro/zod';
import { afterAll, describe, expect, it } from 'vitest';
import { discardCheckedFiles, keepingCheckedFiles, takeCheckedFolder } from '../../src/build/checked-files.ts';
import { readRenderedBodies, renderedBody, renderedBodiesFile } from '../../src/build/rendered-bodies.ts';
import { readEntries } from '../../src/build/content-files.ts';
import { MARKDOWN_LOADER_ENV, markdownFiles, markdownLoaderFor } from '../../src/build/markdown-loader.ts';

const REPO = resolve(import.meta.dirname, '../..');
// Astro's Markdown entry type is not exported; the loaders receive it from the content layer.
const { markdownContentEntryType } = (await import(pathToFileURL(join(REPO, 'node_modules/astro/dist/vite-plugin-markdown/content-entry-type.js')).href)) as {
  markdownContentEntryType: { getEntryInfo: unknown };
};

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
  discardCheckedFiles();
});

function folderWith(files: Record<string, string>): { root: string; folder: string; dir: string } {
  const root = mkdtempSync(join(tmpdir(), 'gongkai-md-loader-'));
  roots.push(root);
  const folder = 'content/items';
  const dir = join(root, folder);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { root, folder, dir };
}

interface Stored {
  id: string;
  data: unknown;
  body?: string | undefined;
  filePath?: string | undefined;
  digest?: string | undefined;
  rendered?: { html: string } | undefined;
}

/** Runs a loader over `root` and returns what it stored, and what went to the renderer and to parseData. */
async function run(loader: ReturnType<typeof markdownFiles>, root: string, entries = new Map<string, Stored>()) {
  const rendered: string[] = [];
  const parsed: { id: string; data: unknown; filePath?: string | undefined }[] = [];
  const warnings: string[] = [];
  const store = {
    keys: () => [...entries.keys()],
    get: (id: string) => entries.get(id),
    set: (entry: Stored) => (entries.set(entry.id, entry), true),
    delete: (id: string) => void entries.delete(id),
    has: (id: string) => entries.has(id),
    addAssetImports: () => {},
    addModuleImport: () => {},
  };
  const entryType = {
    ...markdownContentEntryType,
    // Echoes what a loader hands the Markdown renderer.
    getRenderFunction: async () => async (entry: { id: string; body: string; data: unknown }) => {
      rendered.push(entry.id);
      // A body with an image reference reports it, as Astro's renderer does for local images.
      const imagePaths = entry.body.includes('![') ? ['./figure.png'] : [];
      return { html: JSON.stringify([entry.body, entry.data]), metadata: { imagePaths } };
    },
  };
  const context = {
    collection: 'items',
    store,
    meta: new Map(),
    logger: { warn: (m: string) => warnings.push(m), error: (m: string) => warnings.push(m), info: () => {}, debug: () => {} },
    config: { root: pathToFileURL(`${root}/`), srcDir: pathToFileURL(`${root}/src/`), cacheDir: pathToFileURL(`${root}/cache/`), prerenderConflictBehavior: 'warn' },
    parseData: async (props: { id: string; data: unknown; filePath?: string }) => (parsed.push(props), props.data),
    renderMarkdown: async () => {
      throw new Error('not used by either loader');
    },
    generateDigest: (data: unknown) => createHash('sha1').update(typeof data === 'string' ? data : JSON.stringify(data)).digest('hex'),
    entryTypes: new Map([['.md', entryType]]),
  } as unknown as LoaderContext;
  await loader.load(context);
  const sorted = [...entries.values()].sort((a, b) => a.id.localeCompare(b.id));
  return { entries: sorted, parsed: parsed.sort((a, b) => a.id.localeCompare(b.id)), warnings, rendered: rendered.sort(), store: entries };
}

const options = { retainBody: false };
/** The same folder through Astro's glob() loader, the way content.config.ts configured it before. */
const astroGlob = (base: string) => glob({ pattern: ['*.md', '*.mdx', '!_*'], base, generateId: ({ entry }) => entry.replace(/\.(md|mdx)$/, ''), ...options });

const HOSTILE_FILES: Record<string, string> = {
  'plain.md': '---\ntitle: 普通文件\npublished: "2026-01-02"\ntopics:\n  - zt01\n---\n\n正文第一段。\n\n正文第二段。\n',
  'crlf.md': '---\r\ntitle: Windows 换行\r\n---\r\n\r\n正文\r\n',
  'bom.md': '\uFEFF---\ntitle: 带 BOM\n---\n正文\n',
  'rule-first.md': '---\ntitle: 正文以分隔线开头\n---\n---\n\n分隔线之后\n\n---\n结尾\n',
  'no-newline.md': '---\ntitle: 没有正文也没有结尾换行\n---',
  'date.md': '---\ntitle: 未加引号的日期\nwritten: 2026-01-02\n---\n正文\n',
  // Astro ends the front matter at the first line starting with ---; the check does not: Astro's reading wins.
  'dash-line.md': '---\ntitle: 字段区里有 ---x 行\n---x: 1\n---\n正文\n',
  '_draft.md': '---\ntitle: 草稿\n---\n不发布\n',
  '.hidden.md': '---\ntitle: 隐藏文件\n---\n不发布\n',
};

describe('markdownFiles() loader', () => {
  it('stores what Astro’s glob() loader stores, from the files the check read', async () => {
    const { root, folder, dir } = folderWith(HOSTILE_FILES);
    const expected = await run(astroGlob(join(root, folder)) as ReturnType<typeof markdownFiles>, root);

    const read = keepingCheckedFiles(() => readEntries(root, folder));
    expect(read.map((f) => f.id)).toContain('dash-line');
    const actual = await run(markdownFiles(join(root, folder), options), root);
    expect(takeCheckedFolder(dir), 'the loader took the folder').toBeUndefined();

    expect(actual.entries.map((e) => e.id)).toEqual(['bom', 'crlf', 'dash-line', 'date', 'no-newline', 'plain', 'rule-first']);
    expect(actual.entries).toEqual(expected.entries);
    expect(actual.parsed).toEqual(expected.parsed);
    expect(actual.warnings).toEqual([]);
  });

  it('reads nothing itself when the check has read the folder', async () => {
    const { root, folder, dir } = folderWith({ 'a.md': '---\ntitle: 甲\n---\n正文\n' });
    keepingCheckedFiles(() => readEntries(root, folder));
    // The file changes after the check: the build renders what was checked.
    writeFileSync(join(dir, 'a.md'), '---\ntitle: 乙\n---\n改过的正文\n');
    const { entries } = await run(markdownFiles(join(root, folder), options), root);
    expect(entries.map((e) => e.data)).toEqual([{ title: '甲' }]);
  });

  it('is Astro’s glob() loader when the check did not read the folder, or did not read all of it', async () => {
    const { root, folder, dir } = folderWith({ 'a.md': '---\ntitle: 甲\n---\n正文\n', 'b.md': '---\ntitle: [未闭合\n---\n正文\n' });
    const problems: string[] = [];
    keepingCheckedFiles(() => readEntries(root, folder, (e) => problems.push(e.file)));
    expect(problems).toEqual([`${folder}/b.md`]);
    expect(takeCheckedFolder(dir), 'a folder with an unreadable file is not kept').toBeUndefined();
    await expect(run(markdownFiles(join(root, folder), options), root)).rejects.toThrow();
  });

  it('is Astro’s glob() loader for a folder holding MDX files', async () => {
    const { root, folder, dir } = folderWith({ 'a.md': '---\ntitle: 甲\n---\n正文\n', 'b.mdx': '---\ntitle: 乙\n---\n正文\n' });
    keepingCheckedFiles(() => readEntries(root, folder));
    const { warnings } = await run(markdownFiles(join(root, folder), options), root);
    // glob() finds no entry type for .mdx in this test's content layer: proof that it, not the fast path, ran.
    expect(warnings.some((w) => w.includes('b.mdx'))).toBe(true);
    expect(takeCheckedFolder(dir)).toBeUndefined();
  });

  it('validates with the collection’s schema itself when given it, and leaves failures to Astro’s parseData', async () => {
    const { root, folder } = folderWith({ 'a.md': '---\ntitle: 甲\n---\n正文\n', 'b.md': '---\nheading: 没有标题字段\n---\n正文\n' });
    const schema = z.object({ title: z.string(), draft: z.boolean().default(false) });
    keepingCheckedFiles(() => readEntries(root, folder));
    const { entries, parsed } = await run(markdownFiles(join(root, folder), { ...options, schema }), root);
    expect(entries.find((e) => e.id === 'a')?.data).toEqual({ title: '甲', draft: false });
    // Only the entry the schema refuses goes to parseData (which reports it in a real build).
    expect(parsed.map((p) => p.id)).toEqual(['b']);
  });

  it('keeps nothing outside the build’s check', () => {
    const { root, folder, dir } = folderWith({ 'a.md': '---\ntitle: 甲\n---\n正文\n' });
    readEntries(root, folder);
    expect(takeCheckedFolder(dir)).toBeUndefined();
  });

  describe('with bodiesAside', () => {
    const FILES = {
      'a.md': '---\ntitle: 甲\n---\n正文甲\n',
      'b.md': '---\ntitle: 乙\n---\n正文乙\n',
      'figure.md': '---\ntitle: 有图\n---\n![示意图](./figure.png)\n',
    };
    const aside = (base: string) => markdownFiles(base, { retainBody: false, bodiesAside: true });

    it('keeps the rendered bodies beside the store, exactly as glob() stored them; bodies with images stay in the store', async () => {
      const { root, folder } = folderWith(FILES);
      const expected = await run(astroGlob(join(root, folder)) as ReturnType<typeof markdownFiles>, root);
      keepingCheckedFiles(() => readEntries(root, folder));
      const actual = await run(aside(join(root, folder)), root);
      const cacheDir = pathToFileURL(`${root}/cache/`);
      for (const e of expected.entries) {
        const stored = actual.entries.find((a) => a.id === e.id)!;
        expect({ ...stored, rendered: undefined }, e.id).toEqual({ ...e, rendered: undefined });
        if (e.id === 'figure') expect(stored.rendered).toEqual(e.rendered);
        else {
          expect(stored.rendered, e.id).toBeUndefined();
          expect(renderedBody(cacheDir, 'items', e.id)).toBe(e.rendered!.html);
        }
      }
      expect([...readRenderedBodies(cacheDir, 'items').keys()].sort()).toEqual(['a', 'b']);
    });

    it('renders again on the next build only what changed, or what lost its kept body', async () => {
      const { root, folder, dir } = folderWith(FILES);
      const cacheDir = pathToFileURL(`${root}/cache/`);
      keepingCheckedFiles(() => readEntries(root, folder));
      const first = await run(aside(join(root, folder)), root);
      expect(first.rendered).toEqual(['a', 'b', 'figure']);

      // Next build, same store: b changed, c is new.
      writeFileSync(join(dir, 'b.md'), '---\ntitle: 乙\n---\n改过的正文乙\n');
      writeFileSync(join(dir, 'c.md'), '---\ntitle: 丙\n---\n正文丙\n');
      keepingCheckedFiles(() => readEntries(root, folder));
      const second = await run(aside(join(root, folder)), root, first.store);
      expect(second.rendered).toEqual(['b', 'c']);
      const kept = readRenderedBodies(cacheDir, 'items');
      expect([...kept.keys()].sort()).toEqual(['a', 'b', 'c']);
      expect(kept.get('b')!.html).toContain('改过的正文乙');

      // The kept bodies are lost (cache folder cleaned by hand), the store is not: everything aside is rendered again.
      rmSync(renderedBodiesFile(cacheDir, 'items'));
      keepingCheckedFiles(() => readEntries(root, folder));
      const third = await run(aside(join(root, folder)), root, second.store);
      expect(third.rendered).toEqual(['a', 'b', 'c']);
      expect(readRenderedBodies(cacheDir, 'items').get('a')!.html).toContain('正文甲');

      // A deleted file takes its kept body with it.
      rmSync(join(dir, 'c.md'));
      keepingCheckedFiles(() => readEntries(root, folder));
      await run(aside(join(root, folder)), root, third.store);
      expect([...readRenderedBodies(cacheDir, 'items').keys()].sort()).toEqual(['a', 'b']);
    });

    it('says which entry has no body instead of rendering an empty page', () => {
      const { root } = folderWith({});
      expect(() => renderedBody(pathToFileURL(`${root}/cache/`), 'nothing-here', 'x')).toThrow(/No rendered body for nothing-here\/x/);
    });
  });

  describe(`the switch back to Astro's glob() (${MARKDOWN_LOADER_ENV})`, () => {
    const FILES = { 'a.md': '---\ntitle: 甲\n---\n正文\n', '_draft.md': '---\ntitle: 草稿\n---\n不发布\n' };

    it('=glob loads with Astro’s glob() loader, which reads the files itself', async () => {
      const { root, folder, dir } = folderWith(FILES);
      keepingCheckedFiles(() => readEntries(root, folder));
      // Changed after the check: markdownFiles() would store what was checked (甲), glob() reads the disk.
      writeFileSync(join(dir, 'a.md'), '---\ntitle: 乙\n---\n改过的正文\n');
      const loader = markdownLoaderFor({ [MARKDOWN_LOADER_ENV]: 'glob' })(join(root, folder), { ...options, bodiesAside: true });
      expect(loader.name).toBe('glob-loader');
      const { entries } = await run(loader as ReturnType<typeof markdownFiles>, root);
      expect(entries.map((e) => [e.id, e.data])).toEqual([['a', { title: '乙' }]]);
      // Rendered bodies stay in the store, where pages read them with render().
      expect(entries[0]!.rendered?.html).toContain('改过的正文');
      expect(takeCheckedFolder(dir), 'glob() left the checked files alone').toBeDefined();
      discardCheckedFiles();
    });

    it('unset, empty or =gongkai is markdownFiles(); any other value is refused by name', () => {
      for (const env of [{}, { [MARKDOWN_LOADER_ENV]: '' }, { [MARKDOWN_LOADER_ENV]: 'gongkai' }]) {
        expect(markdownLoaderFor(env)).toBe(markdownFiles);
      }
      expect(() => markdownLoaderFor({ [MARKDOWN_LOADER_ENV]: 'Glob' })).toThrow(/GONGKAI_MARKDOWN_LOADER=Glob: expected "glob"/);
    });

    it('is read by the content collections from the environment', () => {
      // content.config.ts imports astro:content, which only Astro can load: check how it takes its loader.
      const config = readFileSync(join(REPO, 'src/content.config.ts'), 'utf8');
      expect(config).toMatch(/markdownLoaderFor\(process\.env\)/);
      expect(config).not.toMatch(/import \{[^}]*\bmarkdownFiles\b[^}]*\} from '\.\/build\/markdown-loader/);
    });
  });
});
