/**
 * The area directory of this build (content/areas.yaml), read once. A broken
 * file stops the build with the content check's own messages.
 */
import { readAreaDirectory } from '../build/area-directory.ts';
import { CONTENT_PATHS } from '../build/content-paths.ts';
import { areaFullName, resolveAreaRefs, type AreaDirectory } from '../lib/areas/areas.ts';
import type { CapArea } from '../lib/cap.ts';

let cached: AreaDirectory | null | undefined;

export function areaDirectory(): AreaDirectory | null {
  if (cached !== undefined) return cached;
  const read = readAreaDirectory(process.env.GONGKAI_CONTENT_ROOT ?? process.cwd(), CONTENT_PATHS);
  if (read.problems.length > 0) throw new Error(`${CONTENT_PATHS.areas}:\n${read.problems.map((p) => p.text).join('\n')}\n(run npm run check)`);
  cached = read.directory;
  return cached;
}

/** A warning's areas as CAP carries them; without a directory, by name only. */
export function capAreas(refs: readonly string[]): CapArea[] {
  const directory = areaDirectory();
  if (!directory) return refs.map((name) => ({ name }));
  const resolved = resolveAreaRefs(refs, directory);
  if (!resolved.ok) throw new Error(`areas not registered in ${CONTENT_PATHS.areas}: ${resolved.problems.map((p) => p.message).join('; ')}`);
  return resolved.areas.map((a) => ({ name: areaFullName(a, directory), code: a.code, polygon: a.polygon }));
}
