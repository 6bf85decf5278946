/** GET (a page with one button) and POST (the button, or a mail program's RFC 8058 one-click) /api/subscriptions/unsubscribe?token=… */
import type { APIRoute } from 'astro';
import { guarded } from '../../../server/guard.ts';
import { handleUnsubscribe } from '../../../server/subscription-endpoints.ts';

export const prerender = false;

export const ALL: APIRoute = ({ request }) => guarded(request, () => handleUnsubscribe(request));
