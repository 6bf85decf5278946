/**
 * The site's pages answered on request served next to the built ones, as on Netlify, so that a page
 * which calls one when it loads (the comment form asks for a form token) is
 * checked as a visitor would see it. Everything they store goes to a fresh
 * directory of the verify run; their clock is the build's fixed "now"; mail is
 * written to files, never sent.
 */
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FunctionsHandler } from '../../src/server/static-server.ts';

export async function localFunctions(projectRoot: string, siteDir: string, dataDir: string, now: string): Promise<FunctionsHandler | undefined> {
  const router = resolve(projectRoot, 'src/server/local-functions.ts');
  if (!existsSync(router)) return undefined;
  rmSync(dataDir, { recursive: true, force: true });
  Object.assign(process.env, {
    GONGKAI_CONSULTATIONS_FILE: join(siteDir, 'data', 'consultations.json'),
    GONGKAI_REPORT_DIRECTORY_FILE: join(siteDir, 'remediation', 'report-directory.json'),
    GONGKAI_DATA_DIR: dataDir,
    GONGKAI_MAIL_DIR: join(dataDir, 'outbox-mail'),
    GONGKAI_MAIL_LOG: '0',
  });
  delete process.env.SMTP_URL;
  const runtimeFile = resolve(projectRoot, 'src/server/comment-runtime.ts');
  if (existsSync(runtimeFile)) {
    const runtime = (await import(pathToFileURL(runtimeFile).href)) as { configureCommentRuntime?: (parts: { now: () => Date }) => void };
    runtime.configureCommentRuntime?.({ now: () => new Date(now) });
  }
  // The function the verify build just wrote (its clock is set above: the runtime's overrides are shared).
  const module = (await import(pathToFileURL(router).href)) as { onDemandPages?: (options: { siteDir: string }) => Promise<FunctionsHandler> };
  return module.onDemandPages?.({ siteDir });
}
