/**
 * The signing key of the ledger tree heads.
 *   npm run ledger-key              a new random key: the line for the site environment and its public key
 *   npm run ledger-key -- --public  the public key of LEDGER_SIGNING_KEY as set now (or of the built-in local key)
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ledgerSigner } from '../src/server/ledger-signing.ts';

if (existsSync('.env')) process.loadEnvFile('.env');
const { values } = parseArgs({ options: { public: { type: 'boolean', default: false } } });
if (values.public) {
  const signer = ledgerSigner();
  console.log(`LEDGER_PUBLIC_KEY=${signer.publicKey}`);
  console.log(`key id ${signer.keyId}${signer.usingLocalKey ? ' (the built-in LOCAL key: never use it for a real site)' : ''}`);
} else {
  const seed = randomBytes(32).toString('base64');
  const signer = ledgerSigner({ LEDGER_SIGNING_KEY: seed });
  console.log('Set this in the site environment (secret, scope Functions) and keep a copy offline:');
  console.log(`LEDGER_SIGNING_KEY=${seed}`);
  console.log(`Public key (published in public/data/ledgers/signing-keys.json by publish-ledger): ${signer.publicKey}`);
  console.log(`key id ${signer.keyId}`);
}
