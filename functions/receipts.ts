/** GET /api/receipts?number=<receipt> — receipt lookup (received, when, which consultation). */
import type { Config } from '@netlify/functions';
import { handleReceipt } from '../src/server/comment-endpoints.ts';

export default async (req: Request) => handleReceipt(req);

export const config: Config = { path: '/api/receipts' };
