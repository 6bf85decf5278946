/**
 * The web editor's page (/admin/): a fixed document that loads Decap CMS from /admin/ (copied there by
 * the build, src/integrations/editor.ts). It is answered on request (src/pages/admin/index.ts) because the
 * editor needs a looser Content-Security-Policy than the site's (Decap compiles its configuration checks
 * with `new Function` and styles its interface with inline styles): Netlify applies no header rules to
 * function answers, and the site's policy, set for every static path, cannot be loosened for one folder.
 */
import { editorConnectOrigins, editorSettings } from '../lib/editor/settings.ts';
import { PERMISSIONS_POLICY, SECURITY_HEADERS } from './security-headers.ts';

export const EDITOR_PATH = '/admin/';

/** The editor's own document: no data in it, so nothing to escape. */
export const EDITOR_PAGE_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>网站内容编辑</title>
<link href="/admin/config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<noscript>网站内容编辑器需要启用 JavaScript。</noscript>
<script src="/admin/decap-cms.js"></script>
<script src="/admin/editor.js"></script>
</body>
</html>
`;

/** The editor's policy: same-origin files as on the site, plus what Decap needs and the git host (or local proxy) it talks to. */
export function editorContentSecurityPolicy(env: NodeJS.ProcessEnv = process.env): string {
  const connect = editorConnectOrigins(editorSettings(env));
  return [
    "default-src 'self'",
    "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    // Uploaded files are previewed from blob: URLs; git hosts show avatars from their own servers.
    "img-src 'self' data: blob: https:",
    `connect-src 'self' blob: ${connect.join(' ')}`,
    "frame-src 'self' blob:",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

export function editorPageResponse(request: Request, env: NodeJS.ProcessEnv = process.env): Response {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response(null, { status: 405, headers: { ...SECURITY_HEADERS, Allow: 'GET, HEAD', 'Cache-Control': 'no-store' } });
  }
  const headers = {
    ...SECURITY_HEADERS,
    'Content-Security-Policy': editorContentSecurityPolicy(env),
    'Permissions-Policy': PERMISSIONS_POLICY,
    'Referrer-Policy': 'same-origin',
    'Cache-Control': 'no-store',
    'X-Robots-Tag': 'noindex, nofollow',
    'Content-Type': 'text/html; charset=utf-8',
  };
  return new Response(request.method === 'HEAD' ? null : EDITOR_PAGE_HTML, { status: 200, headers });
}
