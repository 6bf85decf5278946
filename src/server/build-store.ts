/**
 * Reads the site's stores while the site is built, for figures published at build time (满意度评价结果,
 * 办件办理情况). Which store: the Blobs context the environment gives (Netlify's build sets
 * NETLIFY_BLOBS_CONTEXT; a test may have set one), else the site's Netlify Blobs when NETLIFY_SITE_ID and
 * NETLIFY_AUTH_TOKEN are set (a build on one's own machine that publishes the live figures), else the local
 * store under GONGKAI_DATA_DIR/blobs (default .data/blobs), served for the read and stopped after; no local
 * store means nothing stored yet.
 *
 * Reads run one at a time: the Blobs context is process-wide, and a local store's server lives only for
 * its read, so two reads at once would point each other's requests at the wrong (or a stopped) server.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { setEnvironmentContext } from '@netlify/blobs';
import { startLocalBlobs } from './local-blobs.ts';

export interface BuildStoreRead<T> {
  source: 'netlify' | 'local' | 'none';
  /** Which store was read, for the build log. */
  description: string;
  value: T;
}

let queue: Promise<unknown> = Promise.resolve();

/** `read()` against the store the build should read, or `empty` when there is none yet. */
export function readStoreAtBuild<T>(read: () => Promise<T>, empty: T, env: NodeJS.ProcessEnv = process.env): Promise<BuildStoreRead<T>> {
  const run = queue.then(() => readNow(read, empty, env));
  queue = run.catch(() => undefined);
  return run;
}

async function readNow<T>(read: () => Promise<T>, empty: T, env: NodeJS.ProcessEnv): Promise<BuildStoreRead<T>> {
  if (env.NETLIFY_BLOBS_CONTEXT || (globalThis as { netlifyBlobsContext?: unknown }).netlifyBlobsContext) {
    return { source: 'netlify', description: 'Netlify Blobs (build context)', value: await read() };
  }
  if (env.NETLIFY_SITE_ID && env.NETLIFY_AUTH_TOKEN) {
    setEnvironmentContext({ siteID: env.NETLIFY_SITE_ID, token: env.NETLIFY_AUTH_TOKEN });
    try {
      return { source: 'netlify', description: `Netlify Blobs of site ${env.NETLIFY_SITE_ID}`, value: await read() };
    } finally {
      delete process.env.NETLIFY_BLOBS_CONTEXT;
    }
  }
  const directory = resolve(env.GONGKAI_DATA_DIR ?? '.data', 'blobs');
  if (!existsSync(directory)) return { source: 'none', description: `local store ${directory} (none yet)`, value: empty };
  const local = await startLocalBlobs(directory);
  try {
    return { source: 'local', description: `local store ${directory}`, value: await read() };
  } finally {
    await local.stop();
    // The server is gone: leave no context pointing at it.
    delete process.env.NETLIFY_BLOBS_CONTEXT;
  }
}
