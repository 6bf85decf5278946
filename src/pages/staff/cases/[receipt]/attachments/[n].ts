/** GET /staff/cases/<receipt>/attachments/<n> — a case's attachment for staff who may see the case (src/server/staff-endpoints.ts). */
import type { APIRoute } from 'astro';
import { handleCaseAttachment } from '../../../../../server/staff-endpoints.ts';

export const prerender = false;

export const ALL: APIRoute = ({ request, params }) => handleCaseAttachment(request, params.receipt ?? '', params.n ?? '');
