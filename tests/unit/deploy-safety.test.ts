/**
 * Deploys and their settings, with the functions' real parts: a production deploy (CONTEXT, NETLIFY or the
 * function's Context) with a missing or public secret, or without SMTP, refuses every function's input with
 * 503 and stores nothing; deploy previews keep their data and mail apart from production's; every kind of
 * function answer carries the security headers.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { getStore } from '@netlify/blobs';
import type { Context } from '@netlify/functions';
import drainOutboxFunction from '../../functions/drain-outbox.ts';
import notifyFunction from '../../functions/notify.ts';
import retentionFunction from '../../functions/retention.ts';
import { builtOnDemandPages } from '../helpers/on-demand.ts';
import { deployContext, forgetPlatformDeployContext, mailHeld, storeNamespace } from '../../src/server/deploy-context.ts';
import { unsafeDeploySettings } from '../../src/server/production-safety.ts';
import { FUNCTION_HEADERS } from '../../src/server/security-headers.ts';
import { STORE_KINDS } from '../../src/server/comment-stores.ts';
import { LOCAL_FORM_TOKEN_SECRET, LOCAL_RECEIPT_SALT } from '../../src/server/comment-settings.ts';
import { LOCAL_SUBSCRIPTION_SECRET } from '../../src/server/notify-settings.ts';
import { LOCAL_LEDGER_SEED } from '../../src/server/ledger-signing.ts';
import { startCommentEnv, type CommentTestEnv } from '../helpers/comments.ts';

const BASE = 'https://gongkai.test.example';
/** The pages answered on request, through the sample build's function (as npm start serves them). */
const handleFunctionRequest = async (request: Request) => (await builtOnDemandPages())(request);
const SAFE = { FORM_TOKEN_SECRET: 'f'.repeat(40), SUBSCRIPTION_SECRET: 's'.repeat(40), RECEIPT_SALT: 'r'.repeat(40), LEDGER_SIGNING_KEY: Buffer.alloc(32, 7).toString('base64'), SMTP_URL: 'smtp://127.0.0.1:25' };

describe('unsafeDeploySettings', () => {
  it('asks nothing of a local run', () => {
    expect(unsafeDeploySettings({})).toEqual([]);
    expect(unsafeDeploySettings({ CONTEXT: 'dev' })).toEqual([]);
    expect(unsafeDeploySettings({ NETLIFY: 'true', NETLIFY_DEV: 'true' })).toEqual([]);
  });

  it('names every missing secret and SMTP_URL on a production deploy', () => {
    const all = ['FORM_TOKEN_SECRET (missing)', 'SUBSCRIPTION_SECRET (missing)', 'RECEIPT_SALT (missing)', 'LEDGER_SIGNING_KEY (missing)', 'SMTP_URL (missing)'];
    expect(unsafeDeploySettings({ CONTEXT: 'production' })).toEqual(all);
    expect(unsafeDeploySettings({ NETLIFY: 'true' })).toEqual(all);
    expect(unsafeDeploySettings({ CONTEXT: 'production', ...SAFE })).toEqual([]);
    expect(unsafeDeploySettings({ CONTEXT: 'production', ...SAFE, SMTP_URL: ' ' })).toEqual(['SMTP_URL (missing)']);
  });

  it('refuses the public built-in defaults as secrets', () => {
    const env = { CONTEXT: 'production', ...SAFE, FORM_TOKEN_SECRET: LOCAL_FORM_TOKEN_SECRET, SUBSCRIPTION_SECRET: LOCAL_SUBSCRIPTION_SECRET, RECEIPT_SALT: ` ${LOCAL_RECEIPT_SALT}`, LEDGER_SIGNING_KEY: LOCAL_LEDGER_SEED.toString('base64') };
    expect(unsafeDeploySettings(env)).toEqual([
      'FORM_TOKEN_SECRET (the public built-in default)',
      'SUBSCRIPTION_SECRET (the public built-in default)',
      'RECEIPT_SALT (the public built-in default)',
      'LEDGER_SIGNING_KEY (the public built-in default)',
    ]);
    expect(unsafeDeploySettings({ CONTEXT: 'production', ...SAFE, LEDGER_SIGNING_KEY: Buffer.alloc(16).toString('base64') })).toEqual(['LEDGER_SIGNING_KEY (not the base64 of a 32-byte Ed25519 seed)']);
  });

  it('asks previews for their secrets but not for SMTP, unless they are to send mail', () => {
    const { SMTP_URL: _, ...noSmtp } = SAFE;
    expect(unsafeDeploySettings({ CONTEXT: 'deploy-preview', ...noSmtp })).toEqual([]);
    expect(unsafeDeploySettings({ CONTEXT: 'branch-deploy' })).toEqual(['FORM_TOKEN_SECRET (missing)', 'SUBSCRIPTION_SECRET (missing)', 'RECEIPT_SALT (missing)', 'LEDGER_SIGNING_KEY (missing)']);
    expect(unsafeDeploySettings({ CONTEXT: 'deploy-preview', ...noSmtp, PREVIEW_MAIL: 'send' })).toEqual(['SMTP_URL (missing)']);
  });
});

describe('deploy contexts', () => {
  afterEach(() => forgetPlatformDeployContext());

  it('keeps production and local store names, and gives previews and branch deploys their own', () => {
    expect(storeNamespace({})).toBe('gongkai');
    expect(storeNamespace({ CONTEXT: 'production' })).toBe('gongkai');
    expect(storeNamespace({ CONTEXT: 'dev' })).toBe('gongkai');
    expect(storeNamespace({ CONTEXT: 'deploy-preview' })).toBe('gongkai-deploy-preview');
    expect(storeNamespace({ CONTEXT: 'branch-deploy', GONGKAI_STORE_PREFIX: 'site2' })).toBe('site2-branch-deploy');
  });

  it('holds mail in previews only, unless PREVIEW_MAIL=send', () => {
    expect(mailHeld({})).toBe(false);
    expect(mailHeld({ CONTEXT: 'production' })).toBe(false);
    expect(mailHeld({ CONTEXT: 'deploy-preview' })).toBe(true);
    expect(mailHeld({ CONTEXT: 'deploy-preview', PREVIEW_MAIL: 'send' })).toBe(false);
  });

  it('learns the context from the function’s Context when the environment does not say', async () => {
    expect(deployContext({}).deployed).toBe(false);
    await drainOutboxFunction(new Request(`${BASE}/.netlify/functions/drain-outbox`, { method: 'POST' }), { deploy: { context: 'deploy-preview' } } as unknown as Context);
    expect(deployContext({})).toEqual({ name: 'deploy-preview', deployed: true, separate: true });
    expect(storeNamespace({})).toBe('gongkai-deploy-preview');
  });
});

/** Every key of every store under a namespace. */
async function storedKeys(namespace: string): Promise<string[]> {
  const out: string[] = [];
  for (const suffix of STORE_KINDS) {
    const store = getStore({ name: `${namespace}-${suffix}`, consistency: 'strong' });
    for await (const page of store.list({ paginate: true })) for (const b of page.blobs) out.push(`${suffix}:${b.key}`);
  }
  return out.sort();
}

/** One request of each public function, as a browser or a client would send it. */
function everyFunctionRequest(): { name: string; request: () => Request }[] {
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const post = (path: string, body: string, type = 'application/x-www-form-urlencoded', accept = 'text/html') =>
    new Request(`${BASE}${path}`, { method: 'POST', body, headers: { 'content-type': type, accept } });
  return [
    { name: 'comments (form)', request: () => post('/api/comments', form({ consultation: 'test-open', text: '建议延长开放时间，方便居民使用。', submitterType: '个人', consent: 'yes' })) },
    { name: 'comments (JSON)', request: () => post('/api/comments', JSON.stringify({ consultation: 'test-open', text: '建议延长开放时间。' }), 'application/json', 'application/json') },
    { name: 'comments token', request: () => new Request(`${BASE}/api/comments/token?consultation=test-open`) },
    { name: 'receipts', request: () => new Request(`${BASE}/api/receipts?number=YJ-20261128-ABCD-EFGH`) },
    { name: 'receipt withdrawal', request: () => post('/api/receipts/withdraw', form({ number: 'YJ-20261128-ABCD-EFGH' })) },
    { name: 'ledger', request: () => new Request(`${BASE}/api/comments/ledger?consultation=test-closed`) },
    { name: 'export', request: () => new Request(`${BASE}/api/comments/export?consultation=test-open`, { headers: { authorization: 'Bearer test-export-token-0123456789' } }) },
    { name: 'reports', request: () => post('/api/reports', form({ waterBody: 'x', text: '河道有异味，请尽快处理。' })) },
    { name: 'subscriptions', request: () => post('/api/subscriptions', form({ email: 'a@example.com', scope: 'all' })) },
    { name: 'subscription confirm', request: () => new Request(`${BASE}/api/subscriptions/confirm?token=x`) },
    { name: 'unsubscribe', request: () => post('/api/subscriptions/unsubscribe?token=x', 'List-Unsubscribe=One-Click') },
  ];
}

describe('a production deploy without safe settings', () => {
  let env: CommentTestEnv;
  beforeAll(async () => {
    env = await startCommentEnv({ CONTEXT: 'production', FORM_TOKEN_SECRET: '', RECEIPT_SALT: LOCAL_RECEIPT_SALT, SUBSCRIPTION_SECRET: '', LEDGER_SIGNING_KEY: '', SMTP_URL: '' });
  });
  afterAll(async () => {
    await env.close();
  });

  it('answers every function request with 503 in Chinese, logs one line naming the variables, and stores nothing', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      for (const { name, request } of everyFunctionRequest()) {
        errors.mockClear();
        const req = request();
        const answer = await handleFunctionRequest(req);
        expect(answer, name).not.toBeNull();
        expect(answer!.status, name).toBe(503);
        const text = await answer!.text();
        expect(text, name).toMatch(/尚未完成安全配置.*未被保存/);
        if (req.headers.get('accept') === 'application/json') expect(JSON.parse(text).code).toBe('service-not-configured');
        for (const [header, value] of Object.entries(FUNCTION_HEADERS)) expect(answer!.headers.get(header), `${name}: ${header}`).toBe(value);
        expect(errors, name).toHaveBeenCalledTimes(1);
        const line = String(errors.mock.calls[0]?.[0]);
        expect(line).toMatch(/FORM_TOKEN_SECRET \(missing\), SUBSCRIPTION_SECRET \(missing\), RECEIPT_SALT \(the public built-in default\), LEDGER_SIGNING_KEY \(missing\), SMTP_URL \(missing\)/);
        expect(line).toContain('production');
      }
      expect(await storedKeys('gongkai')).toEqual([]);
      expect(env.smtp.mails).toEqual([]);
    } finally {
      errors.mockRestore();
    }
  });

  it('runs no scheduled job', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      for (const job of [drainOutboxFunction, notifyFunction, retentionFunction]) {
        const answer = await job(new Request(`${BASE}/.netlify/functions/x`, { method: 'POST' }), {} as Context);
        expect(answer.status).toBe(503);
      }
      expect(errors).toHaveBeenCalledTimes(3);
      expect(await storedKeys('gongkai')).toEqual([]);
    } finally {
      errors.mockRestore();
    }
  });

  it('takes input again once the settings are safe', async () => {
    Object.assign(process.env, { FORM_TOKEN_SECRET: 'f'.repeat(40), RECEIPT_SALT: 'r'.repeat(40), SUBSCRIPTION_SECRET: 's'.repeat(40), LEDGER_SIGNING_KEY: SAFE.LEDGER_SIGNING_KEY, SMTP_URL: env.smtp.url });
    const answer = await handleFunctionRequest(new Request(`${BASE}/api/comments/token?consultation=test-open`));
    expect(answer!.status).toBe(200);
    for (const [header, value] of Object.entries(FUNCTION_HEADERS)) expect(answer!.headers.get(header), header).toBe(value);
  });
});

describe('a deploy preview', () => {
  let env: CommentTestEnv;
  beforeAll(async () => {
    env = await startCommentEnv({ CONTEXT: 'deploy-preview', SUBSCRIPTION_SECRET: 's'.repeat(40), LEDGER_SIGNING_KEY: SAFE.LEDGER_SIGNING_KEY, SMTP_URL: '', COMMENT_MIN_FILL_SECONDS: '0' });
  });
  afterAll(async () => {
    await env.close();
  });

  it('stores comments in its own stores and keeps its mail in its own outbox, sending nothing', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const tokenAnswer = await handleFunctionRequest(new Request(`${BASE}/api/comments/token?consultation=test-open`));
      expect(tokenAnswer!.status).toBe(200);
      const { token } = (await tokenAnswer!.json()) as { token: string };
      env.advance(30);
      const body = { consultation: 'test-open', text: '建议延长人防工程的开放时间，方便居民使用。', submitterType: '个人', consent: true, formToken: token, contact: 'resident@example.com' };
      const answer = await handleFunctionRequest(new Request(`${BASE}/api/comments`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }));
      expect(answer!.status).toBe(201);
      const { receipt } = (await answer!.json()) as { receipt: string };
      for (const [header, value] of Object.entries(FUNCTION_HEADERS)) expect(answer!.headers.get(header), header).toBe(value);

      expect(await storedKeys('gongkai')).toEqual([]);
      const preview = await storedKeys('gongkai-deploy-preview');
      expect(preview).toContain(`comments:comments/test-open/${receipt}`);
      expect(preview).toContain(`outbox:held/${receipt}-department.eml`);
      expect(env.smtp.mails).toEqual([]);
      const held = await getStore({ name: 'gongkai-deploy-preview-outbox', consistency: 'strong' }).get(`held/${receipt}-department.eml`);
      expect(held).toMatch(/^To: zhengji@dept\.example\.gov\.cn$/m);
    } finally {
      log.mockRestore();
    }
  });
});
