/** POST /api/staff/sign-in — a sign-in link mailed to a registered address (src/server/staff-endpoints.ts). */
import type { Context } from '@netlify/functions';
import type { APIRoute } from 'astro';
import { guarded } from '../../../server/guard.ts';
import { handleSignIn } from '../../../server/staff-endpoints.ts';

export const prerender = false;

export const ALL: APIRoute = ({ request, clientAddress, locals }) => {
  // Netlify keeps the function alive for a link mail that outlasts the answer.
  const platform = (locals as { netlify?: { context?: Context } }).netlify?.context;
  return guarded(request, () => handleSignIn(request, { ip: clientAddress, waitUntil: platform ? (work) => platform.waitUntil(work) : undefined }));
};
