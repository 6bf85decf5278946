/**
 * The comment ledger against the party it exists to keep honest. A real ledger (intake →
 * signed heads on three days and at close → published files in a git-committed content
 * tree) is tampered with in each way an operator could: drop, add, edit content, re-key,
 * force-republish. Each must be caught by the standalone verifier (run as a separate
 * program on the machine's own Node) and by the build's ledger check.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLedgers } from '../../src/build/check-ledgers.ts';
import { headFile, LEDGERS_PATH, ledgerFile, readPublishedLedger, readSigningKeys, SIGNING_KEYS_FILE } from '../../src/build/ledger-files.ts';
import {
  bytesToHex,
  checkLedger,
  consistencyProof,
  entryLeafHash,
  headMessage,
  keyIdOf,
  selfTest,
  treeRoot,
  WORKED_EXAMPLE,
  type LedgerEntry,
  type PublishedLedger,
  type SignedTreeHead,
} from '../../src/lib/ledger/verify-ledger.mjs';
import { ledgerFor, runLedgerHeads } from '../../src/server/comment-endpoints.ts';
import { commentsStore } from '../../src/server/comment-stores.ts';
import { ledgerSigner } from '../../src/server/ledger-signing.ts';
import { FEEDBACK_FILE, LEDGER_CONSULTATION, makeLedgerFixture, type LedgerFixture } from '../helpers/ledger.ts';

const REPO = resolve(import.meta.dirname, '../..');
const VERIFIER = join(REPO, 'src/lib/ledger/verify-ledger.mjs');
/** The machine's own Node (v20 here), not the project's Node 24: the verifier must run on what people have. */
const SYSTEM_NODE = '/usr/bin/node';
const ID = LEDGER_CONSULTATION;

let fx: LedgerFixture;
let dir: string;
let standalone: string;

beforeAll(async () => {
  fx = await makeLedgerFixture();
  dir = join(fx.root, LEDGERS_PATH);
  // The verifier as people get it: one file, alone in a folder, no project around it.
  const alone = mkdtempSync(join(tmpdir(), 'gongkai-verifier-'));
  standalone = join(alone, 'verify-ledger.mjs');
  copyFileSync(VERIFIER, standalone);
}, 60_000);
afterAll(async () => {
  await fx?.close();
  if (standalone) rmSync(resolve(standalone, '..'), { recursive: true, force: true });
});

/** Puts the tree back as committed. */
function restore() {
  fx.git('checkout', '-q', '--', '.');
  fx.git('clean', '-qfd');
}

function verify(...args: string[]) {
  const run = spawnSync(SYSTEM_NODE, [standalone, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

const errorsOf = async () => (await checkLedgers(fx.root)).filter((p) => p.severity === 'error').map((p) => p.text);

const saved = (sequence: number) => {
  const file = join(fx.env.dir, `saved-head-${sequence}.json`);
  writeFileSync(file, JSON.stringify(fx.heads[sequence - 1]));
  return file;
};

/**
 * What someone holding the signing key can do: rewrite the entries and re-sign every head
 * so that the files agree with each other again.
 */
function forge(entries: LedgerEntry[], signWith: (head: Omit<SignedTreeHead, 'signature' | 'keyId'>) => SignedTreeHead = (h) => ledgerSigner().sign(h)) {
  const leaves = entries.map(entryLeafHash);
  const heads: SignedTreeHead[] = [];
  fx.heads.forEach((h, i) => {
    const size = i === fx.heads.length - 1 ? entries.length : Math.min(h.treeSize, entries.length);
    const signed = signWith({ version: 1, consultation: ID, sequence: h.sequence, treeSize: size, timestamp: h.timestamp, root: bytesToHex(treeRoot(leaves.slice(0, size))), final: h.final });
    const prev = heads[i - 1];
    heads.push({ ...signed, consistency: prev ? { fromSequence: prev.sequence, fromTreeSize: prev.treeSize, proof: consistencyProof(prev.treeSize, leaves.slice(0, size)).map(bytesToHex) } : null });
  });
  const ledger: PublishedLedger = { ...fx.ledger, entries, count: entries.length, root: heads.at(-1)!.root };
  writeFileSync(join(dir, ledgerFile(ID)), `${JSON.stringify(ledger, null, 2)}\n`);
  for (const h of heads) writeFileSync(join(dir, headFile(ID, h.sequence)), `${JSON.stringify(h, null, 2)}\n`);
  return { ledger, heads };
}

const ledgerPath = () => join(dir, ledgerFile(ID));

describe('the standalone verifier', () => {
  it('passes its self-test on the machine’s Node (RFC 6962 and RFC 8032 vectors), as a lone file', () => {
    const version = execFileSync(SYSTEM_NODE, ['--version'], { encoding: 'utf8' }).trim();
    expect(Number(/^v(\d+)/.exec(version)?.[1])).toBeGreaterThanOrEqual(18);
    const run = verify('--self-test');
    expect(run.status, run.out).toBe(0);
    expect(run.out).toContain('self-test passed');
  });

  it('its self-test fails when the tree hashing is wrong (it can fail)', () => {
    const broken = join(resolve(standalone, '..'), 'broken.mjs');
    // Node hash prefix 0x01 → 0x02: every reference root of two or more leaves must then differ.
    writeFileSync(broken, readFileSync(standalone, 'utf8').replace('const NODE_PREFIX = Uint8Array.of(0x01);', 'const NODE_PREFIX = Uint8Array.of(0x02);'));
    const run = spawnSync(SYSTEM_NODE, [broken, '--self-test'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('FAIL root of the first 2 reference leaves');
  });

  it('the worked example of the public guide is what an independent implementation computes', async () => {
    const sha = (...parts: (string | Buffer)[]) => createHash('sha256').update(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)))).digest('hex');
    const w = WORKED_EXAMPLE;
    expect(sha(w.input.text)).toBe(w.textSha256);
    expect(sha(['gongkai-ledger-v2', w.input.consultation, w.input.receipt, w.input.receivedAt, w.textSha256, '-'].join('\n'))).toBe(w.commitment);
    expect(sha(Buffer.from([0]), Buffer.from(w.code, 'hex'), Buffer.from(w.commitment, 'hex'))).toBe(w.leafHash);
    const guide = readFileSync(join(REPO, 'docs/verify-receipts.md'), 'utf8');
    for (const value of [w.textSha256, w.commitment, w.leafHash]) expect(guide).toContain(value);
    expect(await selfTest()).toEqual([]);
  });
});

describe('a ledger made by the site', () => {
  it('has four signed heads (three days and the close) over the 12 stored comments, and passes every check', async () => {
    expect(fx.heads.map((h) => [h.treeSize, h.final])).toEqual([
      [5, false],
      [9, false],
      [12, false],
      [12, true],
    ]);
    expect(fx.ledger).toMatchObject({ count: 12, final: true, heads: 4 });
    expect(JSON.stringify(fx.ledger)).not.toMatch(/YJ-/);
    expect(await errorsOf()).toEqual([]);
    const keys = readSigningKeys(dir)!;
    const { ledger, heads } = readPublishedLedger(dir, ID);
    expect(await checkLedger(ledger, heads, keys)).toMatchObject({ ok: true, count: 12 });
  });

  it('each head was mailed to the disclosure office as it was made, the signed JSON in the mail', () => {
    const mails = fx.env.smtp.mails.filter((m) => m.envelopeTo.includes('gkb@example.gov.cn'));
    expect(mails.map((m) => m.parsed.subject)).toEqual([1, 2, 3, 4].map((n) => `【核验码清单】北京市人民防空工程平时利用管理办法（征求意见稿） 第 ${n} 号签名树头`));
    mails.forEach((m, i) => {
      const json = (m.parsed.text ?? '').split('----- 签名树头（JSON）-----')[1] ?? '';
      expect(JSON.parse(json)).toEqual(fx.heads[i]);
    });
  });

  it('the verifier finds each code under the head it was first included in, with its content commitment', () => {
    const third = fx.comments[6]!; // received on day two
    const textFile = join(fx.env.dir, 'my-comment.txt');
    writeFileSync(textFile, third.text);
    const run = verify(ledgerPath(), '--code', third.code.toUpperCase().match(/.{8}/g)!.join(' '), '--head', saved(1), '--receipt', third.receipt, '--received-at', third.receivedAt, '--text-file', textFile);
    expect(run.status, run.out).toBe(0);
    expect(run.out).toContain('第 7 条, 首次纳入第 2 号树头');
    expect(run.out).toContain('与您的意见一致');
    expect(run.out).toContain('被当前树头延续');
    expect(verify(ledgerPath(), '--code', 'f'.repeat(64)).status).toBe(1);
  });

  it('no head is signed and no ledger given while a stored comment is missing, edited or its code does not recompute', async () => {
    const store = commentsStore();
    const victim = fx.comments[3]!;
    const key = `comments/${ID}/${victim.receipt}`;
    const record = (await store.get(key, { type: 'json' })) as Record<string, unknown>;
    try {
      await store.setJSON(key, { ...record, text: '' }); // blanked
      expect(await ledgerFor(ID)).toMatchObject({ status: 500, problems: [{ kind: 'content-changed', receipt: victim.receipt }] });
      await store.setJSON(key, { ...record, verificationCode: 'a'.repeat(64) });
      expect(await ledgerFor(ID)).toMatchObject({ status: 500, problems: [{ kind: 'code-mismatch', receipt: victim.receipt }] });
      await store.delete(key);
      expect(await ledgerFor(ID)).toMatchObject({ status: 500, problems: [{ kind: 'record-missing', receipt: victim.receipt }] });
      // Another RECEIPT_SALT: none of the codes people were given recompute.
      await store.setJSON(key, record);
      process.env.RECEIPT_SALT = 'another-salt';
      const rekeyed = await ledgerFor(ID);
      expect(rekeyed).toMatchObject({ status: 500 });
      expect('problems' in rekeyed && rekeyed.problems?.filter((p) => p.kind === 'code-mismatch')).toHaveLength(12);
    } finally {
      process.env.RECEIPT_SALT = 'ledger-test-receipt-salt';
      await store.setJSON(key, record);
    }
    expect(await ledgerFor(ID)).toHaveProperty('ledger');
  });

  it('after the final head, the head job leaves the log alone', async () => {
    fx.env.clock.now = new Date('2020-09-05T10:00:00+08:00');
    expect((await runLedgerHeads()).find((o) => o.consultation === ID)).toMatchObject({ outcome: 'not-due' });
  });
});

describe('each tampering is caught by the standalone verifier and by the build', () => {
  it('drop: a code removed and every head re-signed', async () => {
    try {
      forge(fx.ledger.entries.filter((_, i) => i !== 2));
      // Internally consistent again, so only an earlier head shows it: the disclosure office's mail, a person's copy.
      const run = verify(ledgerPath(), '--head', saved(1));
      expect(run.status).toBe(1);
      expect(run.out).toContain('与当前树头不一致');
      expect(verify(ledgerPath(), '--code', fx.comments[2]!.code).out).toContain('code NOT in the ledger');
      const errors = await errorsOf();
      expect(errors.join('\n')).toContain('已公布的签名树头被改动');
      expect(errors.join('\n')).toContain('征集截止后的最终清单被改动');
      expect(errors.some((e) => e.includes(FEEDBACK_FILE) && e.includes('ledgerRoot'))).toBe(true);
    } finally {
      restore();
    }
  });

  it('add: an invented code appended and the final head re-signed', async () => {
    try {
      forge([...fx.ledger.entries, { code: 'c'.repeat(64), commitment: 'd'.repeat(64) }]);
      const run = verify(ledgerPath(), '--head', saved(4));
      expect(run.status).toBe(1);
      expect(run.out).toContain('与当前树头不一致');
      const errors = (await errorsOf()).join('\n');
      expect(errors).toContain('征集截止后的最终清单被改动');
      expect(errors).toContain('ledgerCount');
    } finally {
      restore();
    }
  });

  it('edit content: a comment’s commitment replaced (its text rewritten) and the heads re-signed', async () => {
    const victim = fx.comments[8]!;
    try {
      const entries = fx.ledger.entries.map((e) => (e.code === victim.code ? { ...e, commitment: createHash('sha256').update('rewritten').digest('hex') } : e));
      forge(entries);
      const textFile = join(fx.env.dir, 'victim.txt');
      writeFileSync(textFile, victim.text);
      const run = verify(ledgerPath(), '--code', victim.code, '--receipt', victim.receipt, '--received-at', victim.receivedAt, '--text-file', textFile, '--head', saved(2));
      expect(run.status).toBe(1);
      expect(run.out).toContain('DOES NOT MATCH');
      expect((await errorsOf()).join('\n')).toContain('已公布的签名树头被改动');
    } finally {
      restore();
    }
  });

  it('re-key: heads re-signed with another key added to the published key list', async () => {
    try {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const raw = Buffer.from(String(publicKey.export({ format: 'jwk' }).x), 'base64url');
      const id = keyIdOf(raw);
      const keysFile = join(dir, SIGNING_KEYS_FILE);
      const keys = JSON.parse(readFileSync(keysFile, 'utf8')) as { keys: unknown[] };
      writeFileSync(keysFile, JSON.stringify({ ...keys, keys: [...keys.keys, { id, publicKey: raw.toString('base64'), from: '2020-09-01' }] }));
      forge(fx.ledger.entries.slice(1), (h) => ({ ...h, keyId: id, signature: sign(null, headMessage(h), privateKey).toString('base64') }) as SignedTreeHead);
      // Pinned to the key published when the person saved their receipt.
      const run = verify(ledgerPath(), '--public-key', ledgerSigner().publicKey);
      expect(run.status).toBe(1);
      expect(run.out).toContain('signature does not verify');
      expect((await errorsOf()).join('\n')).toContain('已公布的签名树头被改动');
    } finally {
      restore();
    }
  });

  it('force-republish: the ledger file replaced without new signatures, and a head file deleted', async () => {
    try {
      const changed = { ...fx.ledger, entries: fx.ledger.entries.slice(0, 11), count: 11 };
      writeFileSync(ledgerPath(), JSON.stringify(changed));
      const run = verify(ledgerPath());
      expect(run.status).toBe(1);
      expect(run.out).toMatch(/head-root|count/);
      rmSync(join(dir, headFile(ID, 2)));
      const errors = (await errorsOf()).join('\n');
      expect(errors).toContain('已公布的文件被删除');
      expect(errors).toContain('签名树头的条数多于清单');
      // Even a commit of the change does not help: history keeps the published version.
      fx.git('add', '-A');
      fx.git('-c', 'user.name=x', '-c', 'user.email=x@example.com', 'commit', '-qm', 'republish');
      expect((await errorsOf()).join('\n')).toContain('已公布的文件被删除');
      fx.git('reset', '-q', '--hard', 'HEAD~1');
    } finally {
      restore();
    }
    expect(await errorsOf()).toEqual([]);
  });

  it('a ledger for a consultation without online submission, or a feedback figure that differs, fails the build', async () => {
    try {
      const consultation = `content/consultations/${ID}.md`;
      writeFileSync(join(fx.root, consultation), readFileSync(join(fx.root, consultation), 'utf8').replace('  online: true', '  online: false'));
      expect((await errorsOf()).join('\n')).toContain('不接受网上提交，不应有核验码清单');
      restore();
      writeFileSync(join(fx.root, FEEDBACK_FILE), readFileSync(join(fx.root, FEEDBACK_FILE), 'utf8').replace('  online: 12', '  online: 11'));
      expect((await errorsOf()).join('\n')).toContain('网上提交的意见数应与核验码清单条数 12 一致');
    } finally {
      restore();
    }
  });

  it('production refuses a ledger signed with the built-in local key', async () => {
    const problems = await checkLedgers(fx.root, undefined, { production: true });
    expect(problems.map((p) => p.text).join('\n')).toContain('不能使用程序内置的本地签名密钥');
    expect(() => ledgerSigner({ CONTEXT: 'production' })).toThrow(/LEDGER_SIGNING_KEY/);
    expect(() => ledgerSigner({ LEDGER_SIGNING_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/32 bytes/);
  });
});
