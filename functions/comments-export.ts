/** GET /api/comments/export?consultation=<id>&format=csv|json — department export (Bearer EXPORT_TOKEN). */
import type { Config } from '@netlify/functions';
import { publicFunction } from '../src/server/function-handler.ts';
import { guarded } from '../src/server/guard.ts';
import { handleExport } from '../src/server/comment-endpoints.ts';

export default publicFunction(async (req) => guarded(req, () => handleExport(req)));

export const config: Config = { path: '/api/comments/export' };
