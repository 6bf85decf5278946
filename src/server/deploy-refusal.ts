/**
 * The answer of a page answered on request when the deploy's settings are unsafe
 * (production-safety.ts decides): 503 in Chinese, one log line, nothing read or stored.
 */
import { html, json, wantsJson } from './http.ts';
import { messagePage } from './pages.ts';
import { UNSAFE_SETTINGS_MESSAGE, unsafeDeploySettings, unsafeSettingsLine } from './production-safety.ts';

/** A 503 answer when the deploy's settings are unsafe (logged once per request), else null. */
export async function refuseUnsafeDeploy(request: Request, env: NodeJS.ProcessEnv = process.env): Promise<Response | null> {
  const problems = unsafeDeploySettings(env);
  if (problems.length === 0) return null;
  console.error(unsafeSettingsLine(`${request.method} ${new URL(request.url).pathname}`, problems, env));
  const headers = { 'retry-after': '3600' };
  if (wantsJson(request)) return json(503, { ok: false, code: 'service-not-configured', message: UNSAFE_SETTINGS_MESSAGE }, headers);
  return html(503, await messagePage({ section: { label: '首页', href: '/' }, title: '暂时无法受理', tone: 'danger', paragraphs: [UNSAFE_SETTINGS_MESSAGE], links: [{ href: '/', label: '返回首页' }] }), headers);
}
