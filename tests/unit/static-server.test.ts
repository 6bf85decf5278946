import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_IP_HEADER, contentTypeFor, SLOW_CLIENT_TIMEOUTS, startStaticServer, type StaticServer } from '../../src/server/static-server.ts';
import { CACHE_CONTROL, CONTENT_SECURITY_POLICY, DEFAULT_CACHE_CONTROL, SECURITY_HEADERS } from '../../src/server/security-headers.ts';

const SECRET = 'TOP-SECRET-OUTSIDE-THE-SITE';

let base: string;
let root: string;

function write(path: string, text: string) {
  const file = join(root, path);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
}

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'gongkai-static-'));
  root = join(base, 'site');
  mkdirSync(root);
  writeFileSync(join(base, 'package.json'), `{"secret":"${SECRET}"}`);
  mkdirSync(join(base, 'outside'));
  writeFileSync(join(base, 'outside', 'secret.txt'), SECRET);
  write('index.html', '<!doctype html><title>首页</title>');
  write('404.html', '<!doctype html><title>页面不存在</title><h1>页面不存在</h1>');
  write('consultations/x/index.html', '<!doctype html><title>征集</title>');
  write('consultations/empty/.keep', '');
  write('evil.example/index.html', 'not a redirect target');
  write('_astro/page.Ab12Cd.js', 'console.log(1)');
  write('_astro/page.Ab12Cd.css', 'body{}');
  write('data/consultations.json', '{"version":1}');
  write('consultations.xml', '<?xml version="1.0"?><rss/>');
  write('feedback.xml', '<?xml version="1.0"?><rss/>');
  write('sitemap.xml', '<?xml version="1.0"?><urlset/>');
  write('consultations.ics', 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
  write('pagefind/pagefind.js', 'export {}');
  write('pagefind/pagefind-entry.json', '{}');
  write('pagefind/wasm.zh.pagefind', 'wasm');
  write('pagefind/index/zh_1a2b.pf_index', 'idx');
  write('pagefind/pagefind.zh_1a2b.pf_meta', 'meta');
  write('pagefind/fragment/zh_1a2b.pf_fragment', 'frag');
  write('files/a b.pdf', '%PDF');
  // Over the size read in one call (256 KiB): streamed. Text that differs along its length.
  write('files/large.txt', Array.from({ length: 40_000 }, (_, i) => `${i}行\n`).join(''));
  write('module.wasm', '\0asm');
  write('.env', SECRET);
  symlinkSync(join(base, 'outside'), join(root, 'linked'));
});

afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A raw HTTP request: the path goes out exactly as written (fetch would normalise `..`). */
function raw(server: StaticServer, method: string, path: string, options: { headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((done, fail) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, method, path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(options.body);
  });
}

function expectSecurityHeaders(headers: IncomingHttpHeaders) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    expect(headers[name.toLowerCase()], name).toBe(value);
  }
}

describe('static server without functions', () => {
  let server: StaticServer;
  beforeAll(async () => {
    server = await startStaticServer({ root });
  });
  afterAll(() => server.close());

  it('listens on 127.0.0.1 on a free port', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('serves directory index pages as UTF-8 HTML with the security headers and a short cache', async () => {
    for (const path of ['/', '/consultations/x/']) {
      const r = await raw(server, 'GET', path);
      expect(r.status, path).toBe(200);
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(r.headers['cache-control']).toBe(DEFAULT_CACHE_CONTROL);
      expectSecurityHeaders(r.headers);
    }
    expect((await raw(server, 'GET', '/consultations/x/')).body).toContain('征集');
  });

  it('redirects a directory without trailing slash with 301, keeping the query', async () => {
    const r = await raw(server, 'GET', '/consultations/x?from=rss');
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe('/consultations/x/?from=rss');
    expectSecurityHeaders(r.headers);
  });

  it('never redirects to another host (//host is not a protocol-relative Location)', async () => {
    const r = await raw(server, 'GET', '//evil.example');
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe('/evil.example/');
  });

  it('answers 404 with /404.html and the security headers', async () => {
    for (const path of ['/no-such-page/', '/no-such-file.js', '/consultations/empty/', '/consultations/x/index.html/']) {
      const r = await raw(server, 'GET', path);
      expect(r.status, path).toBe(404);
      expect(r.body, path).toContain('页面不存在');
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
      expectSecurityHeaders(r.headers);
    }
  });

  it('gives hashed assets a long immutable cache and the security headers', async () => {
    const js = await raw(server, 'GET', '/_astro/page.Ab12Cd.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe(CACHE_CONTROL.immutable);
    expectSecurityHeaders(js.headers);
    const css = await raw(server, 'GET', '/_astro/page.Ab12Cd.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['cache-control']).toBe(CACHE_CONTROL.immutable);
  });

  it('serves feeds, the calendar and the data file with their types and a short cache', async () => {
    const cases: [string, string][] = [
      ['/consultations.xml', 'application/rss+xml; charset=utf-8'],
      ['/feedback.xml', 'application/rss+xml; charset=utf-8'],
      ['/sitemap.xml', 'application/xml; charset=utf-8'],
      ['/consultations.ics', 'text/calendar; charset=utf-8'],
      ['/data/consultations.json', 'application/json; charset=utf-8'],
    ];
    for (const [path, type] of cases) {
      const r = await raw(server, 'GET', path);
      expect(r.status, path).toBe(200);
      expect(r.headers['content-type'], path).toBe(type);
      expect(r.headers['cache-control'], path).toMatch(/max-age=(0|300)\b/);
      expectSecurityHeaders(r.headers);
    }
  });

  it('serves WebAssembly and Pagefind index files with the right types', async () => {
    const cases: [string, string][] = [
      ['/module.wasm', 'application/wasm'],
      ['/pagefind/pagefind.js', 'text/javascript; charset=utf-8'],
      ['/pagefind/pagefind-entry.json', 'application/json; charset=utf-8'],
      ['/pagefind/wasm.zh.pagefind', 'application/octet-stream'],
      ['/pagefind/index/zh_1a2b.pf_index', 'application/octet-stream'],
      ['/pagefind/pagefind.zh_1a2b.pf_meta', 'application/octet-stream'],
      ['/pagefind/fragment/zh_1a2b.pf_fragment', 'application/octet-stream'],
      ['/files/a%20b.pdf', 'application/pdf'],
    ];
    for (const [path, type] of cases) {
      const r = await raw(server, 'GET', path);
      expect(r.status, path).toBe(200);
      expect(r.headers['content-type'], path).toBe(type);
    }
  });

  it('sends small files whole and streams large ones, byte for byte with their length', async () => {
    for (const path of ['files/large.txt', 'pagefind/fragment/zh_1a2b.pf_fragment', 'index.html']) {
      const expected = readFileSync(join(root, path), 'utf8');
      const r = await raw(server, 'GET', `/${path}`);
      expect(r.status, path).toBe(200);
      expect(r.headers['content-length'], path).toBe(String(Buffer.byteLength(expected)));
      expect(r.body, path).toBe(expected);
    }
    expect(Buffer.byteLength(readFileSync(join(root, 'files/large.txt')))).toBeGreaterThan(256 * 1024);
  });

  it('answers HEAD with headers and no body', async () => {
    const r = await raw(server, 'HEAD', '/_astro/page.Ab12Cd.js');
    expect(r.status).toBe(200);
    expect(r.headers['content-length']).toBe(String('console.log(1)'.length));
    expect(r.body).toBe('');
    const missing = await raw(server, 'HEAD', '/missing/');
    expect(missing.status).toBe(404);
    expect(missing.body).toBe('');
  });

  it('refuses other methods on static files', async () => {
    const r = await raw(server, 'POST', '/index.html', { body: 'x' });
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('GET, HEAD');
  });

  it('makes path traversal impossible, plain or encoded', async () => {
    const attempts = [
      '/../package.json',
      '/../outside/secret.txt',
      '/%2e%2e/package.json',
      '/%2E%2E/outside/secret.txt',
      '/consultations/../../package.json',
      '/consultations/%2e%2e/%2e%2e/package.json',
      '/..%2fpackage.json',
      '/%2e%2e%2fpackage.json',
      '/..%5cpackage.json',
      '/..\\package.json',
      '/%c0%ae%c0%ae/package.json',
      '/index.html%00.js',
      '/linked/secret.txt',
      '/.env',
      '/%2eenv',
    ];
    for (const path of attempts) {
      const r = await raw(server, 'GET', path);
      expect([400, 404], path).toContain(r.status);
      expect(r.body, path).not.toContain(SECRET);
      expectSecurityHeaders(r.headers);
    }
  });

  it('refuses to start on a directory that does not exist', async () => {
    await expect(startStaticServer({ root: join(base, 'missing') })).rejects.toThrow(/not found/);
  });
});

describe('static server with functions', () => {
  let server: StaticServer;
  const seen: Request[] = [];
  const bodies: string[] = [];

  beforeAll(async () => {
    server = await startStaticServer({
      root,
      functions: async (request) => {
        seen.push(request);
        const { pathname } = new URL(request.url);
        if (pathname === '/api/echo') {
          bodies.push(await request.text());
          const headers = new Headers({ 'Content-Type': 'application/json; charset=utf-8' });
          headers.append('Set-Cookie', 'a=1; Path=/');
          headers.append('Set-Cookie', 'b=2; Path=/');
          return new Response(JSON.stringify({ ok: true, ip: request.headers.get(CLIENT_IP_HEADER) }), { status: 201, headers });
        }
        if (pathname === '/api/broken') throw new Error('boom');
        return null;
      },
    });
  });
  afterAll(() => server.close());

  it('hands the request to the functions first, with method, URL, headers and body', async () => {
    const r = await raw(server, 'POST', '/api/echo?x=1', {
      headers: { 'Content-Type': 'application/json', [CLIENT_IP_HEADER]: '203.0.113.9' },
      body: JSON.stringify({ 意见: '同意' }),
    });
    expect(r.status).toBe(201);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    // A client cannot claim another address.
    expect(JSON.parse(r.body)).toEqual({ ok: true, ip: '127.0.0.1' });
    const request = seen.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`${server.url}/api/echo?x=1`);
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(bodies.at(-1)).toBe(JSON.stringify({ 意见: '同意' }));
  });

  it('falls through to the static files when the functions answer null', async () => {
    const before = seen.length;
    const r = await raw(server, 'GET', '/consultations/x/');
    expect(seen.length).toBe(before + 1);
    expect(r.status).toBe(200);
    expect(r.body).toContain('征集');
    expectSecurityHeaders(r.headers);
  });

  it('answers 500 when a function throws, and keeps serving', async () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const r = await raw(server, 'GET', '/api/broken');
      expect(r.status).toBe(500);
      expect(r.body).not.toContain('boom');
    } finally {
      console.error = original;
    }
    expect(errors).toHaveLength(1);
    expect((await raw(server, 'GET', '/')).status).toBe(200);
  });

  it('refuses request bodies over 6 MiB before calling the functions', async () => {
    const before = seen.length;
    const r = await raw(server, 'POST', '/api/echo', { body: 'x'.repeat(6 * 1024 * 1024 + 1) });
    expect(r.status).toBe(413);
    expect(seen.length).toBe(before);
  });
});

/** Writes raw bytes on a fresh connection, step by step, and returns everything the server sends until it closes. */
function rawExchange(server: StaticServer, steps: { write: string; waitMs?: number }[], giveUpMs = 10_000): Promise<{ text: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(server.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within ${giveUpMs} ms; got: ${Buffer.concat(chunks).toString('utf8').slice(0, 200)}`));
    }, giveUpMs);
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text: Buffer.concat(chunks).toString('utf8'), ms: Date.now() - started });
    });
    socket.on('connect', async () => {
      for (const step of steps) {
        if (socket.destroyed) return;
        socket.write(step.write);
        if (step.waitMs) await new Promise((r) => setTimeout(r, step.waitMs));
      }
    });
  });
}

describe('hostile methods and slow clients', () => {
  let withFunctions: StaticServer;
  let plain: StaticServer;
  let slow: StaticServer;
  const called: string[] = [];

  beforeAll(async () => {
    withFunctions = await startStaticServer({
      root,
      functions: async (request) => {
        called.push(request.method);
        return null;
      },
    });
    plain = await startStaticServer({ root });
    slow = await startStaticServer({ root, timeouts: { headersMs: 400, requestMs: 1_000 }, functions: async () => null });
  });
  afterAll(async () => {
    await withFunctions.close();
    await plain.close();
    await slow.close();
  });

  it('answers TRACE and CONNECT with 405 and Allow, with or without functions, and keeps serving', async () => {
    for (const server of [withFunctions, plain]) {
      for (const request of ['TRACE / HTTP/1.1', 'TRACE /api/comments HTTP/1.1', 'CONNECT example.com:443 HTTP/1.1']) {
        const { text } = await rawExchange(server, [{ write: `${request}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n` }]);
        expect(text, request).toMatch(/^HTTP\/1\.1 405 /);
        expect(text, request).toMatch(/\r\nallow: GET, HEAD, POST\r\n/i);
        expect(text, request).toMatch(/\r\nx-content-type-options: nosniff\r\n/i);
      }
      expect((await raw(server, 'GET', '/')).status).toBe(200);
    }
    expect(called).not.toContain('TRACE');
  });

  it('defaults: 20 s for the headers and 120 s for the whole request, not Node\'s 300 s', () => {
    expect(SLOW_CLIENT_TIMEOUTS).toEqual({ headersMs: 20_000, requestMs: 120_000 });
  });

  it('closes a client that sends its headers too slowly with 408', async () => {
    const { text, ms } = await rawExchange(slow, [{ write: 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n', waitMs: 3_000 }, { write: 'X-Late: 1\r\n\r\n' }]);
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(ms).toBeLessThan(2_500);
  });

  it('closes a client that sends its body too slowly with 408, whatever it still sends', async () => {
    const trickle = Array.from({ length: 30 }, () => ({ write: 'x', waitMs: 100 }));
    const { text, ms } = await rawExchange(slow, [{ write: 'POST /api/comments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 30\r\n\r\n' }, ...trickle]);
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(ms).toBeLessThan(2_500);
  });
});

describe('contentTypeFor', () => {
  it('is case-insensitive on extensions and opaque for unknown ones', () => {
    expect(contentTypeFor('/a/B.HTML')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('/a/no-extension')).toBe('application/octet-stream');
    expect(contentTypeFor('/x.ics')).toBe('text/calendar; charset=utf-8');
  });
});
