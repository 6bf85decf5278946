/**
 * Real parts for comment-function tests: a file-backed BlobsServer in edge
 * mode, an in-process SMTP server on 127.0.0.1 (port 0), a fixed consultations
 * JSON fixture and a clock the test moves.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { getStore } from '@netlify/blobs';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { buildPublishedData, type ConsultationInput } from '../../src/lib/published-data.ts';
import { startLocalBlobs, type LocalBlobs } from '../../src/server/local-blobs.ts';
import { configureCommentRuntime, resetCommentRuntime } from '../../src/server/comment-runtime.ts';

export const NOW = new Date('2026-11-28T10:00:00+08:00');
export const DEPARTMENT_EMAIL = 'zhengji@dept.example.gov.cn';

const ARTICLES_BODY = `## 第一章 总则

**第一条** 为了规范管理，制定本办法。

**第二条** 本办法适用于本市。

**第十二条** 违反本办法的，依法处理。
`;

function consultation(id: string, opens: string, closes: string, extra: Partial<ConsultationInput['data']> = {}): ConsultationInput {
  return {
    id,
    body: ARTICLES_BODY,
    data: {
      title: `测试意见征集 ${id}`,
      department: 'test-dept',
      policyAreas: ['test-area'],
      stage: '草案审议',
      kind: '行政规范性文件',
      opens: new Date(opens),
      closes: new Date(closes),
      channels: { online: true, email: 'mailbox@dept.example.gov.cn' },
      articleComments: true,
      ...extra,
    },
  };
}

/** The fixed consultations the tests use (never the sample site). */
export function fixtureData() {
  return buildPublishedData({
    generated: NOW,
    site: { name: '测试政务公开网站', url: 'https://gongkai.test.example', feedbackDays: 30, disclosureOffice: { name: '公开办', email: 'gkb@example.gov.cn' } },
    consultations: [
      consultation('test-open', '2026-11-01T09:00:00+08:00', '2026-12-15T23:59:59+08:00'),
      consultation('test-no-articles', '2026-11-01T09:00:00+08:00', '2026-12-15T23:59:59+08:00', { articleComments: false }),
      consultation('test-closed', '2026-09-01T09:00:00+08:00', '2026-10-31T23:59:59+08:00'),
      consultation('test-upcoming', '2026-12-20T09:00:00+08:00', '2027-01-20T23:59:59+08:00'),
      consultation('test-offline', '2026-11-01T09:00:00+08:00', '2026-12-15T23:59:59+08:00', { channels: { online: false, email: 'x@dept.example.gov.cn' } }),
    ],
    departments: new Map([['test-dept', { name: '测试局', email: DEPARTMENT_EMAIL }]]),
    policyAreas: new Map([['test-area', { name: '测试领域' }]]),
    feedback: new Map(),
  });
}

export interface ReceivedMail {
  raw: Buffer;
  envelopeTo: string[];
  parsed: ParsedMail;
}

export interface TestSmtp {
  port: number;
  url: string;
  mails: ReceivedMail[];
  stop(): Promise<void>;
  /** Starts again on the same port (SMTP back after an outage). */
  restart(): Promise<void>;
}

/** `delayMs`: the server holds each message that long before accepting it (a slow mail server, to catch a sender mid-send). */
export async function startSmtp(port = 0, options: { delayMs?: number } = {}): Promise<TestSmtp> {
  const mails: ReceivedMail[] = [];
  let server: SMTPServer;
  const listen = (p: number) =>
    new Promise<number>((resolve, reject) => {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        logger: false,
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            const raw = Buffer.concat(chunks);
            simpleParser(raw)
              .then((parsed) => {
                mails.push({ raw, parsed, envelopeTo: session.envelope.rcptTo.map((r) => r.address) });
                setTimeout(() => callback(), options.delayMs ?? 0);
              })
              .catch(callback);
          });
        },
      });
      server.once('error', reject);
      server.listen(p, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port));
    });
  const actual = await listen(port);
  const smtp: TestSmtp = {
    port: actual,
    url: `smtp://127.0.0.1:${actual}`,
    mails,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
    restart: async () => {
      await listen(actual);
    },
  };
  return smtp;
}

/** The functions' real parts: Blobs and SMTP in a temporary folder, settings in process.env, a clock. */
export interface FunctionsEnv {
  blobs: LocalBlobs;
  smtp: TestSmtp;
  /** Temporary folder (GONGKAI_DATA_DIR); removed by close(). */
  dir: string;
  close(): Promise<void>;
}

/**
 * Starts the functions' real parts. `env(dir)` adds settings to process.env
 * (GONGKAI_DATA_DIR and SMTP_URL are set here); `now` is the functions' clock.
 * close() stops SMTP and the current `blobs` (a test may have restarted it),
 * restores process.env and removes the folder.
 */
export async function startFunctionsEnv(options: { tempPrefix: string; env: (dir: string) => Record<string, string>; now: () => Date }): Promise<FunctionsEnv> {
  const saved = { ...process.env };
  const dir = mkdtempSync(join(tmpdir(), options.tempPrefix));
  const blobs = await startLocalBlobs(join(dir, 'blobs'));
  const smtp = await startSmtp();
  Object.assign(process.env, { GONGKAI_DATA_DIR: dir, SMTP_URL: smtp.url, ...options.env(dir) });
  configureCommentRuntime({ now: options.now });
  const functionsEnv: FunctionsEnv = {
    blobs,
    smtp,
    dir,
    close: async () => {
      resetCommentRuntime();
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
      await smtp.stop().catch(() => {});
      await functionsEnv.blobs.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return functionsEnv;
}

export interface CommentTestEnv extends FunctionsEnv {
  clock: { now: Date };
  advance(seconds: number): void;
}

/** Everything a comment test needs, started for real, with the fixture consultations. */
export async function startCommentEnv(env: Record<string, string> = {}): Promise<CommentTestEnv> {
  const clock = { now: new Date(NOW) };
  const functionsEnv = await startFunctionsEnv({
    tempPrefix: 'gongkai-comments-',
    env: (dir) => {
      const dataFile = join(dir, 'consultations.json');
      writeFileSync(dataFile, JSON.stringify(fixtureData()));
      return {
        GONGKAI_CONSULTATIONS_FILE: dataFile,
        MAIL_FROM: 'noreply@gongkai.test.example',
        FORM_TOKEN_SECRET: 'test-form-token-secret',
        RECEIPT_SALT: 'test-receipt-salt',
        EXPORT_TOKEN: 'test-export-token-0123456789',
        COMMENT_RATE_LIMIT: 'off',
        SITE_URL: 'https://gongkai.test.example',
        GONGKAI_MAIL_LOG: '0',
        ...env,
      };
    },
    now: () => new Date(clock.now),
  });
  // The same object, so that close() sees a Blobs server a test put in its place.
  return Object.assign(functionsEnv, {
    clock,
    advance: (seconds: number) => {
      clock.now = new Date(clock.now.getTime() + seconds * 1000);
    },
  });
}

/** Every key (with its etag) in the comment and outbox stores: compare before and after a refused request. */
export async function snapshot(stores: readonly string[] = ['comments', 'outbox']): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of stores) {
    const store = getStore({ name: `gongkai-${name}`, consistency: 'strong' });
    for await (const page of store.list({ paginate: true })) for (const b of page.blobs) out[`${name}:${b.key}`] = b.etag;
  }
  return out;
}

export function keysOf(snap: Record<string, string>, prefix: string): string[] {
  return Object.keys(snap)
    .filter((k) => k.startsWith(prefix))
    .sort();
}

export const PDF_BYTES = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
export const PNG_BYTES = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
