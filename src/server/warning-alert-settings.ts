/**
 * Settings of warning delivery, from the environment (.env.example):
 *
 *   WARNING_WEBHOOKS              JSON list of channels: [{"id":"sms","name":"短信平台","url":"https://…","secret":"…"}]
 *   WARNING_MAIL_MAX_ATTEMPTS     failed attempts after which a warning mail is given up (default 12)
 *   WARNING_WEBHOOK_MAX_ATTEMPTS  the same for a webhook delivery (default 20)
 *
 * The unsubscribe links are signed with SUBSCRIPTION_SECRET (notify-settings.ts).
 * A bad setting is refused with the variable's name: better no run than a wrong one.
 */
import { readNotifySettings } from './notify-settings.ts';
import type { WarningAlertSettings } from './warning-alerts.ts';
import type { WebhookEndpoint } from './webhooks.ts';

function whole(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error(`${name} must be a whole number from 1 to 1000, not "${value}"`);
  return n;
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function parseWebhooks(value: string | undefined): WebhookEndpoint[] {
  if (value === undefined || value.trim() === '') return [];
  let list: unknown;
  try {
    list = JSON.parse(value);
  } catch {
    throw new Error('WARNING_WEBHOOKS must be a JSON list such as [{"id":"sms","name":"短信平台","url":"https://…","secret":"…"}]');
  }
  if (!Array.isArray(list)) throw new Error('WARNING_WEBHOOKS must be a JSON list');
  const seen = new Set<string>();
  return list.map((raw, i) => {
    const e = raw as Partial<WebhookEndpoint>;
    const where = `WARNING_WEBHOOKS[${i}]`;
    if (typeof e.id !== 'string' || !/^[a-z0-9][a-z0-9-]{0,39}$/.test(e.id) || e.id === 'email') throw new Error(`${where}.id must be lower-case letters, digits and hyphens (not "email")`);
    if (seen.has(e.id)) throw new Error(`${where}.id "${e.id}" is used twice`);
    seen.add(e.id);
    if (typeof e.name !== 'string' || e.name.trim() === '') throw new Error(`${where}.name is missing (the channel's name in the statistics, e.g. 短信平台)`);
    let url: URL;
    try {
      url = new URL(String(e.url));
    } catch {
      throw new Error(`${where}.url is not an address`);
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname))) throw new Error(`${where}.url must use https:// (http:// only to this machine)`);
    if (typeof e.secret !== 'string' || e.secret.length < 16) throw new Error(`${where}.secret must be at least 16 characters`);
    return { id: e.id, name: e.name.trim(), url: url.href, secret: e.secret };
  });
}

export function readWarningAlertSettings(env: NodeJS.ProcessEnv = process.env): WarningAlertSettings {
  return {
    subscriptionSecret: readNotifySettings(env).subscriptionSecret,
    mailMaxAttempts: whole(env.WARNING_MAIL_MAX_ATTEMPTS, 12, 'WARNING_MAIL_MAX_ATTEMPTS'),
    hookMaxAttempts: whole(env.WARNING_WEBHOOK_MAX_ATTEMPTS, 20, 'WARNING_WEBHOOK_MAX_ATTEMPTS'),
    webhooks: parseWebhooks(env.WARNING_WEBHOOKS),
  };
}
