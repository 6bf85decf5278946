/** The sample build's pages answered on request, as the local server serves them (built function). */
import type { APIRoute } from 'astro';
import { onDemandPages } from '../../src/server/local-functions.ts';
import type { FunctionsHandler } from '../../src/server/static-server.ts';
import { SITE_DIR } from './site.ts';
import { ssrFunctionFile } from '../../src/build/netlify-output.ts';

let handler: Promise<FunctionsHandler> | undefined;

export function builtOnDemandPages(): Promise<FunctionsHandler> {
  handler ??= onDemandPages({ siteDir: SITE_DIR });
  return handler;
}

/** The sample build's function in front of another folder of built files (a test's own small site). */
export function builtOnDemandPagesFor(siteDir: string): Promise<FunctionsHandler> {
  return onDemandPages({ siteDir, ssrFunction: ssrFunctionFile(SITE_DIR) });
}

/** Calls a route module of src/pages/api/ from source, as Astro would with these parts of its context. */
export async function callRoute(route: APIRoute, request: Request, clientAddress = '127.0.0.1'): Promise<Response> {
  return route({ request, clientAddress, url: new URL(request.url) } as unknown as Parameters<APIRoute>[0]);
}
