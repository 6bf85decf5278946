/**
 * Sending mail. With SMTP_URL set, nodemailer's SMTP transport (short
 * timeouts: a slow mail server must not hold up a submission — the mail stays
 * in the outbox). Without it, each message is written as an .eml file into
 * .data/outbox-mail/ and logged, so local runs show exactly what would be sent.
 * Deploy previews and branch deploys (settings.mailHeld) send nothing: each
 * message is kept as held/<id>.eml in their own outbox store.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { headerLine, safeAddress } from '../lib/mail-header.ts';
import type { CommentSettings } from './comment-settings.ts';
import { keys, outboxStore } from './comment-stores.ts';

export interface OutgoingMail {
  /** Outbox id; also the file name of a local .eml. */
  id: string;
  to: string;
  subject: string;
  text: string;
  /** Stable Message-ID: a resend after a crash carries the same id, so mail clients show one message. */
  messageId: string;
  date: Date;
  attachments?: { filename: string; content: Uint8Array; contentType: string }[];
  /** Optional HTML alternative to `text` (notification and alert mails). */
  html?: string | undefined;
  /** Extra headers, e.g. List-Unsubscribe (RFC 8058). Names must be plain tokens; values are made single-line. */
  headers?: Record<string, string> | undefined;
}

export interface MailTransport {
  readonly kind: 'smtp' | 'files' | 'held';
  send(mail: OutgoingMail): Promise<{ response: string }>;
  close(): void;
}

function extraHeaders(headers: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!headers) return undefined;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!/^[A-Za-z][A-Za-z0-9-]{0,60}$/.test(name)) throw new Error(`Refusing an unsafe header name: ${name}`);
    out[name] = headerLine(value, 900);
  }
  return out;
}

function message(from: string, mail: OutgoingMail) {
  const to = safeAddress(mail.to);
  if (!to) throw new Error(`Refusing to send to an unsafe address (${mail.id})`);
  const headers = extraHeaders(mail.headers);
  return {
    ...(mail.html !== undefined ? { html: mail.html } : {}),
    ...(headers ? { headers } : {}),
    from,
    to,
    subject: headerLine(mail.subject, 250),
    text: mail.text,
    messageId: mail.messageId,
    date: mail.date,
    attachments: (mail.attachments ?? []).map((a) => ({ filename: headerLine(a.filename, 120), content: Buffer.from(a.content), contentType: a.contentType })),
  };
}

export function createMailTransport(settings: CommentSettings): MailTransport {
  const from = safeAddress(settings.mailFrom) ?? 'noreply@localhost';
  if (settings.smtpUrl) {
    const transporter = nodemailer.createTransport({
      url: settings.smtpUrl,
      connectionTimeout: 5_000,
      greetingTimeout: 5_000,
      socketTimeout: 15_000,
    } as Parameters<typeof nodemailer.createTransport>[0]);
    return {
      kind: 'smtp',
      async send(mail) {
        const info = (await transporter.sendMail(message(from, mail))) as { response?: string };
        return { response: String(info.response ?? 'accepted') };
      },
      close: () => transporter.close(),
    };
  }
  const files = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  if (settings.mailHeld) {
    return {
      kind: 'held',
      async send(mail) {
        const info = await files.sendMail(message(from, mail));
        await outboxStore().set(keys.held(mail.id), (info.message as Buffer).toString('utf8'));
        console.log(`[mail] not sent from this preview deploy: kept as ${keys.held(mail.id)} in its outbox store`);
        return { response: `held ${keys.held(mail.id)}` };
      },
      close: () => files.close(),
    };
  }
  return {
    kind: 'files',
    async send(mail) {
      const info = await files.sendMail(message(from, mail));
      await mkdir(settings.localMailDir, { recursive: true });
      const path = join(settings.localMailDir, `${mail.id.replace(/[^A-Za-z0-9._-]/g, '_')}.eml`);
      await writeFile(path, info.message as Buffer);
      if (process.env.GONGKAI_MAIL_LOG !== '0') console.log(`[mail] SMTP_URL not set: wrote ${path} (to ${mail.to}: ${headerLine(mail.subject)})`);
      return { response: `written ${path}` };
    },
    close: () => files.close(),
  };
}
