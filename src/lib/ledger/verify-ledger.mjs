#!/usr/bin/env node
/**
 * 核验码清单独立核验程序 — the standalone verifier of the published comment ledgers.
 *
 * One file, no dependencies. It runs with Node.js 18 or later and in a browser (the
 * /receipts/ page loads this same file from /verify-ledger.mjs). It checks:
 *   - the Merkle tree hash (RFC 6962 §2.1: leaf hash SHA-256(0x00‖d), node hash SHA-256(0x01‖l‖r));
 *   - that a verification code is included under a signed tree head (audit path, RFC 6962 §2.1.1);
 *   - that a later tree head extends an earlier one (consistency proof, RFC 6962 §2.1.2);
 *   - the Ed25519 signature of every tree head against the published public key.
 *
 * Usage (Node.js):
 *   node verify-ledger.mjs --self-test
 *   node verify-ledger.mjs <ledger file or URL> [--code <核验码>] [--head <saved head file or URL>]
 *        [--keys <signing-keys file or URL> | --public-key <base64>]
 *        [--receipt <回执编号> --received-at <接收时间> --text-file <意见全文.txt> [--attachment <附件文件>]]
 * Exit status 0 when every requested check passes, 1 otherwise.
 *
 * The site also uses this file: its build checks every published ledger with it,
 * so the site and anyone checking it run the same code.
 */

const TEXT = new TextEncoder();
const HEX64 = /^[0-9a-f]{64}$/;

// ---------------------------------------------------------------- bytes and SHA-256

export function utf8(text) {
  return TEXT.encode(text);
}

export function hexToBytes(hex) {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || /[^0-9a-fA-F]/.test(hex)) throw new RangeError('not hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function bytesToHex(bytes) {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

export function base64ToBytes(b64) {
  const clean = String(b64).replace(/-/g, '+').replace(/_/g, '/').replace(/\s+/g, '');
  const bin = atob(clean + '='.repeat((4 - (clean.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

export function bytesToBase64(bytes) {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function equalBytes(a, b) {
  if (!a || !b || a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** SHA-256 (FIPS 180-4), synchronous, so the same code runs in Node and in browsers. */
export function sha256(data) {
  const bytes = typeof data === 'string' ? utf8(data) : data;
  const bitLength = bytes.length * 8;
  const padded = new Uint8Array(Math.ceil((bytes.length + 9) / 64) * 64);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15], b = w[i - 2];
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + K[i] + w[i]) >>> 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) >>> 0;
      hh = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) outView.setUint32(i * 4, h[i]);
  return out;
}

export function sha256Hex(data) {
  return bytesToHex(sha256(data));
}

// ---------------------------------------------------------------- RFC 6962 Merkle tree

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** MTH({d}) = SHA-256(0x00 ‖ d) */
export function leafHash(leafData) {
  return sha256(concat(LEAF_PREFIX, leafData));
}

/** SHA-256(0x01 ‖ left ‖ right) */
export function nodeHash(left, right) {
  return sha256(concat(NODE_PREFIX, left, right));
}

/** The largest power of two smaller than n (n > 1). */
function splitPoint(n) {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Merkle tree hash of a list of LEAF HASHES (RFC 6962 §2.1); the empty tree hashes to SHA-256(""). */
export function treeRoot(leafHashes) {
  const n = leafHashes.length;
  if (n === 0) return sha256(new Uint8Array(0));
  if (n === 1) return leafHashes[0];
  const k = splitPoint(n);
  return nodeHash(treeRoot(leafHashes.slice(0, k)), treeRoot(leafHashes.slice(k)));
}

/** PATH(m, D[n]): the audit path of leaf m (RFC 6962 §2.1.1). */
export function inclusionProof(index, leafHashes) {
  const n = leafHashes.length;
  if (!(index >= 0 && index < n)) throw new RangeError('leaf index out of range');
  if (n === 1) return [];
  const k = splitPoint(n);
  if (index < k) return [...inclusionProof(index, leafHashes.slice(0, k)), treeRoot(leafHashes.slice(k))];
  return [...inclusionProof(index - k, leafHashes.slice(k)), treeRoot(leafHashes.slice(0, k))];
}

/** PROOF(m, D[n]): consistency of the first m leaves with all n (RFC 6962 §2.1.2). */
export function consistencyProof(m, leafHashes) {
  const n = leafHashes.length;
  if (!(m >= 0 && m <= n)) throw new RangeError('tree size out of range');
  if (m === 0 || m === n) return [];
  return subProof(m, leafHashes, true);
}

function subProof(m, leaves, complete) {
  const n = leaves.length;
  if (m === n) return complete ? [] : [treeRoot(leaves)];
  const k = splitPoint(n);
  if (m <= k) return [...subProof(m, leaves.slice(0, k), complete), treeRoot(leaves.slice(k))];
  return [...subProof(m - k, leaves.slice(k), false), treeRoot(leaves.slice(0, k))];
}

const isHash = (h) => h instanceof Uint8Array && h.length === 32;

/** Right-shifts fn and sn together until fn is odd or 0 (the inner step of both RFC 9162 verifications). */
function shiftWhileEven(fn, sn) {
  while (fn % 2 === 0 && fn !== 0) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return [fn, sn];
}

/** The root an audit path leads to (RFC 9162 §2.1.3.2), or null when the path cannot be right. */
export function rootFromInclusionProof(index, size, leaf, proof) {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return null;
  if (!isHash(leaf) || !Array.isArray(proof) || !proof.every(isHash)) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      [fn, sn] = shiftWhileEven(fn, sn);
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

export function verifyInclusion(index, size, leaf, proof, root) {
  const r = rootFromInclusionProof(index, size, leaf, proof);
  return r !== null && equalBytes(r, root);
}

/** Whether `proof` shows that the tree (size2, root2) extends the tree (size1, root1) (RFC 9162 §2.1.4.2). */
export function verifyConsistency(size1, size2, root1, root2, proof) {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 0 || size2 < size1) return false;
  if (!Array.isArray(proof) || !proof.every(isHash)) return false;
  if (size1 === size2) return proof.length === 0 && isHash(root1) && equalBytes(root1, root2);
  if (size1 === 0) return proof.length === 0;
  if (proof.length === 0 || !isHash(root1) || !isHash(root2)) return false;
  const path = (size1 & (size1 - 1)) === 0 ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      [fn, sn] = shiftWhileEven(fn, sn);
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equalBytes(fr, root1) && equalBytes(sr, root2);
}

// ---------------------------------------------------------------- the ledger's own encoding

export const LEDGER_VERSION = 2;
export const HEAD_VERSION = 1;

/**
 * What a leaf commits to besides the code: the consultation, the receipt number, the time
 * the comment was received, a SHA-256 of its text and the SHA-256 of its attachment.
 * The receipt number is not public, so nobody can test guessed texts against it.
 */
export function commitmentOf({ consultation, receipt, receivedAt, text, attachmentSha256 }) {
  const lines = ['gongkai-ledger-v2', consultation, receipt, receivedAt, sha256Hex(utf8(text)), attachmentSha256 || '-'];
  return sha256Hex(utf8(lines.join('\n')));
}

/** Leaf data: the 32 bytes of the code followed by the 32 bytes of the commitment (raw bytes, not hex text). */
export function entryLeafHash(entry) {
  return leafHash(concat(hexToBytes(entry.code), hexToBytes(entry.commitment)));
}

/** The exact bytes a tree head's signature covers (UTF-8, lines separated by \n, no trailing newline). */
export function headMessage(head) {
  return utf8(['gongkai-tree-head-v1', head.consultation, String(head.sequence), String(head.treeSize), head.timestamp, head.root, head.final ? 'final' : 'open'].join('\n'));
}

/** Key id: the first 16 hex digits of SHA-256 of the 32-byte public key. */
export function keyIdOf(publicKey) {
  return sha256Hex(publicKey).slice(0, 16);
}

const isNode = typeof process === 'object' && process !== null && typeof process.versions === 'object' && typeof process.versions.node === 'string';

/** Ed25519 signature check (RFC 8032): node:crypto in Node.js, Web Crypto in browsers. */
export async function verifyEd25519(publicKey, message, signature) {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32 || !(signature instanceof Uint8Array) || signature.length !== 64) return false;
  if (isNode) {
    const { createPublicKey, verify } = await import('node:crypto');
    const x = bytesToBase64(publicKey).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    return verify(null, message, key, signature);
  }
  const key = await globalThis.crypto.subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
  return globalThis.crypto.subtle.verify({ name: 'Ed25519' }, key, signature, message);
}

/** Whether a tree head is signed by one of the published keys (its keyId picks the key). */
export async function verifyHeadSignature(head, keys) {
  const key = (keys?.keys ?? []).find((k) => k.id === head.keyId);
  if (!key) return false;
  const publicKey = base64ToBytes(key.publicKey);
  if (keyIdOf(publicKey) !== key.id) return false;
  return verifyEd25519(publicKey, headMessage(head), base64ToBytes(head.signature ?? ''));
}

/** Where a code sits in the ledger (0-based), or -1. */
export function indexOfCode(ledger, code) {
  const hex = normaliseCode(code);
  return hex ? ledger.entries.findIndex((e) => e.code === hex) : -1;
}

/** 64 hex digits as people copy them: any case, spaces or hyphens between groups. */
export function normaliseCode(input) {
  const hex = String(input ?? '').normalize('NFKC').replace(/[\s-]/g, '').toLowerCase();
  return HEX64.test(hex) ? hex : null;
}

function headShapeProblem(head) {
  if (!head || typeof head !== 'object') return 'not an object';
  if (head.version !== HEAD_VERSION) return 'version';
  if (typeof head.consultation !== 'string' || !Number.isSafeInteger(head.sequence) || head.sequence < 1) return 'sequence';
  if (!Number.isSafeInteger(head.treeSize) || head.treeSize < 0) return 'treeSize';
  if (typeof head.timestamp !== 'string' || !HEX64.test(head.root ?? '') || typeof head.keyId !== 'string' || typeof head.signature !== 'string') return 'fields';
  if (typeof head.final !== 'boolean') return 'final';
  return null;
}

/**
 * Checks a published ledger and its tree heads completely:
 *   every entry well formed and every code unique; each head's signature; each head's root
 *   equal to the tree of the first treeSize entries; each head's consistency proof from the
 *   previous head; sizes and times never going back; only the last head final; the ledger's
 *   count and root equal to its last head.
 * Returns { ok, problems: [{ code, detail }], count, root, leafHashes }.
 */
export async function checkLedger(ledger, heads, keys) {
  const problems = [];
  const say = (code, detail) => problems.push({ code, detail });
  if (!ledger || ledger.version !== LEDGER_VERSION || !Array.isArray(ledger.entries)) {
    say('ledger-format', 'not a version 2 ledger');
    return { ok: false, problems, count: 0, root: '', leafHashes: [] };
  }
  const seen = new Set();
  const leafHashes = [];
  ledger.entries.forEach((e, i) => {
    if (!e || !HEX64.test(e.code ?? '') || !HEX64.test(e.commitment ?? '')) {
      say('entry-format', `entry ${i + 1}`);
      leafHashes.push(new Uint8Array(32));
      return;
    }
    if (seen.has(e.code)) say('duplicate-code', `entry ${i + 1}`);
    seen.add(e.code);
    leafHashes.push(entryLeafHash(e));
  });
  if (!Array.isArray(heads) || heads.length === 0) say('no-head', 'the ledger has no signed tree head');
  let previous = null;
  for (const [i, head] of (heads ?? []).entries()) {
    const label = `head ${i + 1}`;
    const shape = headShapeProblem(head);
    if (shape) {
      say('head-format', `${label}: ${shape}`);
      previous = null;
      continue;
    }
    if (head.consultation !== ledger.consultation) say('head-consultation', label);
    if (head.sequence !== i + 1) say('head-sequence', `${label} has sequence ${head.sequence}`);
    if (!(await verifyHeadSignature(head, keys))) say('signature', `${label}: signature does not verify`);
    if (head.treeSize > leafHashes.length) say('head-size', `${label} covers ${head.treeSize} entries, the ledger has ${leafHashes.length}`);
    else if (bytesToHex(treeRoot(leafHashes.slice(0, head.treeSize))) !== head.root) say('head-root', `${label}: root differs from the first ${head.treeSize} entries`);
    if (head.final && i !== heads.length - 1) say('head-after-final', label);
    if (previous) {
      if (head.treeSize < previous.treeSize) say('head-shrinks', label);
      if (head.timestamp < previous.timestamp) say('head-time', label);
      const c = head.consistency;
      const proofOk = c && c.fromSequence === previous.sequence && c.fromTreeSize === previous.treeSize && Array.isArray(c.proof) && c.proof.every((h) => HEX64.test(h))
        && verifyConsistency(previous.treeSize, head.treeSize, hexToBytes(previous.root), hexToBytes(head.root), c.proof.map(hexToBytes));
      if (!proofOk) say('consistency', `${label} is not shown to extend head ${i}`);
    }
    previous = head;
  }
  const last = heads?.[heads.length - 1];
  if (last && !headShapeProblem(last)) {
    if (ledger.count !== last.treeSize || ledger.entries.length !== last.treeSize) say('count', `count ${ledger.count}, entries ${ledger.entries.length}, last head ${last.treeSize}`);
    if (ledger.root !== last.root) say('root', 'the ledger root is not the last head root');
    if (Boolean(ledger.final) !== last.final) say('final', 'final flag differs from the last head');
  }
  return { ok: problems.length === 0, problems, count: leafHashes.length, root: bytesToHex(treeRoot(leafHashes)), leafHashes };
}

/**
 * Everything a submitter wants to know about one code: included (position, under which head,
 * audit path checked against that head's signed root) and, given a head saved earlier,
 * whether the current head extends it.
 */
export async function checkCode(ledger, heads, keys, code, options = {}) {
  const full = await checkLedger(ledger, heads, keys);
  const result = { ledgerOk: full.ok, problems: full.problems, count: full.count, included: false, position: -1, head: null, inclusionOk: false, savedHeadOk: null, commitmentOk: null };
  const hex = normaliseCode(code);
  if (!hex) return { ...result, badCode: true };
  const index = ledger.entries.findIndex((e) => e.code === hex);
  if (index >= 0) {
    result.included = true;
    result.position = index + 1;
    const head = heads.find((h) => h.treeSize > index) ?? null;
    result.head = head;
    const latest = heads[heads.length - 1];
    if (latest && latest.treeSize > index) {
      const size = latest.treeSize;
      const proof = inclusionProof(index, full.leafHashes.slice(0, size));
      result.inclusionOk = verifyInclusion(index, size, full.leafHashes[index], proof, hexToBytes(latest.root)) && (await verifyHeadSignature(latest, keys));
    }
    if (options.commitment) result.commitmentOk = ledger.entries[index].commitment === commitmentOf(options.commitment);
  }
  if (options.savedHead) result.savedHeadOk = await checkSavedHead(full.leafHashes, heads, keys, options.savedHead);
  return result;
}

/** A head someone saved earlier must be signed, and the current last head must extend it. */
export async function checkSavedHead(leafHashes, heads, keys, saved) {
  if (headShapeProblem(saved) || !(await verifyHeadSignature(saved, keys))) return false;
  const latest = heads[heads.length - 1];
  if (!latest || saved.treeSize > latest.treeSize) return false;
  // Nothing may follow a final head: the current one must be that very head.
  if (saved.final && (latest.treeSize !== saved.treeSize || latest.root !== saved.root)) return false;
  const proof = consistencyProof(saved.treeSize, leafHashes.slice(0, latest.treeSize));
  return verifyConsistency(saved.treeSize, latest.treeSize, hexToBytes(saved.root), hexToBytes(latest.root), proof);
}

/** Head file addresses of a ledger: <ledger without .json>/heads/<sequence>.json */
export function headUrls(ledgerUrl, ledger) {
  const base = String(ledgerUrl).replace(/\.json(\?.*)?$/, '');
  return Array.from({ length: ledger.heads ?? 0 }, (_, i) => `${base}/heads/${i + 1}.json`);
}

/** The signing keys beside the ledgers: <folder of the ledger>/signing-keys.json */
export function keysUrl(ledgerUrl) {
  return String(ledgerUrl).replace(/[^/]*$/, 'signing-keys.json');
}

// ---------------------------------------------------------------- self-test (RFC 6962 / Certificate Transparency vectors)

/** The reference data of the Certificate Transparency Merkle tree tests: 8 leaf inputs, roots of sizes 0–8. */
const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
/** [leaf index (1-based as in the reference), tree size, audit path] */
const CT_INCLUSION = [
  [1, 1, []],
  [1, 8, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
  [6, 8, ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
  [3, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [2, 5, ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
];
/** [size 1, size 2, consistency proof] */
const CT_CONSISTENCY = [
  [1, 1, []],
  [1, 8, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
  [6, 8, ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
  [2, 5, ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
  [6, 7, ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
];
/** RFC 8032 §7.1, test 1 (empty message). */
const ED25519_TEST_1 = {
  publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
  signature: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
};
/** The worked example of the public guide (docs/verify-receipts.md): the values it prints. */
export const WORKED_EXAMPLE = {
  input: { consultation: 'shili-zhengji', receipt: 'YJ-20261128-7K3Q-9F2M', receivedAt: '2026-11-28T10:15:00+08:00', text: '建议延长公示期。', attachmentSha256: '' },
  code: '3f1c0a8e5b7d2c4e6f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6',
  textSha256: '7456535edda427279e1e43d8c8c389815dd44aef8a36e1780263862410b03468',
  commitment: 'bbcb6c9242cc29c5da7b4335a1f9e1e524ca264d07e1b3522cc61b30696fab67',
  leafHash: '4f87954c0cf992f235a6aa676b6520b39f646e23fd831c49da8acb70353d8731',
};

/** Runs the reference vectors; returns the list of failures (empty = passed). */
export async function selfTest() {
  const failures = [];
  const expect = (ok, what) => {
    if (!ok) failures.push(what);
  };
  expect(sha256Hex(utf8('abc')) === 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'SHA-256("abc") (FIPS 180-4)');
  expect(sha256Hex(utf8('a'.repeat(1000))) === '41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3', 'SHA-256 of 1000 bytes');
  const leaves = CT_LEAVES.map((h) => leafHash(hexToBytes(h)));
  for (let n = 0; n <= 8; n++) expect(bytesToHex(treeRoot(leaves.slice(0, n))) === CT_ROOTS[n], `root of the first ${n} reference leaves`);
  for (const [leaf, size, path] of CT_INCLUSION) {
    const index = leaf - 1;
    const proof = path.map(hexToBytes);
    const root = hexToBytes(CT_ROOTS[size]);
    expect(bytesToHex(concat(...inclusionProof(index, leaves.slice(0, size)))) === path.join(''), `audit path of leaf ${leaf} in ${size}`);
    expect(verifyInclusion(index, size, leaves[index], proof, root), `inclusion of leaf ${leaf} in ${size}`);
    expect(!verifyInclusion(index + 1, size, leaves[index], proof, root), `wrong index refused (${leaf}, ${size})`);
    expect(!verifyInclusion(index, size * 2, leaves[index], proof, root), `wrong size refused (${leaf}, ${size})`);
    expect(!verifyInclusion(index, size, leaves[index], [...proof, root], root), `trailing hash refused (${leaf}, ${size})`);
    expect(!verifyInclusion(index, size, leaves[index], proof, hexToBytes(CT_ROOTS[0])), `wrong root refused (${leaf}, ${size})`);
    for (let i = 0; i < proof.length; i++) {
      const bad = proof.map((p) => p.slice());
      bad[i][0] ^= 8;
      expect(!verifyInclusion(index, size, leaves[index], bad, root), `flipped bit in path[${i}] refused (${leaf}, ${size})`);
    }
    if (proof.length > 0) expect(!verifyInclusion(index, size, leaves[index], proof.slice(0, -1), root), `shortened path refused (${leaf}, ${size})`);
  }
  for (const [m, n, path] of CT_CONSISTENCY) {
    const proof = path.map(hexToBytes);
    const r1 = hexToBytes(CT_ROOTS[m]);
    const r2 = hexToBytes(CT_ROOTS[n]);
    expect(bytesToHex(concat(...consistencyProof(m, leaves.slice(0, n)))) === path.join(''), `consistency proof ${m}→${n}`);
    expect(verifyConsistency(m, n, r1, r2, proof), `consistency ${m}→${n}`);
    if (proof.length === 0) continue;
    expect(!verifyConsistency(m, n, r2, r1, proof), `swapped roots refused (${m}→${n})`);
    expect(!verifyConsistency(m + 1, n, r1, r2, proof), `wrong size1 refused (${m}→${n})`);
    expect(!verifyConsistency(m, n * 2, r1, r2, proof), `wrong size2 refused (${m}→${n})`);
    expect(!verifyConsistency(m, n, r1, r2, []), `empty proof refused (${m}→${n})`);
    expect(!verifyConsistency(m, n, r1, r2, proof.slice(0, -1)), `truncated proof refused (${m}→${n})`);
    expect(!verifyConsistency(m, n, r1, r2, [...proof, r2]), `trailing hash refused (${m}→${n})`);
    for (let i = 0; i < proof.length; i++) {
      const bad = proof.map((p) => p.slice());
      bad[i][0] ^= 16;
      expect(!verifyConsistency(m, n, r1, r2, bad), `flipped bit in proof[${i}] refused (${m}→${n})`);
    }
  }
  // Every pair of sizes up to 8: generated proofs verify (checks generation against verification).
  for (let n = 1; n <= 8; n++) {
    for (let m = 1; m <= n; m++) expect(verifyConsistency(m, n, hexToBytes(CT_ROOTS[m]), hexToBytes(CT_ROOTS[n]), consistencyProof(m, leaves.slice(0, n))), `generated consistency ${m}→${n}`);
    for (let i = 0; i < n; i++) expect(verifyInclusion(i, n, leaves[i], inclusionProof(i, leaves.slice(0, n)), hexToBytes(CT_ROOTS[n])), `generated inclusion ${i}/${n}`);
  }
  const pk = hexToBytes(ED25519_TEST_1.publicKey);
  const sig = hexToBytes(ED25519_TEST_1.signature);
  expect(await verifyEd25519(pk, new Uint8Array(0), sig), 'Ed25519 signature (RFC 8032 test 1)');
  const forged = sig.slice();
  forged[0] ^= 1;
  expect(!(await verifyEd25519(pk, new Uint8Array(0), forged)), 'altered Ed25519 signature refused');
  expect(!(await verifyEd25519(pk, Uint8Array.of(0x72), sig)), 'Ed25519 signature over another message refused');
  const w = WORKED_EXAMPLE;
  expect(sha256Hex(utf8(w.input.text)) === w.textSha256, 'worked example: text hash');
  expect(commitmentOf(w.input) === w.commitment, 'worked example: commitment');
  expect(bytesToHex(entryLeafHash({ code: w.code, commitment: w.commitment })) === w.leafHash, 'worked example: leaf hash');
  return failures;
}

// ---------------------------------------------------------------- command line

async function readSource(where) {
  if (/^https?:\/\//.test(where)) {
    const res = await fetch(where);
    if (!res.ok) throw new Error(`${where}: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  }
  const { readFile } = await import('node:fs/promises');
  return new Uint8Array(await readFile(where));
}

async function readJson(where) {
  return JSON.parse(new TextDecoder().decode(await readSource(where)));
}

function relativeTo(base, path) {
  if (/^https?:\/\//.test(base)) return new URL(path, base).href;
  return path;
}

async function main(argv) {
  const { parseArgs } = await import('node:util');
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'self-test': { type: 'boolean' },
      code: { type: 'string' },
      head: { type: 'string' },
      keys: { type: 'string' },
      'public-key': { type: 'string' },
      receipt: { type: 'string' },
      'received-at': { type: 'string' },
      'text-file': { type: 'string' },
      attachment: { type: 'string' },
    },
  });
  if (values['self-test']) {
    const failures = await selfTest();
    for (const f of failures) console.log(`FAIL ${f}`);
    console.log(failures.length === 0 ? '自检通过 / self-test passed (RFC 6962 and RFC 8032 reference vectors)' : `自检失败 / self-test FAILED: ${failures.length}`);
    return failures.length === 0 ? 0 : 1;
  }
  const ledgerAt = positionals[0];
  if (!ledgerAt) {
    console.log('用法 / usage: node verify-ledger.mjs --self-test | <ledger.json or URL> [--code <核验码>] [--head <saved head>] [--keys <signing-keys.json> | --public-key <base64>]');
    return 1;
  }
  const ledger = await readJson(ledgerAt);
  const local = !/^https?:\/\//.test(ledgerAt);
  const headSources = headUrls(local ? ledgerAt : new URL(ledgerAt).href, ledger);
  const heads = [];
  for (const h of headSources) heads.push(await readJson(local ? h : relativeTo(ledgerAt, h)));
  let keys;
  if (values['public-key']) {
    const pk = base64ToBytes(values['public-key']);
    keys = { algorithm: 'Ed25519', keys: [{ id: keyIdOf(pk), publicKey: values['public-key'] }] };
  } else keys = await readJson(values.keys ?? keysUrl(ledgerAt));
  for (const k of keys.keys ?? []) console.log(`公钥 / public key ${k.id}: ${k.publicKey}`);
  const options = {};
  if (values.head) options.savedHead = await readJson(values.head);
  if (values.receipt && values['received-at'] && values['text-file']) {
    const text = new TextDecoder().decode(await readSource(values['text-file']));
    const attachmentSha256 = values.attachment ? sha256Hex(await readSource(values.attachment)) : '';
    options.commitment = { consultation: ledger.consultation, receipt: values.receipt, receivedAt: values['received-at'], text, attachmentSha256 };
  }
  const result = await checkCode(ledger, heads, keys, values.code ?? '0'.repeat(64), options);
  let ok = result.ledgerOk;
  console.log(`清单 / ledger ${ledger.consultation}: ${result.count} 条, ${heads.length} 个签名树头, root ${ledger.root}`);
  for (const p of result.problems) console.log(`  问题 / problem: ${p.code} — ${p.detail}`);
  console.log(result.ledgerOk ? '清单与全部签名树头一致 / ledger consistent with every signed tree head' : '清单不一致 / ledger INCONSISTENT');
  if (values.code) {
    if (result.badCode) {
      console.log('核验码格式不正确 / not a 64-digit code');
      ok = false;
    } else if (result.included) {
      console.log(`已计入 / included: 第 ${result.position} 条, 首次纳入第 ${result.head?.sequence} 号树头 (${result.head?.timestamp}); 审计路径 / audit path ${result.inclusionOk ? 'OK' : 'FAILED'}`);
      ok &&= result.inclusionOk;
    } else {
      console.log('清单中没有这个核验码 / code NOT in the ledger');
      ok = false;
    }
  }
  if (result.commitmentOk !== null) {
    console.log(`内容承诺值 / content commitment ${result.commitmentOk ? '与您的意见一致 / matches' : '不一致 / DOES NOT MATCH'}`);
    ok &&= result.commitmentOk;
  }
  if (result.savedHeadOk !== null) {
    console.log(`保存的树头 / saved head ${result.savedHeadOk ? '被当前树头延续（一致性证明通过）/ extended by the current head' : '与当前树头不一致 / NOT consistent with the current head'}`);
    ok &&= result.savedHeadOk;
  }
  return ok ? 0 : 1;
}

if (isNode && typeof process.argv?.[1] === 'string') {
  const { pathToFileURL } = await import('node:url');
  const { realpathSync } = await import('node:fs');
  let invoked = '';
  try {
    invoked = pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    invoked = '';
  }
  if (invoked === import.meta.url) {
    main(process.argv.slice(2)).then(
      (code) => process.exit(code),
      (error) => {
        console.error(`错误 / error: ${error?.message ?? error}`);
        process.exit(2);
      },
    );
  }
}
