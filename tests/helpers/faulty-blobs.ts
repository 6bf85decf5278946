/**
 * Fault injection for Blobs: an HTTP proxy on 127.0.0.1 in front of the real
 * local Blobs server, to which getStore() is pointed while it runs. It records
 * every write step (PUT or DELETE of a key, in order) and can
 * - fail one write step (every attempt of it: the client's own retries too),
 *   leaving the steps before and after untouched;
 * - stop at a write step: from that step on every request fails, as if the
 *   writing process had died there (nothing after it reaches the store);
 * - be down: every request fails;
 * - hold writes for a while (readers overtake writers);
 * - pair reads: the first two reads of each key under a prefix wait for each
 *   other, so two racing requests both read before either writes.
 * Works for any store reached through getStore() in this process, whatever
 * its name, and for child processes given `context()` as NETLIFY_BLOBS_CONTEXT.
 *
 * Typical use: run the operation once with `record()` to learn its write
 * steps, then for each step k start afresh, `stopAtWrite(k)` or
 * `failWrite(k)`, run it, check what the store holds, `heal()`, retry.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setEnvironmentContext } from '@netlify/blobs';

export interface WriteStep {
  method: 'PUT' | 'DELETE';
  /** "<store>/<key>" */
  key: string;
}

export type FaultMode = { kind: 'none' } | { kind: 'fail'; step: number } | { kind: 'stop'; step: number } | { kind: 'down' };

export interface FaultyBlobs {
  /** The write steps seen since the last record()/failWrite()/stopAtWrite(), in order. */
  readonly writes: WriteStep[];
  /** Requests refused so far under the current mode. */
  readonly refused: number;
  /** Passes everything through and starts a new list of write steps. */
  record(): void;
  /** Fails the `step`-th write from now (1-based), every attempt of it; others pass. */
  failWrite(step: number): void;
  /** From the `step`-th write from now (1-based) on, every request fails. */
  stopAtWrite(step: number): void;
  /** Every request fails. */
  down(): void;
  /** Holds every write this long before passing it on (0: no delay): makes readers overtake writers. */
  delayWrites(ms: number): void;
  /** The first two reads (GET) of each key starting with `prefix` ("<store>/<key>") wait for each other, at most `maxWaitMs`. */
  pairReads(prefix: string, maxWaitMs?: number): void;
  /** Back to passing everything through (keeps the list of writes). */
  heal(): void;
  /** The Blobs context (base64) pointing at the proxy, for child processes. */
  context(): string;
  /** Stops the proxy and points getStore() back at the server behind it. */
  stop(): Promise<void>;
}

interface BlobsContext {
  siteID: string;
  token: string;
  edgeURL?: string;
  uncachedEdgeURL?: string;
}

function currentContext(): BlobsContext {
  const encoded = process.env.NETLIFY_BLOBS_CONTEXT;
  if (!encoded) throw new Error('startFaultyBlobs: start the local Blobs server first');
  return JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as BlobsContext;
}

/** Starts the proxy in front of the Blobs server getStore() currently uses. */
export async function startFaultyBlobs(): Promise<FaultyBlobs> {
  const behind = currentContext();
  const target = new URL(behind.edgeURL ?? '');
  let mode: FaultMode = { kind: 'none' };
  let writes: WriteStep[] = [];
  let refused = 0;
  let writeDelayMs = 0;
  /** The write step a failing mode refuses; the client's repeated attempts of it are refused too. */
  let failing: string | undefined;

  const keyOf = (req: IncomingMessage): string | undefined => {
    const [, store, ...key] = new URL(req.url ?? '/', target).pathname.split('/').filter((p) => p && !p.startsWith('region:'));
    if (!store || key.length === 0) return undefined;
    return decodeURIComponent(`${store.replace(/^site:/, '')}/${key.join('/')}`);
  };
  const stepOf = (req: IncomingMessage): WriteStep | undefined => {
    const method = req.method?.toUpperCase();
    if (method !== 'PUT' && method !== 'DELETE') return undefined;
    const key = keyOf(req);
    return key === undefined ? undefined : { method, key };
  };

  let pairing: { prefix: string; maxWaitMs: number; reads: Map<string, { count: number; release?: () => void }> } | undefined;
  /** Resolves when this read may go on (see pairReads). */
  const pairedRead = (req: IncomingMessage): Promise<void> | undefined => {
    const key = req.method?.toUpperCase() === 'GET' ? keyOf(req) : undefined;
    if (!pairing || key === undefined || !key.startsWith(pairing.prefix)) return undefined;
    const seen = pairing.reads.get(key) ?? { count: 0 };
    pairing.reads.set(key, seen);
    seen.count++;
    if (seen.count === 2) seen.release?.();
    if (seen.count !== 1) return undefined;
    const maxWaitMs = pairing.maxWaitMs;
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, maxWaitMs);
      seen.release = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  };

  const shouldRefuse = (req: IncomingMessage): boolean => {
    const step = stepOf(req);
    const id = step ? `${step.method} ${step.key}` : undefined;
    if (mode.kind === 'down') return true;
    if (mode.kind === 'stop' && failing !== undefined) return true;
    if (mode.kind === 'fail' && id !== undefined && id === failing) return true;
    if (!step) return false;
    writes.push(step);
    if ((mode.kind === 'fail' || mode.kind === 'stop') && writes.length === mode.step) {
      failing = id;
      return true;
    }
    return false;
  };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    await pairedRead(req);
    if (shouldRefuse(req)) {
      refused++;
      req.resume();
      res.writeHead(500).end();
      return;
    }
    if (writeDelayMs > 0 && stepOf(req)) {
      req.pause();
      setTimeout(() => forward(req, res), writeDelayMs);
    } else forward(req, res);
  });
  const forward = (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    const upstream = httpRequest(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const proxied: BlobsContext = { ...behind, edgeURL: url, uncachedEdgeURL: url };
  setEnvironmentContext(proxied);

  const reset = (next: FaultMode) => {
    mode = next;
    failing = undefined;
    refused = 0;
    if (next.kind === 'fail' || next.kind === 'stop') writes = [];
  };
  return {
    get writes() {
      return writes;
    },
    get refused() {
      return refused;
    },
    record: () => {
      reset({ kind: 'none' });
      writes = [];
    },
    failWrite: (step) => reset({ kind: 'fail', step }),
    stopAtWrite: (step) => reset({ kind: 'stop', step }),
    down: () => reset({ kind: 'down' }),
    delayWrites: (ms) => {
      writeDelayMs = ms;
    },
    pairReads: (prefix, maxWaitMs = 2000) => {
      pairing = { prefix, maxWaitMs, reads: new Map() };
    },
    heal: () => {
      mode = { kind: 'none' };
      pairing = undefined;
      failing = undefined;
    },
    context: () => Buffer.from(JSON.stringify(proxied)).toString('base64'),
    stop: async () => {
      setEnvironmentContext(behind);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
