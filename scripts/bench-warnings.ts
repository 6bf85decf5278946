/**
 * Benchmark of warning delivery: one 山洪 warning covering 19 townships of a
 * county, N confirmed area subscribers spread over those townships (a share
 * following the whole county, some following two areas), two webhook
 * channels; the delivery run with real parts (file-backed local Blobs, an
 * in-process SMTP server and HTTP receiver on 127.0.0.1), then a second run,
 * then an audit: every subscriber got exactly one mail, each channel one webhook.
 *
 *   node scripts/bench-warnings.ts [--subscribers 10000] [--keep]
 *
 * Prints the time to queue (record + outbox entries) and to deliver, and
 * `lost 0, duplicated 0` when the guarantees hold (exit 1 otherwise).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SMTPServer } from 'smtp-server';

const { values: args } = parseArgs({ options: { subscribers: { type: 'string', default: '10000' }, keep: { type: 'boolean', default: false } } });
const N = Number(args.subscribers);
if (!Number.isInteger(N) || N < 1) {
  console.error('Usage: node scripts/bench-warnings.ts [--subscribers 10000] [--keep]');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-warnings-'));

// The SMTP server counts what it accepts per recipient and Message-ID.
const received = new Map<string, number>();
let accepted = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      for (const r of session.envelope.rcptTo) received.set(r.address, (received.get(r.address) ?? 0) + 1);
      accepted++;
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
const smtpPort = (smtp.server.address() as AddressInfo).port;

const hooks = new Map<string, number>();
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const key = String(req.headers['idempotency-key']);
    hooks.set(key, (hooks.get(key) ?? 0) + 1);
    res.writeHead(202).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/cap`;

Object.assign(process.env, { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, MAIL_FROM: 'yujing@bench.example', GONGKAI_STORE_PREFIX: 'bench', GONGKAI_DATA_DIR: dir, GONGKAI_MAIL_LOG: '0' });
const { startLocalBlobs } = await import('../src/server/local-blobs.ts');
const { runWarningAlerts, warningDeliveryStats } = await import('../src/server/warning-alerts.ts');
const { saveSubscription, subscriberId } = await import('../src/server/subscriptions.ts');
const { createMailTransport } = await import('../src/server/mail-transport.ts');
const { readCommentSettings } = await import('../src/server/comment-settings.ts');
const { parseWebhooks } = await import('../src/server/warning-alert-settings.ts');
const { toShanghaiIso } = await import('../src/lib/time.ts');
type WarningAlertsData = import('../src/lib/warning-alerts/rules.ts').WarningAlertsData;

const blobs = await startLocalBlobs(join(dir, 'blobs'));
const SECRET = 'bench-subscription-secret';
const COUNTY = '341021000000';
const townships = Array.from({ length: 19 }, (_, i) => ({ code: `341021${String(100 + i).padStart(3, '0')}000`, name: `第${i + 1}镇` }));

// Subscribers: mostly one township each; every 10th follows the county, every 7th also a second township.
const follows: { email: string; area: string }[] = [];
for (let i = 0; i < N; i++) {
  const email = `s${i}@bench.example`;
  follows.push({ email, area: i % 10 === 0 ? COUNTY : townships[i % 19]!.code });
  if (i % 7 === 0) follows.push({ email, area: townships[(i + 3) % 19]!.code });
}
const setupStart = performance.now();
for (let i = 0; i < follows.length; i += 32) {
  await Promise.all(follows.slice(i, i + 32).map((f) => saveSubscription({ subscriber: subscriberId(f.email, SECRET), email: f.email, scope: 'area', target: f.area, confirmedAt: new Date().toISOString() })));
}
console.log(`setup: ${N} subscribers, ${follows.length} area subscriptions over 19 townships and the county in ${((performance.now() - setupStart) / 1000).toFixed(1)} s`);

const now = new Date();
const data: WarningAlertsData = {
  version: 1,
  generated: toShanghaiIso(now),
  site: { name: '压力测试县政府', url: 'https://bench.example' },
  areas: [{ code: COUNTY, name: '测试县', fullName: '测试县' }, ...townships.map((t) => ({ ...t, fullName: `测试县${t.name}` }))],
  messages: [
    {
      id: 'bench-shanhong',
      title: '测试县防汛抗旱指挥部办公室发布山洪灾害红色预警',
      level: '红色',
      hazard: '山洪',
      name: '山洪灾害红色预警',
      action: 'alert',
      areas: townships.map((t) => ({ code: t.code, name: `测试县${t.name}` })),
      issued: toShanghaiIso(new Date(now.getTime() - 60_000)),
      validUntil: toShanghaiIso(new Date(now.getTime() + 86_400_000)),
      path: '/notices/bench-shanhong/',
      issuerName: '测试县防汛抗旱指挥部办公室',
      summary: '预计未来24小时内发生山洪灾害的可能性很大。',
      instruction: '山洪易发区人员立即转移到安全地带。',
      cap: '<?xml version="1.0" encoding="UTF-8"?>\n<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>bench</identifier></alert>\n',
    },
  ],
};
const settings = {
  subscriptionSecret: SECRET,
  mailMaxAttempts: 12,
  hookMaxAttempts: 20,
  webhooks: parseWebhooks(JSON.stringify([{ id: 'sms', name: '短信平台', url: hookUrl, secret: 'bench-sms-secret-0123' }, { id: 'wechat', name: '微信公众号', url: hookUrl, secret: 'bench-wechat-secret-0123' }])),
};
const transport = createMailTransport(readCommentSettings());

const start = performance.now();
let queuedAt = 0;
const report = await runWarningAlerts({ now, data, settings, siteUrl: 'https://bench.example', transport, budgetMs: 60 * 60_000, log: (line) => {
  if (line.startsWith('queued ')) queuedAt = performance.now();
} });
const end = performance.now();
// A second run, as the next scheduled minute would make: it must send nothing.
const before = accepted;
const again = await runWarningAlerts({ now: new Date(now.getTime() + 60_000), data, settings, siteUrl: 'https://bench.example', transport, budgetMs: 60 * 60_000, log: () => {} });
const secondRunMails = accepted - before;
transport.close();

let lost = 0;
let duplicated = 0;
for (let i = 0; i < N; i++) {
  const n = received.get(`s${i}@bench.example`) ?? 0;
  if (n === 0) lost++;
  else duplicated += n - 1;
}
for (const channel of ['sms', 'wechat']) {
  const n = hooks.get(`bench-shanhong.${channel}`) ?? 0;
  if (n === 0) lost++;
  else duplicated += n - 1;
}
const stats = await warningDeliveryStats('bench-shanhong', data);

console.log(`queue: ${((queuedAt - start) / 1000).toFixed(1)} s (record with ${N} recipients, ${N} outbox entries, 2 webhooks)`);
console.log(`deliver: ${((end - queuedAt) / 1000).toFixed(1)} s (${accepted - secondRunMails} mails over SMTP, ${[...hooks.values()].reduce((a, b) => a + b, 0)} webhooks)`);
console.log(`total: ${((end - start) / 1000).toFixed(1)} s, ${(N / ((end - start) / 1000)).toFixed(0)} subscribers/s; state ${report.done.includes('bench-shanhong') ? 'done' : 'open'}; second run: ${secondRunMails} mails, done ${again.done.join(',')}`);
console.log(`statistics: ${JSON.stringify(stats)}`);
console.log(`lost ${lost}, duplicated ${duplicated}`);

await blobs.stop();
smtp.close();
receiver.close();
if (!args.keep) rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${dir}`);
process.exit(lost === 0 && duplicated === 0 && secondRunMails === 0 ? 0 : 1);
