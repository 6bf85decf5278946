/** Types of the standalone verifier (verify-ledger.mjs), for the site's TypeScript. */

export interface LedgerEntry {
  /** 核验码: 64 lower-case hex digits. */
  code: string;
  /** SHA-256 (hex) binding the leaf to the consultation, receipt, time and content. */
  commitment: string;
}

export interface ConsistencyLink {
  fromSequence: number;
  fromTreeSize: number;
  /** Hex hashes of RFC 6962 PROOF(fromTreeSize, D[treeSize]). */
  proof: string[];
}

export interface SignedTreeHead {
  version: 1;
  consultation: string;
  /** 1, 2, 3… in the order the heads were made. */
  sequence: number;
  treeSize: number;
  /** ISO 8601 with +08:00. */
  timestamp: string;
  /** Hex Merkle tree hash of the first treeSize entries. */
  root: string;
  /** True on the head made at close; no head follows it. */
  final: boolean;
  keyId: string;
  /** Base64 Ed25519 signature over headMessage(head). */
  signature: string;
  /** From the previous head (absent on the first). */
  consistency?: ConsistencyLink | null;
}

export interface PublishedLedger {
  version: 2;
  consultation: string;
  title: string;
  closes: string;
  final: boolean;
  count: number;
  root: string;
  /** Number of head files under <consultation>/heads/1.json … */
  heads: number;
  entries: LedgerEntry[];
}

export interface SigningKey {
  id: string;
  /** Base64 of the raw 32-byte Ed25519 public key. */
  publicKey: string;
  /** Day from which heads are signed with it (YYYY-MM-DD). */
  from?: string;
}

export interface SigningKeys {
  algorithm: 'Ed25519';
  keys: SigningKey[];
}

export interface CommitmentInput {
  consultation: string;
  receipt: string;
  receivedAt: string;
  text: string;
  /** Hex SHA-256 of the attachment, or empty / null without one. */
  attachmentSha256?: string | null;
}

export interface LedgerProblem {
  code: string;
  detail: string;
}

export interface LedgerCheck {
  ok: boolean;
  problems: LedgerProblem[];
  count: number;
  root: string;
  leafHashes: Uint8Array[];
}

export interface CodeCheck {
  ledgerOk: boolean;
  problems: LedgerProblem[];
  count: number;
  badCode?: true;
  included: boolean;
  position: number;
  head: SignedTreeHead | null;
  inclusionOk: boolean;
  savedHeadOk: boolean | null;
  commitmentOk: boolean | null;
}

export const LEDGER_VERSION: 2;
export const HEAD_VERSION: 1;
export const WORKED_EXAMPLE: { input: CommitmentInput; code: string; textSha256: string; commitment: string; leafHash: string };

export function utf8(text: string): Uint8Array;
export function hexToBytes(hex: string): Uint8Array;
export function bytesToHex(bytes: Uint8Array): string;
export function base64ToBytes(b64: string): Uint8Array;
export function bytesToBase64(bytes: Uint8Array): string;
export function sha256(data: Uint8Array | string): Uint8Array;
export function sha256Hex(data: Uint8Array | string): string;
export function leafHash(leafData: Uint8Array): Uint8Array;
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array;
export function treeRoot(leafHashes: readonly Uint8Array[]): Uint8Array;
export function inclusionProof(index: number, leafHashes: readonly Uint8Array[]): Uint8Array[];
export function consistencyProof(m: number, leafHashes: readonly Uint8Array[]): Uint8Array[];
export function rootFromInclusionProof(index: number, size: number, leaf: Uint8Array, proof: readonly Uint8Array[]): Uint8Array | null;
export function verifyInclusion(index: number, size: number, leaf: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): boolean;
export function verifyConsistency(size1: number, size2: number, root1: Uint8Array, root2: Uint8Array, proof: readonly Uint8Array[]): boolean;
export function commitmentOf(input: CommitmentInput): string;
export function entryLeafHash(entry: LedgerEntry): Uint8Array;
export function headMessage(head: Omit<SignedTreeHead, 'signature' | 'keyId' | 'consistency' | 'version'>): Uint8Array;
export function keyIdOf(publicKey: Uint8Array): string;
export function verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean>;
export function verifyHeadSignature(head: SignedTreeHead, keys: SigningKeys): Promise<boolean>;
export function indexOfCode(ledger: PublishedLedger, code: string): number;
export function normaliseCode(input: string): string | null;
export function checkLedger(ledger: PublishedLedger, heads: readonly SignedTreeHead[], keys: SigningKeys): Promise<LedgerCheck>;
export function checkCode(
  ledger: PublishedLedger,
  heads: readonly SignedTreeHead[],
  keys: SigningKeys,
  code: string,
  options?: { savedHead?: SignedTreeHead; commitment?: CommitmentInput },
): Promise<CodeCheck>;
export function checkSavedHead(leafHashes: readonly Uint8Array[], heads: readonly SignedTreeHead[], keys: SigningKeys, saved: SignedTreeHead): Promise<boolean>;
export function headUrls(ledgerUrl: string, ledger: PublishedLedger): string[];
export function keysUrl(ledgerUrl: string): string;
export function selfTest(): Promise<string[]>;
