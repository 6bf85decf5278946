/**
 * Serves a built site directory the way Netlify does, for `npm start` and the
 * browser tests: directory index, trailing-slash redirects, /404.html with
 * status 404, MIME types, and the headers of security-headers.ts. Every request
 * goes first to `functions` (the local stand-in for Netlify Functions); a null
 * answer means "not a function route". node:http only, no framework.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createReadStream, readFileSync, type Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { headersFor } from './security-headers.ts';

export type FunctionsHandler = (request: Request) => Promise<Response | null>;

export interface StaticServerOptions {
  root: string;
  /** 0 (the default) picks any free port. */
  port?: number;
  /** Default 127.0.0.1: the local server is not meant to be reachable from other machines. */
  host?: string;
  functions?: FunctionsHandler;
  /** Slow-client limits (defaults: SLOW_CLIENT_TIMEOUTS). */
  timeouts?: { headersMs: number; requestMs: number };
}

/**
 * How long a client may take. Headers fit in one or two packets: 20 s covers
 * a phone on a weak signal with retransmissions. The whole request, body
 * included, gets 120 s: the largest body (a 4 MiB attachment with the form,
 * about 4.3 MB) takes about 70 s at 0.5 Mbit/s, a poor mobile upload. Node's
 * own default keeps a slow client for 300 s. The client then gets 408.
 */
export const SLOW_CLIENT_TIMEOUTS = { headersMs: 20_000, requestMs: 120_000 } as const;

/**
 * Methods that never reach the site: undici cannot even build a Request for
 * TRACE or CONNECT, and a CONNECT would otherwise get no answer at all.
 */
const REFUSED_METHODS = new Set(['TRACE', 'CONNECT']);
/** The methods this server answers (static files GET/HEAD, functions GET/POST). */
export const ALLOWED_METHODS = 'GET, HEAD, POST';
const METHOD_NOT_ALLOWED = '405 不支持的请求方法 Method Not Allowed';

export interface StaticServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Netlify's limit for a synchronous function's request body. */
export const MAX_FUNCTION_BODY_BYTES = 6 * 1024 * 1024;

/** Header Netlify's edge sets to the visitor's address (functions read it as context.ip). */
export const CLIENT_IP_HEADER = 'x-nf-client-connection-ip';

const UTF8 = '; charset=utf-8';
const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': `text/html${UTF8}`,
  '.htm': `text/html${UTF8}`,
  '.css': `text/css${UTF8}`,
  '.js': `text/javascript${UTF8}`,
  '.mjs': `text/javascript${UTF8}`,
  '.json': `application/json${UTF8}`,
  '.map': `application/json${UTF8}`,
  '.webmanifest': `application/manifest+json${UTF8}`,
  '.xml': `application/xml${UTF8}`,
  '.rss': `application/rss+xml${UTF8}`,
  '.ics': `text/calendar${UTF8}`,
  '.txt': `text/plain${UTF8}`,
  '.md': `text/markdown${UTF8}`,
  '.csv': `text/csv${UTF8}`,
  '.yml': `text/yaml${UTF8}`,
  '.svg': `image/svg+xml${UTF8}`,
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.ofd': 'application/ofd',
  '.wps': 'application/vnd.ms-works',
  '.zip': 'application/zip',
};

/**
 * Content-Type of a file by its name. Pagefind's index files (.pf_meta,
 * .pf_index, .pf_fragment, .pf_filter, wasm.*.pagefind) and anything unknown are
 * opaque bytes.
 */
export function contentTypeFor(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

class BadRequest extends Error {}

/**
 * The URL path split into decoded segments. Refuses anything that could step
 * out of the root: `..` or `.` segments (also percent-encoded), encoded slashes
 * or backslashes, NUL bytes.
 */
function pathSegments(rawPath: string): { segments: string[]; trailingSlash: boolean } {
  if (!rawPath.startsWith('/')) throw new BadRequest('Path must start with /');
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      throw new BadRequest('Malformed percent-encoding');
    }
    if (segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) throw new BadRequest('Path leaves the site');
    if (segment !== '') segments.push(segment);
  }
  return { segments, trailingSlash: rawPath.endsWith('/') };
}

function within(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

async function statOrNull(path: string) {
  try {
    return await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENAMETOOLONG') return null;
    throw e;
  }
}

function sendText(res: ServerResponse, status: number, text: string, headOnly: boolean, extra: Record<string, string> = {}): void {
  const body = Buffer.from(`${text}\n`, 'utf8');
  res.writeHead(status, { ...headersFor('/'), ...extra, 'Content-Type': `text/plain${UTF8}`, 'Content-Length': String(body.length) });
  res.end(headOnly ? undefined : body);
}

/**
 * Files up to this size are read in one synchronous call: a search asks for a
 * dozen small index and fragment files at once, and each asynchronous open,
 * read and close is a trip through libuv's thread pool (under load, several
 * milliseconds per file). Larger files (PDF attachments) are streamed.
 */
const READ_AT_ONCE_BYTES = 256 * 1024;

async function sendFile(res: ServerResponse, file: string, info: Stats, sitePath: string, status: number, headOnly: boolean): Promise<void> {
  const headers: Record<string, string> = {
    'Content-Type': contentTypeFor(file),
    ...headersFor(sitePath),
    'Content-Length': String(info.size),
    'Last-Modified': info.mtime.toUTCString(),
  };
  const body = !headOnly && info.size <= READ_AT_ONCE_BYTES ? readFileSync(file) : undefined;
  // Should the file have changed between stat and read, what was read is sent, with its length.
  if (body) headers['Content-Length'] = String(body.length);
  res.writeHead(status, headers);
  if (headOnly || body) {
    res.end(body);
    return;
  }
  await new Promise<void>((done, fail) => {
    const stream = createReadStream(file);
    stream.on('error', fail);
    res.on('close', () => {
      stream.destroy();
      done();
    });
    stream.pipe(res);
  });
}

async function sendNotFound(res: ServerResponse, root: string, headOnly: boolean): Promise<void> {
  const page = join(root, '404.html');
  const info = await statOrNull(page);
  if (info?.isFile()) return sendFile(res, page, info, '/404.html', 404, headOnly);
  sendText(res, 404, '404 页面不存在 Not Found', headOnly);
}

/** `realRoot` is the root with symbolic links resolved, computed once when the server starts. */
async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, realRoot: string): Promise<void> {
  const headOnly = req.method === 'HEAD';
  if (req.method !== 'GET' && !headOnly) {
    sendText(res, 405, '405 不支持的请求方法 Method Not Allowed', false, { Allow: 'GET, HEAD' });
    return;
  }
  const rawUrl = req.url ?? '/';
  const queryAt = rawUrl.indexOf('?');
  const rawPath = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
  const query = queryAt === -1 ? '' : rawUrl.slice(queryAt);

  let parsed: ReturnType<typeof pathSegments>;
  try {
    parsed = pathSegments(rawPath);
  } catch (e) {
    if (e instanceof BadRequest) return sendText(res, 400, '400 错误的请求 Bad Request', headOnly);
    throw e;
  }
  const { segments, trailingSlash } = parsed;
  // Hidden files (.git, .env…) are never part of a site.
  if (segments.some((s) => s.startsWith('.') && s !== '.well-known')) return sendNotFound(res, root, headOnly);

  const target = resolve(root, ...segments);
  if (!within(root, target)) return sendText(res, 400, '400 错误的请求 Bad Request', headOnly);
  const info = await statOrNull(target);
  if (!info) return sendNotFound(res, root, headOnly);
  // Symbolic links may not lead outside the site either.
  if (!within(realRoot, await realpath(target))) return sendNotFound(res, root, headOnly);

  const sitePath = `/${segments.join('/')}`;
  if (info.isDirectory()) {
    if (!trailingSlash) {
      // Built from the cleaned segments, so `//evil.example` can never become a protocol-relative Location.
      const location = `/${segments.map(encodeURIComponent).join('/')}${segments.length ? '/' : ''}${query}`;
      sendText(res, 301, `301 ${location}`, headOnly, { Location: location });
      return;
    }
    const index = join(target, 'index.html');
    const indexInfo = await statOrNull(index);
    if (!indexInfo?.isFile()) return sendNotFound(res, root, headOnly);
    return sendFile(res, index, indexInfo, `${sitePath === '/' ? '' : sitePath}/index.html`, 200, headOnly);
  }
  if (!info.isFile() || trailingSlash) return sendNotFound(res, root, headOnly);
  return sendFile(res, target, info, sitePath, 200, headOnly);
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FUNCTION_BODY_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The Fetch API request a Netlify Function would receive. */
async function toWebRequest(req: IncomingMessage, origin: string): Promise<Request | 'too-large'> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  // Only the server knows who is connecting; never trust a client-sent value.
  headers.set(CLIENT_IP_HEADER, (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''));
  const method = req.method ?? 'GET';
  const init: RequestInit = { method, headers };
  if (method !== 'GET' && method !== 'HEAD') {
    const body = await readBody(req);
    if (body === 'too-large') return body;
    init.body = new Uint8Array(body);
  }
  return new Request(new URL(req.url ?? '/', origin), init);
}

async function sendWebResponse(res: ServerResponse, response: Response, headOnly: boolean): Promise<void> {
  const body = headOnly || response.body === null ? null : Buffer.from(await response.arrayBuffer());
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader('Set-Cookie', cookies);
  if (body && !response.headers.has('content-length')) res.setHeader('Content-Length', String(body.length));
  res.writeHead(response.status, response.statusText || undefined);
  res.end(body ?? undefined);
}

export async function startStaticServer(opts: StaticServerOptions): Promise<StaticServer> {
  const root = resolve(opts.root);
  const rootInfo = await statOrNull(root);
  if (!rootInfo?.isDirectory()) throw new Error(`Site directory not found: ${root}`);
  const realRoot = await realpath(root);
  const host = opts.host ?? '127.0.0.1';
  const functions = opts.functions;
  let origin = '';

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const headOnly = req.method === 'HEAD';
      if (REFUSED_METHODS.has(req.method ?? '')) return sendText(res, 405, METHOD_NOT_ALLOWED, false, { Allow: ALLOWED_METHODS });
      try {
        if (functions) {
          const request = await toWebRequest(req, origin);
          if (request === 'too-large') return sendText(res, 413, '413 请求内容过大 Payload Too Large', headOnly);
          const response = await functions(request);
          if (response) return await sendWebResponse(res, response, headOnly);
        }
        await serveStatic(req, res, root, realRoot);
      } catch (e) {
        // A client closed for being too slow (408) is no server error.
        if (req.destroyed && !res.headersSent) return;
        console.error(`[static-server] ${req.method} ${req.url}:`, e);
        if (!res.headersSent) sendText(res, 500, '500 服务器内部错误 Internal Server Error', headOnly);
        else res.destroy();
      }
    })();
  };
  const timeouts = opts.timeouts ?? SLOW_CLIENT_TIMEOUTS;
  const server = createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      // Node checks the timeouts at this interval (30 s by default, which would add up to 30 s to each).
      connectionsCheckingInterval: Math.max(50, Math.min(5_000, Math.floor(timeouts.headersMs / 4))),
    },
    handle,
  );
  // CONNECT never reaches the request handler: without this listener Node drops the connection unanswered.
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    const body = Buffer.from(`${METHOD_NOT_ALLOWED}\n`, 'utf8');
    const headers = { ...headersFor('/'), Allow: ALLOWED_METHODS, 'Content-Type': `text/plain${UTF8}`, 'Content-Length': String(body.length), Connection: 'close' };
    const head = `HTTP/1.1 405 Method Not Allowed\r\n${Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')}\r\n`;
    socket.on('error', () => {});
    socket.end(Buffer.concat([Buffer.from(head, 'utf8'), body]));
  });

  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', fail);
      ready();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url: origin,
    port,
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((e) => (e ? fail(e) : done()));
        server.closeAllConnections();
      }),
  };
}
