/** POST /api/subscriptions — e-mail alerts for a consultation, department or policy area (double opt-in). Logic: src/server/subscription-endpoints.ts. */
import type { APIRoute } from 'astro';
import { guarded } from '../../server/guard.ts';
import { handleSubscribe } from '../../server/subscription-endpoints.ts';

export const prerender = false;

export const ALL: APIRoute = ({ request, clientAddress }) => guarded(request, () => handleSubscribe(request, { ip: clientAddress }));
