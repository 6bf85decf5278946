/**
 * @astrojs/netlify writes its function under the project's .netlify/ and empties that folder when any
 * build starts. A build into another output folder (tests, benchmarks, verify) gets a folder of its own,
 * .netlify/builds/<hash of the output folder>/, so builds running at the same time never remove each
 * other's function; the deploy build (dist/) keeps the place Netlify reads.
 */
import { pathToFileURL } from 'node:url';
import netlify from '@astrojs/netlify';
import type { AstroIntegration } from 'astro';
import { adapterRoot, PROJECT } from '../build/netlify-output.ts';

type Options = Parameters<typeof netlify>[0];

export function netlifyAdapter(outDir: string, options: Options): AstroIntegration {
  const adapter = netlify(options);
  const root = adapterRoot(outDir);
  if (root === PROJECT) return adapter;
  const rootUrl = pathToFileURL(`${root}/`);
  // The adapter reads the project root from these two hooks only; the rest of Astro keeps the real one.
  const setup = adapter.hooks['astro:config:setup'];
  const done = adapter.hooks['astro:config:done'];
  return {
    ...adapter,
    hooks: {
      ...adapter.hooks,
      ...(setup ? { 'astro:config:setup': (params) => setup({ ...params, config: { ...params.config, root: rootUrl } }) } : {}),
      ...(done ? { 'astro:config:done': (params) => done({ ...params, config: { ...params.config, root: rootUrl } }) } : {}),
    },
  };
}
