/**
 * Last line of defence for the comment intake: an unexpected error becomes
 * a Chinese message (JSON or page) instead of a platform error page, and is
 * logged. Nothing about the error reaches the visitor.
 */
import { html, json, wantsJson } from './http.ts';
import { messagePage } from './pages.ts';

export async function guarded(request: Request, handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    console.error(`[comments] ${request.method} ${new URL(request.url).pathname} failed`, error);
    const message = '系统暂时无法处理您的请求，请稍后再试。如果您正在提交意见，意见尚未提交成功，请返回上一页重新提交。';
    if (wantsJson(request)) return json(500, { ok: false, code: 'internal-error', message });
    return html(500, await messagePage({ title: '系统暂时无法处理', tone: 'danger', paragraphs: [message], links: [{ href: '/consultations/', label: '返回意见征集栏目' }] }));
  }
}
