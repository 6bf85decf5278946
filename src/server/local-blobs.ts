/**
 * Netlify Blobs on this machine: the file-backed BlobsServer from
 * @netlify/blobs/server, used in edge mode (see STACK-NOTES: in API mode its
 * list() returns nothing). Function code keeps calling plain getStore().
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { resolve } from 'node:path';
import { setEnvironmentContext } from '@netlify/blobs';
import { BlobsServer } from '@netlify/blobs/server';
import { useBlobsFetch } from './comment-stores.ts';

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/**
 * fetch() for the local BlobsServer over node:http with one write per request.
 * Measured here: a PUT through the global fetch (undici) takes ~23 ms against
 * this server (headers and body go out as separate segments and wait on
 * delayed ACKs), through node:http ~1.4 ms. Only the local emulator is
 * affected; on Netlify the default client is used.
 */
export const localBlobsFetch: typeof globalThis.fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
  const raw = init?.body;
  let body: Buffer | undefined;
  if (raw === undefined || raw === null) body = undefined;
  else if (typeof raw === 'string') body = Buffer.from(raw);
  else if (raw instanceof ArrayBuffer) body = Buffer.from(raw);
  else if (ArrayBuffer.isView(raw)) body = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  else if (raw instanceof Blob) body = Buffer.from(await raw.arrayBuffer());
  else throw new TypeError('localBlobsFetch: unsupported body type');
  const outgoing: Record<string, string> = {};
  headers.forEach((v, k) => {
    outgoing[k] = v;
  });
  if (body) outgoing['content-length'] = String(body.byteLength);
  return new Promise<Response>((resolveResponse, reject) => {
    const req = httpRequest(url, { method: init?.method ?? 'GET', headers: outgoing, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const responseHeaders = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) responseHeaders.set(k, Array.isArray(v) ? v.join(', ') : v);
        const status = res.statusCode ?? 500;
        const nullBody = status === 204 || status === 304 || init?.method === 'HEAD';
        resolveResponse(new Response(nullBody ? null : Buffer.concat(chunks), { status, headers: responseHeaders }));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
};

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
  useBlobsFetch(localBlobsFetch);
  return {
    url,
    directory,
    stop: async () => {
      useBlobsFetch(undefined);
      await server.stop();
    },
  };
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

/**
 * For command-line scripts: the site's Netlify Blobs when NETLIFY_SITE_ID and
 * NETLIFY_AUTH_TOKEN are set, else the local store (ensureBlobs). Says which, for the log.
 */
export async function connectScriptBlobs(env: NodeJS.ProcessEnv = process.env): Promise<{ store: 'netlify' | 'local'; description: string }> {
  if (env.NETLIFY_SITE_ID && env.NETLIFY_AUTH_TOKEN) {
    setEnvironmentContext({ siteID: env.NETLIFY_SITE_ID, token: env.NETLIFY_AUTH_TOKEN });
    return { store: 'netlify', description: `Netlify Blobs of site ${env.NETLIFY_SITE_ID}` };
  }
  await ensureBlobs();
  return { store: 'local', description: `本地存储 / local store: ${env.GONGKAI_DATA_DIR ?? '.data'}/blobs` };
}
