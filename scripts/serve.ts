/**
 * `npm start`: serves the built site (dist/) on http://127.0.0.1:PORT (default
 * 4321) with the same headers as Netlify, and the pages answered on request
 * (src/pages/api/…) through the function the build wrote (src/server/local-functions.ts); runs the scheduled
 * functions when Netlify would (the outbox drain also once at start).
 * With CONTEXT=production the functions apply production's rule: unsafe
 * settings (production-safety.ts) make them refuse input, as on Netlify.
 * Unless a git host is configured for the web editor (GONGKAI_EDITOR_BACKEND), also runs the editor's
 * local proxy (decap-server) on 127.0.0.1, so that /admin/ saves into this working tree offline.
 * Environment: PORT, HOST (default 127.0.0.1), GONGKAI_OUT_DIR (default dist),
 * GONGKAI_SCHEDULE=off (no scheduled runs), GONGKAI_EDITOR_PROXY_PORT (default 8081),
 * GONGKAI_EDITOR_PROXY=off (no editor proxy).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../src/server/static-server.ts';
import { startLocalSchedule, type LocalSchedule } from '../src/server/local-schedule.ts';
import { localScheduledJobs, onDemandPages } from '../src/server/local-functions.ts';
import { unsafeDeploySettings, unsafeSettingsLine } from '../src/server/production-safety.ts';
import { startEditorProxy, type EditorProxy } from '../src/server/editor-proxy.ts';
import { editorSettings } from '../src/lib/editor/settings.ts';

const projectRoot = resolve(fileURLToPath(import.meta.url), '../..');
const siteDir = resolve(projectRoot, process.env.GONGKAI_OUT_DIR ?? 'dist');

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 4321;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`PORT 无效 / invalid PORT: ${value}`);
  return port;
}

if (!existsSync(resolve(siteDir, 'index.html'))) {
  fail(`未找到构建结果 ${siteDir}，请先运行 npm run build / No built site in ${siteDir}: run npm run build first.`);
}

const functions = { handler: await onDemandPages({ siteDir }).catch((error: unknown) => fail((error as Error).message)), jobs: localScheduledJobs() };
const server = await startStaticServer({
  root: siteDir,
  port: parsePort(process.env.PORT),
  host: process.env.HOST ?? '127.0.0.1',
  functions: functions.handler,
});

console.log(`网站已启动，请在浏览器中打开 / Site running at: ${server.url}/`);
const unsafe = unsafeDeploySettings();
if (unsafe.length > 0) console.error(unsafeSettingsLine('Every function input', unsafe));

let schedule: LocalSchedule | undefined;
if (functions.jobs.length > 0 && process.env.GONGKAI_SCHEDULE !== 'off') {
  schedule = startLocalSchedule(functions.jobs, { runAtStart: ['drain-outbox'] });
  console.log(`定时任务已启动（与 Netlify 相同）/ Scheduled functions (UTC, as on Netlify): ${functions.jobs.map((j) => `${j.name} "${j.schedule}"`).join(', ')}`);
}
let editorProxy: EditorProxy | undefined;
const editor = editorSettings(process.env);
if (!editor.backend && process.env.GONGKAI_EDITOR_PROXY !== 'off') {
  // The editor still works without it on a git host; a taken port only costs local editing.
  try {
    editorProxy = await startEditorProxy({ repoDir: process.env.GONGKAI_CONTENT_ROOT ?? projectRoot, port: Number(new URL(editor.localProxyUrl).port) });
    console.log(`网页编辑器：${server.url}/admin/（保存到本机文件）/ Web editor at ${server.url}/admin/, saving into this working tree.`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
  }
}
console.log('按 Ctrl+C 停止 / Press Ctrl+C to stop.');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    schedule?.stop();
    void Promise.all([server.close(), schedule?.idle(), editorProxy?.close()]).then(() => process.exit(0));
  });
}
