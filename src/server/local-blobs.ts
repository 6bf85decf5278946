/**
 * Netlify Blobs on this machine: the file-backed BlobsServer from
 * @netlify/blobs/server, used in edge mode (see STACK-NOTES: in API mode its
 * list() returns nothing). Function code keeps calling plain getStore().
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { setEnvironmentContext } from '@netlify/blobs';
import { BlobsServer } from '@netlify/blobs/server';

export interface LocalBlobs {
  url: string;
  directory: string;
  stop(): Promise<void>;
}

/** Starts a BlobsServer on 127.0.0.1 storing under `directory` and points getStore() at it. */
export async function startLocalBlobs(directory: string): Promise<LocalBlobs> {
  mkdirSync(directory, { recursive: true });
  const token = randomBytes(16).toString('hex');
  const server = new BlobsServer({ directory, token, port: 0, logger: () => {} });
  const { port } = await server.start();
  const url = `http://127.0.0.1:${port}`;
  setEnvironmentContext({ siteID: 'gongkai-local', token, edgeURL: url, uncachedEdgeURL: url });
  return { url, directory, stop: () => server.stop().then(() => undefined) };
}

let started: Promise<LocalBlobs> | undefined;

/**
 * Makes sure getStore() has somewhere to go: keeps a context that is already
 * set (Netlify, `netlify dev`, a test), else starts the local server once
 * under GONGKAI_DATA_DIR/blobs (default .data/blobs).
 */
export async function ensureBlobs(): Promise<void> {
  if (process.env.NETLIFY_BLOBS_CONTEXT || (globalThis as { netlifyBlobsContext?: unknown }).netlifyBlobsContext) return;
  started ??= startLocalBlobs(resolve(process.env.GONGKAI_DATA_DIR ?? '.data', 'blobs'));
  await started;
}
