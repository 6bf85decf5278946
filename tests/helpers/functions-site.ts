/**
 * The built sample site with its functions, for browser tests of the forms:
 * the functions' real parts (startFunctionsEnv: temporary data folder, Blobs,
 * SMTP, settings in process.env), the built on-demand pages on the static
 * server, and Chromium. `close()` undoes all of it, process.env included.
 */
import type { Browser } from 'playwright-core';
import { launchBrowser, serveSite } from './browser.ts';
import { startFunctionsEnv, type FunctionsEnv } from './comments.ts';
import type { StaticServer } from '../../src/server/static-server.ts';
import { builtOnDemandPages } from './on-demand.ts';

export interface FunctionsSite extends FunctionsEnv {
  browser: Browser;
  server: StaticServer;
}

/** `env` is added to process.env (GONGKAI_DATA_DIR and SMTP_URL are set here); `now` is the functions' clock. */
export async function startFunctionsSite(options: { tempPrefix: string; env: Record<string, string>; now: () => Date }): Promise<FunctionsSite> {
  const functionsEnv = await startFunctionsEnv({ tempPrefix: options.tempPrefix, env: () => options.env, now: options.now });
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server?.close();
    await functionsEnv.close();
  };
  try {
    server = await serveSite({ functions: await builtOnDemandPages() });
    browser = await launchBrowser();
    return { ...functionsEnv, browser, server, close };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}
