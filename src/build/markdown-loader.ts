/**
 * The loader of every Markdown content folder: its `*.md` / `*.mdx` files
 * except those starting with `_`, id = file name.
 *
 * In `astro build` the content check has already read every file and parsed
 * its front matter (src/build/checked-files.ts). The loader takes them from
 * there instead of reading and parsing 20,000 files a second time, and stores
 * each entry exactly as Astro's glob() loader does (same id, data through the
 * collection's schema, rendered HTML, digest, file path). Everywhere else —
 * `astro dev` and its file watcher, `astro sync`, a folder with `.mdx` files
 * or one the check could not read whole — it is Astro's glob() loader itself.
 *
 * With `bodiesAside`, the rendered bodies of a large collection do not go into
 * Astro's content store but beside it (src/build/rendered-bodies.ts; entries
 * whose Markdown has images stay in the store, where render() resolves them).
 * Pages then take an entry's body from renderedBody() when the entry has no
 * `rendered`, and from render() otherwise (always so in `astro dev`).
 */
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { glob, type Loader, type LoaderContext } from 'astro/loaders';
import type { z } from 'astro/zod';
import { takeCheckedFolder, type CheckedFile } from './checked-files.ts';
import { publishRenderedBodies, readRenderedBodies, type RenderedBody } from './rendered-bodies.ts';

/** Astro's own front matter pattern (@astrojs/internal-helpers/frontmatter): where it ends, the body starts. */
const ASTRO_FRONTMATTER_RE = /(?:^\uFEFF?|^\s*\n)(?:---|\+\+\+)([\s\S]*?\n)(?:---|\+\+\+)/;

/** What Astro's content layer hands the glob() loader besides the documented context. */
interface EntryType {
  getEntryInfo(input: { contents: string; fileUrl: URL }): Promise<{ data: Record<string, unknown>; body: string }>;
  getRenderFunction?(config: LoaderContext['config']): Promise<(entry: { id: string; data: Record<string, unknown>; body: string; filePath: string; digest: string }) => Promise<RenderedEntry>>;
}
type AssetImports = { addAssetImports(assets: string[], filePath?: string): void };
type RenderedEntry = { html: string; metadata?: { imagePaths?: string[] } & Record<string, unknown> };

const fileNameId = (name: string) => name.replace(/\.(md|mdx)$/, '');

/**
 * The body as Astro's Markdown entry type cuts it (front matter removed, trimmed), when Astro
 * finds the front matter where the check found it; undefined otherwise (Astro then parses the file).
 */
function bodyOf(file: CheckedFile): string | undefined {
  const m = ASTRO_FRONTMATTER_RE.exec(file.text);
  if (!m || m.index + m[0].length !== file.frontmatterEnd) return undefined;
  return file.text.slice(file.frontmatterEnd).trim();
}

/** The entry's data through `schema`, or undefined when it fails (or the schema is asynchronous). */
function validated(schema: z.ZodType | undefined, data: Record<string, unknown>): Record<string, unknown> | undefined {
  if (!schema) return undefined;
  try {
    const result = schema.safeParse(data);
    return result.success ? (result.data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export interface MarkdownFilesOptions {
  /** Keep the Markdown source in the store (default true). */
  retainBody?: boolean;
  /** Keep rendered bodies out of the content store (see above). */
  bodiesAside?: boolean;
  /**
   * The collection's own schema. Given, the loader validates each entry with it synchronously
   * and stores the result, as Astro's parseData() would after its asynchronous validation, which
   * takes twice as long (docs/performance.md); an entry that fails still goes to parseData()
   * for Astro's report.
   */
  schema?: z.ZodType;
}

/** Astro's own glob() loader over a Markdown folder: the same files and ids as markdownFiles(). */
export function globMarkdownFiles(base: string, options: Pick<MarkdownFilesOptions, 'retainBody'> = {}): Loader {
  return glob({ pattern: ['*.md', '*.mdx', '!_*'], base, generateId: ({ entry }) => fileNameId(entry), ...options });
}

/**
 * The environment variable that chooses the loader of the Markdown folders: `glob` is Astro's own
 * glob() loader (slower on large sites, but free of the Astro internals this loader relies on);
 * unset, empty or `gongkai` is markdownFiles(). See docs/astro-upgrades.md.
 */
export const MARKDOWN_LOADER_ENV = 'GONGKAI_MARKDOWN_LOADER';

/** The loader of the Markdown folders that the environment chooses (MARKDOWN_LOADER_ENV). */
export function markdownLoaderFor(env: Record<string, string | undefined>): (base: string, options?: MarkdownFilesOptions) => Loader {
  const choice = env[MARKDOWN_LOADER_ENV] ?? '';
  if (choice === '' || choice === 'gongkai') return markdownFiles;
  if (choice === 'glob') return (base, options = {}) => globMarkdownFiles(base, { retainBody: options.retainBody });
  throw new Error(`${MARKDOWN_LOADER_ENV}=${choice}: expected "glob" (Astro's glob() loader) or "gongkai" (the default)`);
}

export function markdownFiles(base: string, options: MarkdownFilesOptions = {}): Loader {
  const { bodiesAside = false, schema, ...globOptions } = options;
  const globLoader = globMarkdownFiles(base, globOptions);
  return {
    name: 'gongkai:markdown-files',
    load: async (context) => {
      const { config, store, parseData, generateDigest, logger, watcher } = context;
      const dir = fileURLToPath(new URL(base, config.root)).replace(/[\\/]+$/, '');
      const checked = takeCheckedFolder(dir);
      const markdown = (context as LoaderContext & { entryTypes?: Map<string, EntryType> }).entryTypes?.get('.md');
      // Files whose names start with a dot are not matched by glob(): leave them out here too.
      const names = checked ? [...checked.keys()].filter((name) => !name.startsWith('.')) : [];
      if (!checked || watcher || !markdown?.getRenderFunction || names.length === 0 || names.some((n) => !n.endsWith('.md'))) {
        return globLoader.load(context);
      }
      const render = await markdown.getRenderFunction(config);
      const root = fileURLToPath(config.root);
      const untouched = new Set(store.keys());
      // Bodies kept aside by the previous build, and those of this one.
      const previousBodies = bodiesAside ? readRenderedBodies(config.cacheDir, context.collection) : new Map<string, RenderedBody>();
      const bodies = new Map<string, RenderedBody>();
      for (const name of names) {
        const file = checked.get(name) as CheckedFile;
        const id = fileNameId(name);
        untouched.delete(id);
        const filePath = join(dir, name);
        const digest = generateDigest(file.text);
        const existing = store.get(id);
        if (existing && existing.digest === digest && existing.filePath) {
          // As glob() does; the scoped store has this method, its published type does not say so.
          if (existing.assetImports?.length) (store as typeof store & AssetImports).addAssetImports(existing.assetImports, existing.filePath);
          if (!bodiesAside || existing.rendered) continue;
          const previous = previousBodies.get(id);
          if (previous?.digest === digest) {
            bodies.set(id, previous);
            continue;
          }
          // Its body kept aside is gone: render the file again.
        }
        const body = bodyOf(file);
        const { data, body: text } =
          body === undefined
            ? await markdown.getEntryInfo({ contents: file.text, fileUrl: pathToFileURL(filePath) })
            : { data: file.data as Record<string, unknown>, body };
        const parsedData = validated(schema, data) ?? (await parseData({ id, data, filePath }));
        let rendered: RenderedEntry | undefined;
        try {
          rendered = await render({ id, data, body: text, filePath, digest });
        } catch (error) {
          logger.error(`Error rendering ${name}: ${(error as Error).message}`);
        }
        const assetImports = rendered?.metadata?.imagePaths;
        if (bodiesAside && !assetImports?.length) {
          // A body that failed to render is empty, as render() would show it.
          bodies.set(id, { digest, html: rendered?.html ?? '' });
          rendered = undefined;
        }
        store.set({
          id,
          data: parsedData,
          body: options.retainBody === false ? undefined : text,
          filePath: relative(root, filePath).split(sep).join('/'),
          digest,
          rendered,
          assetImports,
        });
      }
      for (const id of untouched) store.delete(id);
      if (bodiesAside) publishRenderedBodies(config.cacheDir, context.collection, bodies);
    },
  };
}
