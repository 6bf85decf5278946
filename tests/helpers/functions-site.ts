/**
 * The built sample site with its functions, for browser tests of the forms:
 * a temporary data folder, a real BlobsServer, a real SMTP server, the
 * function settings in process.env, the local functions router on the static
 * server, and Chromium. `close()` undoes all of it, process.env included.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, serveSite } from './browser.ts';
import { startSmtp, type TestSmtp } from './comments.ts';
import type { StaticServer } from '../../src/server/static-server.ts';
import { startLocalBlobs, type LocalBlobs } from '../../src/server/local-blobs.ts';
import { configureCommentRuntime, resetCommentRuntime } from '../../src/server/comment-runtime.ts';
import { handleFunctionRequest } from '../../src/server/local-functions.ts';

export interface FunctionsSite {
  browser: Browser;
  server: StaticServer;
  blobs: LocalBlobs;
  smtp: TestSmtp;
  /** Temporary folder (GONGKAI_DATA_DIR); removed by close(). */
  dir: string;
  close: () => Promise<void>;
}

/**
 * `env` is added to process.env (GONGKAI_DATA_DIR and SMTP_URL are set here);
 * `now` is the functions' clock.
 */
export async function startFunctionsSite(options: { tempPrefix: string; env: Record<string, string>; now: () => Date }): Promise<FunctionsSite> {
  const saved = { ...process.env };
  const dir = mkdtempSync(join(tmpdir(), options.tempPrefix));
  let blobs: LocalBlobs | undefined;
  let smtp: TestSmtp | undefined;
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server?.close();
    resetCommentRuntime();
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    await smtp?.stop();
    await blobs?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    blobs = await startLocalBlobs(join(dir, 'blobs'));
    smtp = await startSmtp();
    Object.assign(process.env, { GONGKAI_DATA_DIR: dir, SMTP_URL: smtp.url, ...options.env });
    configureCommentRuntime({ now: options.now });
    server = await serveSite({ functions: handleFunctionRequest });
    browser = await launchBrowser();
    return { browser, server, blobs, smtp, dir, close };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}
