/**
 * A content tree (the good fixture) with a real published ledger: comments stored by the
 * intake into the real BlobsServer, tree heads signed on three days and at close by the
 * head job, the ledger published with the publish rules, the feedback report quoting its
 * root and count, and the whole tree committed to git (the build's append-only witness).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPublishedData } from '../../src/lib/published-data.ts';
import { LEDGERS_PATH, writePublishedLedger } from '../../src/build/ledger-files.ts';
import { storeComment } from '../../src/server/comment-intake.ts';
import { ledgerFor, runLedgerHeads } from '../../src/server/comment-endpoints.ts';
import { runtime } from '../../src/server/comment-runtime.ts';
import { ledgerSigner, signingKeyEntry } from '../../src/server/ledger-signing.ts';
import type { PublishedLedger, SignedTreeHead } from '../../src/lib/ledger/verify-ledger.mjs';
import { makeBrokenTree, type TreeEditor } from './content-tree.ts';
import { startCommentEnv, type CommentTestEnv } from './comments.ts';

/** The good tree's consultation with online submission, and its feedback report (12 online comments). */
export const LEDGER_CONSULTATION = 'rfb-pingshi-liyong';
export const FEEDBACK_FILE = 'content/feedback/rfb-pingshi-liyong.md';
const OPENS = '2020-07-29T09:00:00+08:00';
const CLOSES = '2020-08-28T23:59:59+08:00';

export interface StoredComment {
  receipt: string;
  code: string;
  receivedAt: string;
  text: string;
  commitment: string;
}

export interface LedgerFixture {
  env: CommentTestEnv;
  root: string;
  comments: StoredComment[];
  ledger: PublishedLedger;
  heads: SignedTreeHead[];
  /** Runs git in the tree. */
  git(...args: string[]): string;
  close(): Promise<void>;
}

function consultationsFile(dir: string): string {
  const file = join(dir, 'ledger-consultations.json');
  const data = buildPublishedData({
    generated: new Date(OPENS),
    site: { name: '测试市人民政府政务公开网站', url: 'https://gongkai.test.example', feedbackDays: 30, disclosureOffice: { name: '市政务公开办', email: 'gkb@example.gov.cn' } },
    consultations: [
      {
        id: LEDGER_CONSULTATION,
        body: '正文',
        data: {
          title: '北京市人民防空工程平时利用管理办法（征求意见稿）',
          department: 'bj-rfb',
          policyAreas: ['shehui-guanli'],
          stage: '草案审议',
          kind: '行政规范性文件',
          opens: new Date(OPENS),
          closes: new Date(CLOSES),
          channels: { online: true, email: 'rfb-zhengji@example.gov.cn' },
          articleComments: false,
        },
      },
    ],
    departments: new Map([['bj-rfb', { name: '市人防办', email: 'rfb@example.gov.cn' }]]),
    policyAreas: new Map([['shehui-guanli', { name: '社会管理' }]]),
    feedback: new Map(),
  });
  writeFileSync(file, JSON.stringify(data));
  return file;
}

/** Stores one comment through the intake at the env's clock. */
export async function storeOne(env: CommentTestEnv, text: string, n: number, attachment?: Uint8Array): Promise<StoredComment> {
  const c = (await runtime().consultations()).byId.get(LEDGER_CONSULTATION)!;
  const { createHash } = await import('node:crypto');
  const result = await storeComment({
    consultation: c,
    fields: { consultation: c.id, article: null, text, name: null, contact: null, submitterType: '个人', consent: true, formToken: null, dropAttachment: false },
    attachment: attachment ? { filename: '说明.pdf', kind: 'pdf', data: attachment, sha256: createHash('sha256').update(attachment).digest('hex') } : null,
    idempotencyKey: `ledger-fixture-key-${n}`,
    keyIssuedAt: env.clock.now,
    now: env.clock.now,
    receiptSalt: runtime().settings().receiptSalt,
    siteName: '测试市人民政府政务公开网站',
    siteUrl: null,
  });
  const r = result.record;
  return { receipt: r.receipt, code: r.verificationCode, receivedAt: r.receivedAt, text: r.text, commitment: r.ledgerCommitment! };
}

/** 5 comments on day one, 4 on day two, 3 (one with an attachment) on day three, then the close: 4 heads, 12 entries. */
export async function makeLedgerFixture(edit: (tree: TreeEditor) => void = () => {}): Promise<LedgerFixture> {
  const env = await startCommentEnv({ LEDGER_SIGNING_KEY: '', RECEIPT_SALT: 'ledger-test-receipt-salt' });
  process.env.GONGKAI_CONSULTATIONS_FILE = consultationsFile(env.dir);
  const comments: StoredComment[] = [];
  let n = 0;
  const day = async (at: string, count: number, withAttachment = false) => {
    env.clock.now = new Date(at);
    for (let i = 0; i < count; i++) {
      env.advance(60);
      const pdf = withAttachment && i === 0 ? new TextEncoder().encode('%PDF-1.4\n%%EOF\n') : undefined;
      comments.push(await storeOne(env, `第 ${++n} 条网上意见：建议明确人防工程的管理责任。`, n, pdf));
    }
    await runLedgerHeads();
  };
  await day('2020-07-30T10:00:00+08:00', 5);
  await day('2020-08-10T10:00:00+08:00', 4);
  await day('2020-08-20T10:00:00+08:00', 3, true);
  env.clock.now = new Date('2020-08-29T02:00:00+08:00');
  await runLedgerHeads();
  const published = await ledgerFor(LEDGER_CONSULTATION);
  if (!('ledger' in published)) throw new Error(`no ledger: ${published.message}`);
  const { ledger, heads } = published;

  const root = makeBrokenTree((t) => {
    t.replace(FEEDBACK_FILE, 'respondents: 14', `respondents: 14\nledgerCount: ${ledger.count}\nledgerRoot: ${ledger.root}`);
    edit(t);
  });
  const written = writePublishedLedger(join(root, LEDGERS_PATH), ledger, heads, signingKeyEntry(ledgerSigner(), '2020-07-29'));
  if (written.refused.length) throw new Error(JSON.stringify(written.refused));
  const git = (...args: string[]) => execFileSync('git', ['-C', root, '-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { encoding: 'utf8' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'published ledger');
  return {
    env,
    root,
    comments,
    ledger,
    heads,
    git,
    close: async () => {
      await env.close();
      const { rmSync } = await import('node:fs');
      rmSync(root, { recursive: true, force: true });
    },
  };
}
