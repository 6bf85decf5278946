/**
 * The Ed25519 key that signs the tree heads of the comment ledgers
 * (LEDGER_SIGNING_KEY: base64 of the 32-byte private seed). Its public half is
 * published in public/data/ledgers/signing-keys.json and on /receipts/.
 *
 * Without the variable a built-in key is used so that a fresh checkout runs
 * locally; that key is in this open source file and proves nothing, so a
 * deploy refuses it (here, and in the shared check of production-safety.ts).
 */
import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { deployContext } from './deploy-context.ts';
import { bytesToBase64, headMessage, keyIdOf, type SignedTreeHead, type SigningKey } from '../lib/ledger/verify-ledger.mjs';

/** Public knowledge: fine for local runs and tests, worthless as a signature. */
export const LOCAL_LEDGER_SEED = createHash('sha256').update('gongkai-local-ledger-signing-key-do-not-use-in-production').digest();

/** DER prefix of a PKCS #8 Ed25519 private key; the 32-byte seed follows. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface LedgerSigner {
  keyId: string;
  /** Base64 of the raw 32-byte public key. */
  publicKey: string;
  usingLocalKey: boolean;
  sign(head: Omit<SignedTreeHead, 'signature' | 'keyId'>): SignedTreeHead;
}

export function rawPublicKey(privateKey: KeyObject): Buffer {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  return Buffer.from(String(jwk.x), 'base64url');
}

/** The signer from LEDGER_SIGNING_KEY; throws on a malformed key, and in production when it is missing. */
export function ledgerSigner(env: NodeJS.ProcessEnv = process.env): LedgerSigner {
  const configured = env.LEDGER_SIGNING_KEY?.trim();
  if (!configured && deployContext(env).deployed) {
    throw new Error('LEDGER_SIGNING_KEY is not set: a deploy refuses to sign ledger tree heads with the built-in key. Generate one with `npm run ledger-key` and set it in the site environment.');
  }
  const seed = configured ? Buffer.from(configured, 'base64') : LOCAL_LEDGER_SEED;
  if (seed.length !== 32) throw new Error(`LEDGER_SIGNING_KEY must be the base64 of 32 bytes (an Ed25519 seed), got ${seed.length} bytes`);
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = rawPublicKey(privateKey);
  const keyId = keyIdOf(publicKey);
  return {
    keyId,
    publicKey: bytesToBase64(publicKey),
    usingLocalKey: !configured || seed.equals(LOCAL_LEDGER_SEED),
    sign(head) {
      const signature = sign(null, headMessage(head), privateKey);
      return { ...head, keyId, signature: signature.toString('base64') } as SignedTreeHead;
    },
  };
}

/** The entry of signing-keys.json for this signer. */
export function signingKeyEntry(signer: LedgerSigner, from: string): SigningKey {
  return { id: signer.keyId, publicKey: signer.publicKey, from };
}

/** Id of the built-in local key (a published key list must not contain it in production). */
export function localLedgerKeyId(): string {
  return ledgerSigner({ LEDGER_SIGNING_KEY: LOCAL_LEDGER_SEED.toString('base64') }).keyId;
}
