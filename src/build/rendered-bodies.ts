/**
 * The rendered Markdown bodies of a large collection, kept beside Astro's
 * content store instead of inside it.
 *
 * Astro keeps every entry's rendered HTML in its content store, and a build
 * serialises the whole store, bundles it into the server build as one
 * JavaScript string and compiles and parses it back before the first page is
 * rendered. With 20,000 catalogue items that store is 71 MB, 52 MB of it their
 * bodies, and those steps took about 6 s of CPU per build (npm run
 * bench:build). The Markdown loader (src/build/markdown-loader.ts, option
 * `bodiesAside`) puts such a collection's rendered bodies here instead: in
 * memory for the pages of the same build, and in one file in Astro's cache
 * directory, so that the next build renders only the files that changed.
 * The HTML is exactly what Astro rendered; pages read it with renderedBody().
 *
 * Process-wide (globalThis): the loader runs in Vite's module graph, the pages
 * in Astro's prerender bundle, in the same process. A process that did not run
 * the loader (pages rendered elsewhere) reads the file.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RenderedBody {
  /** Digest of the source file the HTML was rendered from (Astro's entry digest). */
  digest: string;
  html: string;
}

const KEY = Symbol.for('gongkai.renderedBodies');
type Holder = { [KEY]?: Map<string, Map<string, RenderedBody>> };

function published(): Map<string, Map<string, RenderedBody>> {
  const holder = globalThis as Holder;
  holder[KEY] ??= new Map();
  return holder[KEY];
}

/** The file holding a collection's rendered bodies, in Astro's cache directory (a cold build starts without it). */
export function renderedBodiesFile(cacheDir: URL, collection: string): string {
  return fileURLToPath(new URL(`gongkai-rendered-bodies/${encodeURIComponent(collection)}.json`, cacheDir));
}

/** The bodies a previous build kept (none when there is no file or it cannot be read: they are rendered again). */
export function readRenderedBodies(cacheDir: URL, collection: string): Map<string, RenderedBody> {
  const file = renderedBodiesFile(cacheDir, collection);
  if (!existsSync(file)) return new Map();
  try {
    return new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, RenderedBody>));
  } catch {
    return new Map();
  }
}

/** Makes a collection's bodies available to this build's pages and keeps them for the next build. */
export function publishRenderedBodies(cacheDir: URL, collection: string, bodies: Map<string, RenderedBody>): void {
  published().set(collection, bodies);
  const file = renderedBodiesFile(cacheDir, collection);
  mkdirSync(dirname(file), { recursive: true });
  // Written whole, then renamed: an interrupted build leaves the previous file, never half of one.
  writeFileSync(`${file}.tmp`, JSON.stringify(Object.fromEntries(bodies)));
  renameSync(`${file}.tmp`, file);
}

/** The rendered HTML of an entry whose body the loader kept aside (its store entry has no `rendered`). */
export function renderedBody(cacheDir: URL, collection: string, id: string): string {
  let bodies = published().get(collection);
  if (!bodies) {
    bodies = readRenderedBodies(cacheDir, collection);
    published().set(collection, bodies);
  }
  const body = bodies.get(id);
  if (!body) throw new Error(`No rendered body for ${collection}/${id} in ${renderedBodiesFile(cacheDir, collection)}: run the build again without its cache`);
  return body.html;
}
