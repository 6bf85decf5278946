/** /admin/ — the web editor's page, with the editor's own security policy (src/server/editor-page.ts). */
import type { APIRoute } from 'astro';
import { editorPageResponse } from '../../server/editor-page.ts';

export const prerender = false;

export const ALL: APIRoute = ({ request }) => editorPageResponse(request);
