/** GET /api/subscriptions/confirm?token=… — the signed link in the confirmation mail stores the subscription. */
import type { APIRoute } from 'astro';
import { guarded } from '../../../server/guard.ts';
import { handleConfirm } from '../../../server/subscription-endpoints.ts';

export const prerender = false;

export const ALL: APIRoute = ({ request }) => guarded(request, () => handleConfirm(request));
