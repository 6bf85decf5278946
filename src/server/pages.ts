/**
 * Pages the intake answers with, rendered from the site's own components (src/components/answers/)
 * with Astro's container: the same shell, stylesheet, favicon and elder mode as the built pages,
 * and everything a person typed escaped by the template. This module runs inside the bundle of
 * the pages answered on request (src/pages/api/…) and in tests (vitest.config.ts uses Astro's
 * Vite setup); plain Node cannot load it.
 */
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import CommentFormPage from '../components/answers/CommentFormPage.astro';
import MessagePage from '../components/answers/MessagePage.astro';
import ReceiptLookupPage from '../components/answers/ReceiptLookupPage.astro';
import ReceiptPage from '../components/answers/ReceiptPage.astro';
import ReportReceiptPage from '../components/answers/ReportReceiptPage.astro';
import SubscribeFormPage from '../components/answers/SubscribeFormPage.astro';
import UnsubscribePage from '../components/answers/UnsubscribePage.astro';
import type {
  CommentFormPageView,
  MessageView,
  ReceiptLookupView,
  ReceiptView,
  ReportReceiptView,
  SubscribeFormPageView,
  UnsubscribeView,
} from '../lib/page-views.ts';
import { html } from './http.ts';

export interface PageViews {
  message: MessageView;
  commentForm: CommentFormPageView;
  receipt: ReceiptView;
  reportReceipt: ReportReceiptView;
  receiptLookup: ReceiptLookupView;
  subscribeForm: SubscribeFormPageView;
  unsubscribe: UnsubscribeView;
}

const COMPONENTS: Record<keyof PageViews, unknown> = {
  message: MessagePage,
  commentForm: CommentFormPage,
  receipt: ReceiptPage,
  reportReceipt: ReportReceiptPage,
  receiptLookup: ReceiptLookupPage,
  subscribeForm: SubscribeFormPage,
  unsubscribe: UnsubscribePage,
};

let container: Promise<AstroContainer> | undefined;

/** The whole document (doctype included) of an answer page. */
export async function renderPage<K extends keyof PageViews>(page: K, view: PageViews[K]): Promise<string> {
  container ??= AstroContainer.create();
  return (await container).renderToString(COMPONENTS[page] as never, { props: { ...view }, partial: false });
}

/** A refusal or notice with no form to show again. */
export function messagePage(view: MessageView): Promise<string> {
  return renderPage('message', view);
}

/** An answer page as a response (text/html, the given status and headers). */
export async function pageResponse<K extends keyof PageViews>(status: number, page: K, view: PageViews[K], headers: Record<string, string> = {}): Promise<Response> {
  return html(status, await renderPage(page, view), headers);
}

export type { MessageView };
