/** GET /api/receipts?number=<receipt> — receipt lookup (received, when, which consultation or unit). */
import type { APIRoute } from 'astro';
import { guarded } from '../../server/guard.ts';
import { handleReceipt } from '../../server/receipt-lookup.ts';

export const prerender = false;

export const ALL: APIRoute = ({ request }) => guarded(request, () => handleReceipt(request));
