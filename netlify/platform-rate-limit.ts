/**
 * Netlify's own request limit for the public intake addresses. The pages answered on request are one
 * function (the adapter's), so the limit is declared by an edge function per address
 * (netlify/edge-functions/), which Netlify applies before anything runs; the edge function itself only
 * passes the request on. The intake's Blobs rate limiter (src/server/rate-limiter.ts) counts longer
 * windows behind it, and is the only limit in a local run (npm start).
 *
 * Edge functions run on Deno: this module and they import nothing but each other.
 */

/** The shape of `config.rateLimit` for Netlify functions and edge functions. */
export interface PlatformRateLimit {
  /** Requests allowed per window. */
  windowLimit: number;
  /** Window in seconds (Netlify accepts up to 180). */
  windowSize: number;
  aggregateBy: ('ip' | 'domain')[];
}

export interface EdgeFunctionConfig {
  path: string;
  rateLimit: PlatformRateLimit;
}

/** Per visitor address and site: 30 submissions a minute to any one intake address. */
export const INTAKE_RATE_LIMIT: PlatformRateLimit = { windowLimit: 30, windowSize: 60, aggregateBy: ['ip', 'domain'] };

/** The part of Netlify's edge context used here. */
export interface EdgeContext {
  next(): Promise<Response>;
}

/** The request goes on unchanged to the site: the limit is all the edge function adds. */
export function passOn(_request: Request, context: EdgeContext): Promise<Response> {
  return context.next();
}
