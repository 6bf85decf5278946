/**
 * Subscriptions to public e-mail alerts, kept in the private subscriptions
 * store (never published): one entry per confirmed address and target,
 *
 *   subs/<scope>/<target>/<subscriber id>  →  SubscriptionRecord
 *
 * where the subscriber id is an HMAC of the address (SUBSCRIPTION_SECRET), so
 * the same address always lands on the same key: subscribing twice cannot
 * create a second entry. Nothing is stored before confirmation — the signed
 * confirmation link carries the address until then. Unsubscribing deletes
 * the entry.
 */
import { createHmac } from 'node:crypto';
import type { SubscriptionTarget } from '../lib/notification-plan.ts';
import { CONFIRM_ENDPOINT, UNSUBSCRIBE_ENDPOINT, isConfirmPayload, type FollowScope, isUnsubscribePayload, type ConfirmPayload, type UnsubscribePayload } from '../lib/subscriptions.ts';
import { listKeys, subscriptionsStore } from './comment-stores.ts';
import { readPurposeToken, signPurposeToken } from './form-tokens.ts';

export interface SubscriptionRecord {
  subscriber: string;
  email: string;
  scope: FollowScope;
  target: string;
  confirmedAt: string;
}

export function subscriberId(email: string, secret: string): string {
  return createHmac('sha256', secret).update(`gongkai-subscriber\n${email.toLowerCase()}`).digest('hex').slice(0, 32);
}

export function subscriptionKey(scope: FollowScope, target: string, subscriber: string): string {
  return `subs/${scope}/${target}/${subscriber}`;
}

export async function getSubscription(key: string): Promise<SubscriptionRecord | null> {
  return (await subscriptionsStore().get(key, { type: 'json' })) as SubscriptionRecord | null;
}

/** Stores a confirmed subscription; a second confirmation keeps the first record. Returns whether it was new. */
export async function saveSubscription(record: SubscriptionRecord): Promise<boolean> {
  const key = subscriptionKey(record.scope, record.target, record.subscriber);
  if (await getSubscription(key)) return false;
  await subscriptionsStore().setJSON(key, record, { onlyIfNew: true });
  return true;
}

/** Removes a subscription. Returns whether there was one. */
export async function removeSubscription(scope: FollowScope, target: string, subscriber: string): Promise<boolean> {
  const key = subscriptionKey(scope, target, subscriber);
  const existed = (await getSubscription(key)) !== null;
  await subscriptionsStore().delete(key);
  return existed;
}

export interface MatchedSubscriber {
  subscriber: string;
  /** The subscription that reached this person: the most specific one when several match. */
  key: string;
  record: SubscriptionRecord;
}

/**
 * Everyone following any of the targets, once per address. The targets come
 * most specific first (consultation, department, policy areas); a person
 * following several is reached through the first, whose unsubscribe link
 * the mail then carries.
 */
export async function subscribersOf(follows: readonly SubscriptionTarget[]): Promise<MatchedSubscriber[]> {
  const store = subscriptionsStore();
  const seen = new Map<string, MatchedSubscriber>();
  for (const f of follows) {
    for (const key of (await listKeys(store, `subs/${f.scope}/${f.id}/`)).sort()) {
      const subscriber = key.slice(key.lastIndexOf('/') + 1);
      if (seen.has(subscriber)) continue;
      const record = await getSubscription(key);
      if (record) seen.set(subscriber, { subscriber, key, record });
    }
  }
  return [...seen.values()];
}

/** Every confirmed area subscription, read from the keys alone (subs/area/<code>/<subscriber>). */
export async function areaFollows(): Promise<{ subscriber: string; area: string; key: string }[]> {
  return (await listKeys(subscriptionsStore(), 'subs/area/')).flatMap((key) => {
    const [, , area, subscriber] = key.split('/');
    return area && subscriber ? [{ subscriber, area, key }] : [];
  });
}

export function confirmToken(payload: ConfirmPayload, secret: string): string {
  return signPurposeToken('subscribe', payload, secret);
}

export function readConfirmToken(token: string, secret: string): ConfirmPayload | null {
  const p = readPurposeToken('subscribe', token, secret);
  return isConfirmPayload(p) ? p : null;
}

export function unsubscribeToken(payload: UnsubscribePayload, secret: string): string {
  return signPurposeToken('unsubscribe', payload, secret);
}

export function readUnsubscribeToken(token: string, secret: string): UnsubscribePayload | null {
  const p = readPurposeToken('unsubscribe', token, secret);
  return isUnsubscribePayload(p) ? p : null;
}

export function confirmUrl(siteUrl: string, payload: ConfirmPayload, secret: string): string {
  return `${siteUrl}${CONFIRM_ENDPOINT}?token=${encodeURIComponent(confirmToken(payload, secret))}`;
}

export function unsubscribeUrl(siteUrl: string, payload: UnsubscribePayload, secret: string): string {
  return `${siteUrl}${UNSUBSCRIBE_ENDPOINT}?token=${encodeURIComponent(unsubscribeToken(payload, secret))}`;
}

/** RFC 2369 / RFC 8058: mail programs offer a one-click unsubscribe that POSTs to the link. */
export function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
