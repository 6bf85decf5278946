/**
 * /verify-ledger.mjs — the standalone verifier, served byte for byte as it is in the
 * repository (src/lib/ledger/verify-ledger.mjs): the file people download and run with
 * Node.js, and the one the /receipts/ page loads.
 */
import type { APIRoute } from 'astro';
import source from '../lib/ledger/verify-ledger.mjs?raw';

export const GET: APIRoute = () => new Response(source, { headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
