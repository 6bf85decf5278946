/** POST /api/receipts/withdraw — a sender withdraws the contact details kept with their receipt. */
import type { APIRoute } from 'astro';
import { guarded } from '../../../server/guard.ts';
import { handleWithdrawContact } from '../../../server/receipt-lookup.ts';

export const prerender = false;

export const ALL: APIRoute = ({ request }) => guarded(request, () => handleWithdrawContact(request));
