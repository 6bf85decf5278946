/**
 * What the comment form says and where it posts, for the form component
 * (src/components/forms/CommentFormFields.astro), the comment intake and the page script.
 */
import type { Article } from './articles.ts';
import { formatFileSize } from './file-size.ts';
import { ATTACHMENT_MAX_BYTES, type FieldError } from './comment-submission.ts';

export const COMMENTS_ENDPOINT = '/api/comments';
export const TOKEN_ENDPOINT = '/api/comments/token';
export const RECEIPTS_ENDPOINT = '/api/receipts';
/** POST: the sender withdraws the contact details kept with a receipt. */
export const WITHDRAW_CONTACT_ENDPOINT = '/api/receipts/withdraw';

export interface CommentFormValues {
  article?: string;
  text?: string;
  name?: string;
  contact?: string;
  submitterType?: string;
  consent?: boolean;
}

export interface CommentFormView {
  consultation: { id: string; title: string; articleComments: boolean; articles: readonly Article[] };
  values?: CommentFormValues;
  errors?: readonly FieldError[];
  /** Signed form token; empty on the static page (the page script or the confirmation page supplies one). */
  formToken?: string;
  /** An attachment uploaded with an earlier post of this form and kept for this one. */
  keptAttachment?: { filename: string; size: number } | null;
  /** Heading level of the form's section headings inside the page (default 3). */
  headingLevel?: 2 | 3;
}

export const ATTACHMENT_HINT = `可上传 1 个文件：PDF、Word（.doc、.docx）或图片（JPG、PNG、WebP），不超过 ${formatFileSize(ATTACHMENT_MAX_BYTES)}。`;

export const PRIVACY_NOTICE = [
  '您填写的姓名（单位名称）和联系方式仅供承办部门就您的意见与您联系，不在网站公开，也不提供给其他单位或个人。',
  '意见内容可能以摘要方式写入征集情况说明并公开，公开时不含姓名和联系方式；附件仅承办部门可见。',
  '填写电子邮箱的，系统将向该邮箱发送一封回执邮件（不含意见内容）。',
  '征集结束后，网站公开全部意见的“核验码”清单，用于核对意见是否被计入，核验码不能反推出意见内容或提交人身份。',
];
