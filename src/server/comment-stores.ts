/**
 * The Netlify Blobs stores of the comment system and the key of every kind of
 * entry. All access uses strong consistency: a comment is acknowledged only
 * after it is readable.
 *
 * comments store (private; never served):
 *   comments/<consultation>/<receipt>     one JSON record per comment
 *   attachments/<consultation>/<receipt>  the attachment bytes, beside the comment
 *   receipts/<receipt>                    receipt → consultation (claimed first; keeps receipts unique)
 *   idempotency/<sha256(key)>             idempotency key → receipt (written last: the commit mark)
 *   stash/<idempotency key>               an attachment kept while the form is shown again
 * outbox store: queue/<mail id>, sent/<mail id>, failed/<mail id> (given up, see outbox.ts),
 *   held/<mail id>.eml (a deploy preview's mail, kept instead of sent: mail-transport.ts)
 * notifications store: lead-time notifications (src/server/notifications.ts)
 * subscriptions store (private; e-mail addresses): public alerts (src/server/subscriptions.ts)
 * ratelimit store: <policy>/<window>/<client hash>/<event id>
 * access-log store: who read personal data (src/server/access-log.ts)
 * retention store: the daily deletions of expired personal data (src/server/retention.ts)
 * cases store (private; personal data): cases and their queues (src/server/case-store.ts)
 * staff store (private): the staff directory, sign-in links and sessions (src/server/staff-auth.ts)
 * warnings store: delivery records of warning messages and the webhook queue (src/server/warning-alerts.ts, webhooks.ts)
 *
 * STORE_KINDS lists every store of the project: backups (src/server/backup.ts)
 * cover exactly this list, so a store added here is backed up without more ado.
 */
import { getStore, type Store } from '@netlify/blobs';
import { readCommentSettings } from './comment-settings.ts';

let blobsFetch: typeof globalThis.fetch | undefined;

/** Local runs only: the HTTP client used to reach the local BlobsServer (see local-blobs.ts). */
export function useBlobsFetch(fetchImpl: typeof globalThis.fetch | undefined): void {
  blobsFetch = fetchImpl;
}

/**
 * @netlify/blobs reports a conditional write (onlyIfNew / onlyIfMatch) as done
 * whenever the answer is not 412 — even a 500 after all its retries — so a
 * claim that never reached the store would count as won. Here any answer to a
 * conditional write other than 200 or 412 is an error (the client retries it,
 * then the write throws).
 */
export function conditionalWritesChecked(fetchImpl: typeof globalThis.fetch): typeof globalThis.fetch {
  return async (input, init) => {
    const res = await fetchImpl(input, init);
    if ((init?.method ?? 'GET').toUpperCase() === 'PUT' && res.status !== 200 && res.status !== 412) {
      const headers = new Headers(init?.headers);
      if (headers.has('if-match') || headers.has('if-none-match')) throw new Error(`Netlify Blobs: conditional write answered ${res.status}`);
    }
    return res;
  };
}

/** Every store of the project (see above). */
export const STORE_KINDS = ['comments', 'outbox', 'ratelimit', 'notifications', 'subscriptions', 'access-log', 'retention', 'cases', 'staff', 'warnings'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

/** The Blobs name of a store: `<GONGKAI_STORE_PREFIX>-<kind>`, the deploy context after the prefix outside production (deploy-context.ts). */
export function storeName(kind: StoreKind): string {
  return `${readCommentSettings().storePrefix}-${kind}`;
}

/** Every store's Blobs name, in STORE_KINDS order. */
export function projectStoreNames(): string[] {
  return STORE_KINDS.map(storeName);
}

/** A store by its full Blobs name (backup and restore work on names). */
export function openStore(name: string): Store {
  return getStore({ name, consistency: 'strong', fetch: conditionalWritesChecked(blobsFetch ?? globalThis.fetch) });
}

function store(kind: StoreKind): Store {
  return openStore(storeName(kind));
}

export const commentsStore = () => store('comments');
export const outboxStore = () => store('outbox');
export const rateLimitStore = () => store('ratelimit');
export const notificationsStore = () => store('notifications');
export const subscriptionsStore = () => store('subscriptions');
export const warningsStore = () => store('warnings');
export const accessLogStore = () => store('access-log');
export const retentionStore = () => store('retention');
export const casesStore = () => store('cases');
export const staffStore = () => store('staff');

export const keys = {
  comment: (consultation: string, receipt: string) => `comments/${consultation}/${receipt}`,
  commentsOf: (consultation: string) => `comments/${consultation}/`,
  attachment: (consultation: string, receipt: string) => `attachments/${consultation}/${receipt}`,
  receipt: (receipt: string) => `receipts/${receipt}`,
  idempotency: (keyHash: string) => `idempotency/${keyHash}`,
  stash: (idempotencyKey: string) => `stash/${idempotencyKey}`,
  queued: (mailId: string) => `queue/${mailId}`,
  sent: (mailId: string) => `sent/${mailId}`,
  failed: (mailId: string) => `failed/${mailId}`,
  /** A subscriber's mail taken off the queue because the subscription ended before it went out. */
  withdrawn: (mailId: string) => `withdrawn/${mailId}`,
  held: (mailId: string) => `held/${mailId.replace(/[^A-Za-z0-9._-]/g, '_')}.eml`,
};

/** Every key under a prefix (pages through large listings). */
export async function listKeys(s: Store, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const page of s.list({ prefix, paginate: true })) for (const b of page.blobs) out.push(b.key);
  return out;
}
