/**
 * Reads a JSON file the build wrote into the deploy (e.g. /data/consultations.json,
 * /remediation/report-directory.json) for a function of the same deploy.
 *
 * The file is bundled with the functions (netlify.toml `included_files`) and read
 * from disk; it is parsed again only when it changes (a local rebuild). When it is
 * missing, the request's own origin is asked for `sitePath`, which is the same deploy.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout this module belongs to (src/server/ → ../../); unknown in a bundle without import.meta.url. */
function projectRoot(): string | undefined {
  try {
    return fileURLToPath(new URL('../../', import.meta.url));
  } catch {
    return undefined;
  }
}

/**
 * Where a file the build wrote (e.g. dist/data/consultations.json) is: `override` when given, else under the
 * working directory (a function's bundle folder on Netlify, `npm start` in the project), else under the
 * project this code belongs to, so a script or a scheduled run started from any other folder finds it.
 */
export function builtFile(relativePath: string, override?: string): string {
  if (override?.trim()) return resolve(override);
  const fromWorkingDirectory = resolve(relativePath);
  if (existsSync(fromWorkingDirectory)) return fromWorkingDirectory;
  const root = projectRoot();
  const fromProject = root ? resolve(root, relativePath) : undefined;
  return fromProject && existsSync(fromProject) ? fromProject : fromWorkingDirectory;
}

export interface DeployDataFile<T> {
  /** Names the data in error messages, e.g. "Consultations data". */
  label: string;
  /** Path of the file on the site, e.g. "/data/consultations.json". */
  sitePath: string;
  /** Validates and converts the parsed JSON; `origin` (file or URL) is for the error message. */
  parse: (json: unknown, origin: string) => T;
}

/** One loader per kind of file; each keeps its own cache by file name. */
export function deployDataLoader<T>(spec: DeployDataFile<T>): (file: string, fallbackOrigin?: string) => Promise<T> {
  const cache = new Map<string, { mtimeMs: number; value: T }>();
  return async (file, fallbackOrigin) => {
    let mtimeMs: number | undefined;
    try {
      mtimeMs = (await stat(file)).mtimeMs;
    } catch {
      mtimeMs = undefined;
    }
    if (mtimeMs !== undefined) {
      const hit = cache.get(file);
      if (hit && hit.mtimeMs === mtimeMs) return hit.value;
      const value = spec.parse(JSON.parse(await readFile(file, 'utf8')), file);
      cache.set(file, { mtimeMs, value });
      return value;
    }
    if (!fallbackOrigin) throw new Error(`${spec.label} not found at ${file}`);
    const url = new URL(spec.sitePath, fallbackOrigin);
    const res = await fetch(url, { headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`${spec.label}: ${url} answered ${res.status}`);
    return spec.parse(await res.json(), url.href);
  };
}
