/** POST /api/comments — submit a comment (form or JSON). Logic: src/server/comment-submit.ts. */
import type { Config, Context } from '@netlify/functions';
import { guarded } from '../src/server/guard.ts';
import { handleSubmit } from '../src/server/comment-submit.ts';

export default async (req: Request, context: Context) => guarded(req, () => handleSubmit(req, { ip: context?.ip }));

export const config: Config = { path: '/api/comments' };
