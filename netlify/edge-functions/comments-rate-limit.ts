/** Netlify's rate limit for /api/comments, applied before the on-demand function answers (netlify/platform-rate-limit.ts). */
import { INTAKE_RATE_LIMIT, passOn, type EdgeFunctionConfig } from '../platform-rate-limit.ts';

export default passOn;

export const config: EdgeFunctionConfig = { path: '/api/comments', rateLimit: INTAKE_RATE_LIMIT };
