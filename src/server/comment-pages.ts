/**
 * HTML pages the comment functions answer with when a browser posts the form
 * (no JavaScript needed): the form shown again with what was typed and why it
 * was not accepted, the receipt page, the receipt lookup and plain refusals.
 * Self-contained documents in the site's look: one stylesheet from the site
 * (public/comments/page.css), no inline script or style (the CSP forbids them),
 * and everything a person typed is escaped — never rendered as HTML.
 */
import { formatChineseDateTime } from '../lib/time.ts';
import { formatVerificationCode } from '../lib/receipt-ledger.ts';
import { escapeHtml } from '../lib/html.ts';
import { renderCommentForm, RECEIPTS_ENDPOINT, WITHDRAW_CONTACT_ENDPOINT, type CommentFormView } from './comment-form-markup.ts';

export type Tone = 'info' | 'success' | 'warning' | 'danger';

export interface PageChrome {
  siteName: string;
  /** The section the page belongs to, linked in the footer (default: 意见征集). */
  section?: { label: string; href: string };
}

export function documentHtml(chrome: PageChrome, title: string, main: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} - ${escapeHtml(chrome.siteName)}</title>
<link rel="stylesheet" href="/comments/page.css">
</head>
<body>
<a class="skip-link" href="#main">跳到正文</a>
<header class="cp-header"><div class="container"><a class="cp-site" href="/">${escapeHtml(chrome.siteName)}</a></div></header>
<main id="main" class="container">
${main}
</main>
<footer class="cp-footer"><div class="container"><p><a href="/">返回首页</a> · <a href="${escapeHtml(chrome.section?.href ?? '/consultations/')}">${escapeHtml(chrome.section?.label ?? '意见征集')}</a> · <a href="/receipts/">回执查询</a></p></div></footer>
</body>
</html>
`;
}

export interface Notice {
  tone: Tone;
  title: string;
  text?: string;
}

function noticeHtml(n: Notice, role: 'status' | 'alert' = 'status'): string {
  return `<div class="notice notice--${n.tone}" role="${role}"><p class="notice__title">${escapeHtml(n.title)}</p>${n.text ? `<p>${escapeHtml(n.text)}</p>` : ''}</div>`;
}

export interface ConsultationRef {
  title: string;
  path: string;
}

/** The form again: after errors, or to confirm a post that came without a usable token. */
export function formPage(chrome: PageChrome, consultation: ConsultationRef, view: CommentFormView, notice?: Notice): string {
  const hasErrors = (view.errors ?? []).length > 0;
  const heading = hasErrors ? '请修改后重新提交' : '请核对后提交意见';
  return documentHtml(
    chrome,
    `${heading} - ${consultation.title}`,
    `<h1>${heading}</h1>
<p class="cp-lead">意见征集：<a href="${escapeHtml(consultation.path)}">${escapeHtml(consultation.title)}</a></p>
${notice ? noticeHtml(notice, hasErrors ? 'alert' : 'status') : ''}
${renderCommentForm({ ...view, headingLevel: 2 })}`,
  );
}

export interface MessageView {
  title: string;
  tone: Tone;
  paragraphs: string[];
  links?: { href: string; label: string }[];
  /** What the person typed, shown for copying when it could not be submitted here. */
  preservedText?: string;
}

/** A refusal or notice that has no form to show again. */
export function messagePage(chrome: PageChrome, m: MessageView): string {
  const links = m.links?.length ? `<ul class="cp-links">${m.links.map((l) => `<li><a href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a></li>`).join('')}</ul>` : '';
  return documentHtml(
    chrome,
    m.title,
    `<h1>${escapeHtml(m.title)}</h1>
<div class="notice notice--${m.tone}" role="${m.tone === 'danger' || m.tone === 'warning' ? 'alert' : 'status'}">${m.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}</div>
${m.preservedText ? `<h2>您填写的意见内容（未提交）</h2>
<p>以下内容没有提交成功，您可以复制保存，通过其他渠道提交。</p>
<div class="cp-preserved">${escapeHtml(m.preservedText)}</div>` : ''}
${links}`,
  );
}

export interface ReceiptView {
  receipt: string;
  consultation: ConsultationRef & { closes: Date };
  receivedAt: Date;
  verificationCode: string;
  /** The commitment of the comment's ledger leaf (receipt, time, text, attachment), when kept. */
  ledgerCommitment: string | null;
  /** The signed tree head the comment was first included under; null until the next head. */
  ledgerHead: { sequence: number; treeSize: number; timestamp: string; root: string } | null;
  /** Exact received time as the ledger commits to it (ISO 8601, +08:00). */
  receivedAtIso: string;
  justSubmitted: boolean;
  /** Name or contact details are still kept with the comment (the sender may withdraw them). */
  holdsContact: boolean;
}

/** The sender's withdrawal of their contact details: the receipt number is the proof for a comment, a report also asks for its query code. */
function withdrawContactForm(receipt: string, what: string, askQueryCode: boolean): string {
  return `<h2>撤回联系方式</h2>
<p>如您不再希望${what}，可以撤回提交时留下的${askQueryCode ? '联系方式' : '姓名和联系方式'}。撤回后，网站立即删除这些信息，尚未发出的邮件中也不再包含；已提交的内容${askQueryCode ? '' : '和核验码'}保留不变。撤回后无法恢复。</p>
<form class="cp-withdraw" method="post" action="${WITHDRAW_CONTACT_ENDPOINT}">
<input type="hidden" name="number" value="${escapeHtml(receipt)}">
${
  askQueryCode
    ? `<div class="form-field">
<label class="form-label" for="withdraw-code">查询码</label>
<p class="form-hint" id="withdraw-code-hint">提交线索时页面和确认邮件中给出的 8 位查询码。</p>
<input type="text" id="withdraw-code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" required aria-describedby="withdraw-code-hint">
</div>`
    : ''
}
<div class="form-field">
<input type="checkbox" id="withdraw-confirm" name="confirm" value="yes" required>
<label for="withdraw-confirm">我确认撤回回执 ${escapeHtml(receipt)} 所留的联系方式</label>
</div>
<div class="button-row"><button type="submit" class="button">撤回联系方式</button></div>
</form>`;
}

function lookupForm(value = '', error?: string): string {
  return `<form class="cp-lookup" method="get" action="${RECEIPTS_ENDPOINT}">
<div class="form-field">
<label class="form-label" for="receipt-number">回执编号</label>
<p class="form-hint" id="receipt-number-hint">意见回执以 YJ 开头，线索回执以 XS 开头，例如 YJ-20261128-7K3Q-9F2M，字母不区分大小写。</p>
${error ? `<p class="form-error" id="receipt-number-error"><span class="visually-hidden">错误：</span>${escapeHtml(error)}</p>` : ''}
<input type="text" id="receipt-number" name="number" value="${escapeHtml(value)}" autocomplete="off" autocapitalize="characters" spellcheck="false"${error ? ' aria-invalid="true"' : ''} aria-describedby="receipt-number-hint${error ? ' receipt-number-error' : ''}">
</div>
<div class="button-row"><button type="submit" class="button">查询</button></div>
</form>`;
}

/** What a receipt proves: received, when, for which consultation. Never the comment itself. */
export function receiptPage(chrome: PageChrome, r: ReceiptView): string {
  const title = r.justSubmitted ? '意见提交成功' : '回执查询结果';
  const intro = r.justSubmitted
    ? noticeHtml({ tone: 'success', title: '您的意见已提交成功，感谢您的参与。', text: '请记下或截图保存下面的回执编号，凭它可以随时查询意见的接收情况。' })
    : noticeHtml({ tone: 'success', title: '该回执编号对应的意见已被接收。' });
  return documentHtml(
    chrome,
    title,
    `<h1>${title}</h1>
${intro}
<dl class="cp-receipt">
<div><dt>回执编号</dt><dd class="cp-receipt-number">${escapeHtml(r.receipt)}</dd></div>
<div><dt>意见征集</dt><dd><a href="${escapeHtml(r.consultation.path)}">${escapeHtml(r.consultation.title)}</a></dd></div>
<div><dt>接收时间</dt><dd><time datetime="${r.receivedAt.toISOString()}">${formatChineseDateTime(r.receivedAt)}</time>（北京时间）</dd></div>
<div><dt>核验码</dt><dd class="cp-code">${escapeHtml(formatVerificationCode(r.verificationCode))}</dd></div>
${r.ledgerCommitment ? `<div><dt>内容承诺值</dt><dd class="cp-code">${escapeHtml(formatVerificationCode(r.ledgerCommitment))}</dd></div>` : ''}
${r.ledgerHead ? `<div><dt>签名树头</dt><dd>第 ${r.ledgerHead.sequence} 号（${escapeHtml(r.ledgerHead.timestamp)}，共 ${r.ledgerHead.treeSize} 条），根值 <span class="cp-code">${escapeHtml(r.ledgerHead.root)}</span></dd></div>` : ''}
</dl>
${
  r.ledgerHead
    ? `<p>您的意见已纳入本次征集核验码清单的第 ${r.ledgerHead.sequence} 号签名树头。请保存核验码和上面的树头信息，可随时在“回执查询”页面核对意见已被计入、清单没有被删改（<a href="/receipts/#verify">如何核对</a>）。</p>`
    : `<p>您的意见将纳入本次征集核验码清单的下一个签名树头（征集期间每天至少生成一次，${formatChineseDateTime(r.consultation.closes)} 截止时生成最终树头）。届时，您可以用上面的核验码核对自己的意见已被计入（<a href="/receipts/#verify">如何核对</a>）。</p>`
}
<p class="muted">清单记录的接收时间：${escapeHtml(r.receivedAtIso)}。内容承诺值由回执编号、接收时间、意见全文和附件计算得出，意见被改动后将不再相符。</p>
<p class="muted">为保护个人信息，回执只证明意见已被接收，不显示意见内容和提交人信息。</p>
${r.holdsContact && !r.justSubmitted ? withdrawContactForm(r.receipt, '承办部门与您联系', false) : ''}
${r.justSubmitted ? '' : `<h2>查询其他回执</h2>${lookupForm()}`}`,
  );
}

export interface ReportReceiptView {
  receipt: string;
  receivedAt: Date;
  waterBody: { name: string; path: string | null } | null;
  unit: string;
  project: { title: string; path: string } | null;
  /** Contact details are still kept with the report. */
  holdsContact: boolean;
}

/** What a report's receipt proves: received, when, passed to which unit. Never the report or its sender. */
export function reportReceiptPage(chrome: PageChrome, r: ReportReceiptView): string {
  const body = r.waterBody ? (r.waterBody.path ? `<a href="${escapeHtml(r.waterBody.path)}">${escapeHtml(r.waterBody.name)}</a>` : escapeHtml(r.waterBody.name)) : '未指定水体';
  return documentHtml(
    { ...chrome, ...(r.project ? { section: { label: r.project.title, href: r.project.path } } : {}) },
    '回执查询结果',
    `<h1>回执查询结果</h1>
${noticeHtml({ tone: 'success', title: '该回执编号对应的线索已被接收。' })}
<dl class="cp-receipt">
<div><dt>回执编号</dt><dd class="cp-receipt-number">${escapeHtml(r.receipt)}</dd></div>
<div><dt>涉及水体</dt><dd>${body}</dd></div>
<div><dt>接收时间</dt><dd><time datetime="${r.receivedAt.toISOString()}">${formatChineseDateTime(r.receivedAt)}</time>（北京时间）</dd></div>
<div><dt>转交单位</dt><dd>${escapeHtml(r.unit)}</dd></div>
</dl>
<p>线索已转交上述单位核实处理。询问处理情况时，请向该单位提供回执编号。</p>
<p class="muted">为保护个人信息，回执只证明线索已被接收，不显示线索内容和反映人信息。</p>
${r.holdsContact ? withdrawContactForm(r.receipt, '处理单位与您联系', true) : ''}
<h2>查询其他回执</h2>${lookupForm()}`,
  );
}

/** The lookup form again, with an error or without. */
export function receiptLookupPage(chrome: PageChrome, value: string, error: string, notFound = false): string {
  return documentHtml(
    chrome,
    notFound ? '未查询到该回执' : '回执查询',
    `<h1>${notFound ? '未查询到该回执' : '回执查询'}</h1>
${notFound ? noticeHtml({ tone: 'warning', title: error, text: '请核对回执编号是否输入正确。如确认无误，请联系意见征集的承办部门或线索的转交单位。' }, 'alert') : ''}
${lookupForm(value, notFound ? undefined : error)}`,
  );
}
