/** Request and response plumbing shared by the comment functions. */
import { headerParams } from '../lib/form-body.ts';
import { functionAnswerHeaders } from './security-headers.ts';

export class PayloadTooLarge extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`Body larger than ${limit} bytes`);
    this.limit = limit;
  }
}

/**
 * The body, refusing anything over `limit` bytes: first by Content-Length,
 * then by counting what actually arrives (a missing or false length does not
 * get past the cap).
 */
export async function readBodyLimited(request: Request, limit: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit) throw new PayloadTooLarge(limit);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Stop reading and let go; the rest is discarded with the connection. (Not cancel():
      // undici's FormData bodies then enqueue into a closed stream and reject unhandled.)
      reader.releaseLock();
      throw new PayloadTooLarge(limit);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export type BodyKind = { kind: 'urlencoded' } | { kind: 'multipart'; boundary: string } | { kind: 'json' } | { kind: 'unsupported'; type: string };

export function bodyKind(request: Request): BodyKind {
  const { type, params } = headerParams(request.headers.get('content-type') ?? '');
  const charset = params.get('charset')?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return { kind: 'unsupported', type: `${type}; charset=${charset}` };
  if (type === 'application/x-www-form-urlencoded') return { kind: 'urlencoded' };
  if (type === 'application/json') return { kind: 'json' };
  if (type === 'multipart/form-data') {
    const boundary = params.get('boundary');
    return boundary ? { kind: 'multipart', boundary } : { kind: 'unsupported', type: 'multipart/form-data without boundary' };
  }
  return { kind: 'unsupported', type: type || '(none)' };
}

/**
 * Whether to answer with JSON: API clients post JSON or ask for it (the page
 * script posts the multipart form with `Accept: application/json`). A browser
 * posting the form without script gets HTML.
 */
export function wantsJson(request: Request): boolean {
  if (bodyKind(request).kind === 'json') return true;
  const accept = (request.headers.get('accept') ?? '').toLowerCase();
  const json = accept.indexOf('application/json');
  const html = accept.indexOf('text/html');
  return json !== -1 && (html === -1 || json < html);
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(`${JSON.stringify(body)}\n`, { status, headers: functionAnswerHeaders({ 'content-type': 'application/json; charset=utf-8', ...headers }) });
}

/** 405 with the methods the address takes. */
export function methodNotAllowed(allow: string): Response {
  return json(405, { ok: false, code: 'method-not-allowed', message: `只支持 ${allow} 请求。` }, { allow });
}

export function html(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: functionAnswerHeaders({ 'content-type': 'text/html; charset=utf-8', ...headers }) });
}

export function redirect(location: string, status = 303): Response {
  return new Response(null, { status, headers: functionAnswerHeaders({ location }) });
}

/** The client address Netlify saw (context.ip), else its header; used only hashed. */
export function clientAddress(request: Request, contextIp: string | undefined): string {
  return contextIp || request.headers.get('x-nf-client-connection-ip') || 'unknown';
}
