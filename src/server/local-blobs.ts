/**
 * Netlify Blobs on this machine: the file-backed BlobsServer from
 * @netlify/blobs/server, used in edge mode (see STACK-NOTES: in API mode its
 * list() returns nothing). Function code keeps calling plain getStore().
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, promises as fs } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
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

/** The parts of BlobsServer (declared private in its types) that conditional writes replace or reuse. */
interface BlobsServerInternals {
  address: string;
  handleRequest(req: Request): Promise<Response>;
  validateAccess(req: Request): boolean;
  getLocalPaths(url: URL): { dataPath?: string; key?: string; metadataPath?: string };
}

/** The header through which @netlify/blobs sends and receives a blob's metadata. */
const METADATA_HEADER = 'x-amz-meta-user';
/** A lock older than this was left by a process that died while writing. */
const STALE_LOCK_MS = 10_000;

/** Like Netlify's: the ETag follows the content, so a write of other content always changes it. */
const etagOf = (content: Uint8Array) => `"${createHash('sha256').update(content).digest('hex')}"`;

async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
    throw error;
  }
}

/**
 * ETags of files read before, by a stamp of the file (inode, modification time
 * in nanoseconds, size): every write replaces the file by a rename, so a
 * matching stamp means the same content. A read that only revalidates (a
 * queue unchanged since) is answered 304 without reading and hashing the file.
 */
const knownEtags = new Map<string, { stamp: string; etag: string; headers: Headers }>();

async function fileStamp(path: string): Promise<string | undefined> {
  const stat = await fs.stat(path, { bigint: true }).catch(() => undefined);
  return stat?.isFile() ? `${stat.dev}:${stat.ino}:${stat.mtimeNs}:${stat.size}` : undefined;
}

/** What a 304 carries: the ETag and the blob's metadata (the client reads it from the headers). */
function conditionalHeaders(headers: Headers): Headers {
  const kept = new Headers();
  for (const name of ['etag', METADATA_HEADER]) {
    const value = headers.get(name);
    if (value !== null) kept.set(name, value);
  }
  return kept;
}

const keyQueues = new Map<string, Promise<unknown>>();

/** Runs `task` alone for `path` in this process, one after another in arrival order. */
function serialised<T>(path: string, task: () => Promise<T>): Promise<T> {
  const previous = keyQueues.get(path) ?? Promise.resolve();
  const run = previous.then(task, task);
  const settled = run.then(
    () => {},
    () => {},
  );
  keyQueues.set(path, settled);
  void settled.then(() => {
    if (keyQueues.get(path) === settled) keyQueues.delete(path);
  });
  return run;
}

/** Runs `task` alone for `path` across processes sharing the directory (mkdir is atomic). */
async function underFileLock<T>(locksDirectory: string, path: string, task: () => Promise<T>): Promise<T> {
  const lock = join(locksDirectory, createHash('sha256').update(path).digest('hex'));
  await fs.mkdir(locksDirectory, { recursive: true });
  for (let wait = 1; ; wait = Math.min(wait * 2, 20)) {
    try {
      await fs.mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = await fs.stat(lock).catch(() => undefined);
      if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) await fs.rm(lock, { recursive: true, force: true });
      else await sleep(wait);
    }
  }
  try {
    return await task();
  } finally {
    await fs.rm(lock, { recursive: true, force: true });
  }
}

/**
 * Makes the local BlobsServer keep Netlify's promises for one key:
 * - onlyIfNew / onlyIfMatch are atomic: every write and delete of a key runs
 *   alone (per key in this process, and under a lock directory for other
 *   processes serving the same directory), check and write together;
 * - reads return the ETag of the content they return (the server alone sends
 *   none, so conditions built on a read would silently be dropped), and a read
 *   with a matching If-None-Match gets 304.
 * Everything else (listing, signed URLs) stays the library's.
 */
function keepNetlifyWriteSemantics(server: BlobsServer, directory: string): void {
  const internals = server as unknown as BlobsServerInternals;
  const original = internals.handleRequest.bind(server);
  const locksDirectory = join(directory, 'locks');
  internals.handleRequest = async (req: Request) => {
    const method = (req.method ?? 'GET').toUpperCase();
    if (!req.url || !internals.validateAccess(req)) return original(req);
    const url = new URL(req.url, internals.address);
    if (url.pathname.startsWith('/api/')) return original(req);
    const { dataPath, key, metadataPath } = internals.getLocalPaths(url);
    if (!dataPath || !key || !metadataPath) return original(req);
    switch (method) {
      case 'PUT':
        return serialised(dataPath, () => underFileLock(locksDirectory, dataPath, () => conditionalPut(req, dataPath, metadataPath)).finally(() => knownEtags.delete(dataPath)));
      case 'DELETE':
        return serialised(dataPath, () => underFileLock(locksDirectory, dataPath, () => original(req)).finally(() => knownEtags.delete(dataPath)));
      case 'GET':
      case 'HEAD':
        return serialised(dataPath, async () => {
          // Stat first: a write that lands between the stat and the read leaves a stamp that no longer matches.
          const stamp = await fileStamp(dataPath);
          const known = stamp ? knownEtags.get(dataPath) : undefined;
          const ifNoneMatch = req.headers.get('if-none-match');
          if (known && known.stamp === stamp && ifNoneMatch === known.etag) return new Response(null, { status: 304, headers: known.headers });
          const res = await original(req);
          if (res.status !== 200) return res;
          const content = method === 'GET' ? await res.arrayBuffer() : await readIfExists(dataPath);
          if (!content) return new Response(null, { status: 404 });
          const etag = etagOf(new Uint8Array(content));
          const headers = new Headers(res.headers);
          headers.set('etag', etag);
          if (stamp) knownEtags.set(dataPath, { stamp, etag, headers: conditionalHeaders(headers) });
          if (ifNoneMatch === etag) return new Response(null, { status: 304, headers });
          return new Response(content instanceof ArrayBuffer ? content : null, { status: 200, headers });
        });
      default:
        return original(req);
    }
  };
}

async function conditionalPut(req: Request, dataPath: string, metadataPath: string): Promise<Response> {
  const ifMatch = req.headers.get('if-match');
  const ifNoneMatch = req.headers.get('if-none-match');
  const current = await readIfExists(dataPath);
  if (ifNoneMatch === '*' && current) return new Response(null, { status: 412 });
  if (ifMatch && (!current || etagOf(current) !== ifMatch)) return new Response(null, { status: 412 });
  const body = new Uint8Array(await req.arrayBuffer());
  const header = req.headers.get(METADATA_HEADER);
  const metadata = header?.startsWith('b64;') ? Buffer.from(header.slice(4), 'base64').toString('utf8') : '{}';
  const suffix = `.${randomBytes(8).toString('hex')}`;
  await fs.mkdir(dirname(metadataPath), { recursive: true });
  await fs.writeFile(metadataPath + suffix, metadata);
  await fs.rename(metadataPath + suffix, metadataPath);
  await fs.mkdir(dirname(dataPath), { recursive: true });
  const temporary = join(dirname(dataPath), suffix);
  await fs.writeFile(temporary, body);
  await fs.rename(temporary, dataPath);
  return new Response(null, { status: 200, headers: { etag: etagOf(body) } });
}

/** Starts a BlobsServer on 127.0.0.1 storing under `directory` and points getStore() at it. */
export async function startLocalBlobs(directory: string): Promise<LocalBlobs> {
  mkdirSync(directory, { recursive: true });
  const token = randomBytes(16).toString('hex');
  const server = new BlobsServer({ directory, token, port: 0, logger: () => {} });
  keepNetlifyWriteSemantics(server, directory);
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
