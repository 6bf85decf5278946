/**
 * `npm start`'s server (scripts/serve.ts) as a user runs it, on the built sample site: it drains mail left
 * waiting in the outbox without a manual command, and with CONTEXT=production and no safe settings its
 * functions refuse input like a production deploy.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalBlobs } from '../../src/server/local-blobs.ts';
import { enqueue, pendingMail } from '../../src/server/outbox.ts';
import { SITE_DIR, freePort } from '../helpers/site.ts';
import { startSmtp, type TestSmtp } from '../helpers/comments.ts';

const REPO = resolve(import.meta.dirname, '../..');
let child: ChildProcess | undefined;
let smtp: TestSmtp | undefined;
let dir: string | undefined;

afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((done) => child!.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  }
  child = undefined;
  await smtp?.stop();
  smtp = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Starts scripts/serve.ts on a free port; resolves with its URL once it says it runs. */
function serve(env: Record<string, string>): Promise<{ url: string; output: () => string }> {
  let output = '';
  const clean: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['NETLIFY_BLOBS_CONTEXT', 'CONTEXT', 'NETLIFY', 'FORM_TOKEN_SECRET', 'RECEIPT_SALT', 'SUBSCRIPTION_SECRET', 'SMTP_URL']) delete clean[name];
  child = spawn(process.execPath, [join(REPO, 'scripts/serve.ts')], { cwd: REPO, env: { ...clean, PORT: '0', GONGKAI_OUT_DIR: SITE_DIR, GONGKAI_EDITOR_PROXY: 'off', ...env } });
  return new Promise((done, fail) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Site running at: (http:\/\/\S+?)\/\s/.exec(output);
      if (m) done({ url: m[1]!, output: () => output });
    };
    child!.stdout!.on('data', read);
    child!.stderr!.on('data', read);
    child!.once('exit', (code) => fail(new Error(`serve.ts exited (${code}):\n${output}`)));
  });
}

describe('scripts/serve.ts', () => {
  it('sends mail left waiting in the outbox without a manual command', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-serve-'));
    const blobs = await startLocalBlobs(join(dir, 'blobs'));
    await enqueue([
      pendingMail({ id: 'left-waiting-1', kind: 'department', receipt: 'YJ-20261128-AAAA-BBBB', consultation: 'x', to: 'dept@example.gov.cn', subject: '待发的邮件', text: '服务器重启前未发出的邮件。', attachment: null, createdAt: '2026-11-28T02:00:00.000Z' }, '2026-11-28T02:00:00.000Z'),
    ]);
    await blobs.stop();
    smtp = await startSmtp();
    const { output } = await serve({ GONGKAI_DATA_DIR: dir, SMTP_URL: smtp.url });
    const deadline = Date.now() + 20_000;
    while (smtp.mails.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(smtp.mails.map((m) => m.parsed.subject), output()).toEqual(['待发的邮件']);
    expect(output()).toMatch(/drain-outbox "\*\/5 \* \* \* \*", notify "0 0 \* \* \*"/);
  });

  it('with CONTEXT=production and no safe settings, refuses input and says why when it starts', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-serve-'));
    const { url, output } = await serve({ GONGKAI_DATA_DIR: dir, CONTEXT: 'production', GONGKAI_SCHEDULE: 'off' });
    const answer = await fetch(`${url}/api/comments/token?consultation=x`, { headers: { accept: 'application/json' } });
    expect(answer.status).toBe(503);
    expect(((await answer.json()) as { code: string }).code).toBe('service-not-configured');
    const startLine = output().split('\n').find((line) => line.startsWith('[production] Every function input refused'));
    for (const name of ['FORM_TOKEN_SECRET', 'SUBSCRIPTION_SECRET', 'RECEIPT_SALT', 'SMTP_URL']) expect(startLine, name).toContain(`${name} (missing)`);
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
  });

  it('runs the web editor offline: /admin/ with the local proxy on 127.0.0.1, which stops with the server', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-serve-'));
    const port = await freePort();
    const { url, output } = await serve({ GONGKAI_DATA_DIR: dir, GONGKAI_SCHEDULE: 'off', GONGKAI_EDITOR_PROXY: 'on', GONGKAI_EDITOR_PROXY_PORT: String(port) });
    const deadline = Date.now() + 20_000;
    while (!output().includes('Web editor at') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(output()).toContain(`Web editor at ${url}/admin/`);
    const page = await fetch(`${url}/admin/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script src="/admin/decap-cms.js"></script>');
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' blob: http://127.0.0.1:${port}`);
    const proxy = `http://127.0.0.1:${port}/api/v1`;
    const info = await fetch(proxy, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"action":"info"}' });
    expect(await info.json()).toMatchObject({ type: 'local_fs' });
    const exited = new Promise((done) => child!.once('exit', done));
    child!.kill('SIGTERM');
    await exited;
    await expect(fetch(proxy, { method: 'POST', body: '{"action":"info"}' })).rejects.toThrow();
  });
});
