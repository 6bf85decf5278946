/**
 * Staff sign-in without another service: the disclosure office registers staff
 * addresses (the directory lives in the private `staff` store; the first office
 * address comes from STAFF_OFFICE_EMAIL), and a person signs in with a link
 * mailed to a registered address.
 *
 *   people/<sha256(address)>   a registered person: name, role, unit
 *   links/<sha256(token)>      a sign-in link: address, expiry, when used
 *   sessions/<sha256(id)>      a session: address, created, last seen
 *   directory-log/<instant>-<random>   who registered or removed whom
 *
 * Tokens and session ids are random (256 bits) and stored only as hashes. A
 * link is used by a conditional write on its record, so it signs in once, even
 * when two requests race. The role and unit are read from the directory on
 * every request: removing a person ends their access at once.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Actor, CaseUnit } from '../lib/cases/case.ts';
import { DEFAULT_IDLE_MINUTES, DEFAULT_SESSION_MAX_HOURS, SESSION_COOKIE, SESSION_TOUCH_MS, SIGN_IN_LINK_TTL_MS, cookieValue, normaliseEmail, sessionState } from '../lib/staff/auth-rules.ts';
import { formatChineseDateTime } from '../lib/time.ts';
import { listKeys, staffStore } from './comment-stores.ts';
import type { MailTransport } from './mail-transport.ts';
import { deliver, enqueue, pendingMail } from './outbox.ts';

export interface StaffSettings {
  /** The first disclosure-office address (STAFF_OFFICE_EMAIL): always an office member. */
  officeEmail: string | null;
  idleMinutes: number;
  maxHours: number;
}

function minutes(value: string | undefined, fallback: number, name: string, max: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value.trim());
  if (!Number.isInteger(n) || n < 1 || n > max) throw new RangeError(`${name} must be a whole number from 1 to ${max}, got ${value}`);
  return n;
}

export function readStaffSettings(env: NodeJS.ProcessEnv = process.env): StaffSettings {
  const office = env.STAFF_OFFICE_EMAIL?.trim() ? normaliseEmail(env.STAFF_OFFICE_EMAIL) : null;
  if (env.STAFF_OFFICE_EMAIL?.trim() && !office) throw new RangeError(`STAFF_OFFICE_EMAIL is not an e-mail address: ${env.STAFF_OFFICE_EMAIL}`);
  return {
    officeEmail: office,
    idleMinutes: minutes(env.STAFF_SESSION_IDLE_MINUTES, DEFAULT_IDLE_MINUTES, 'STAFF_SESSION_IDLE_MINUTES', 24 * 60),
    maxHours: minutes(env.STAFF_SESSION_MAX_HOURS, DEFAULT_SESSION_MAX_HOURS, 'STAFF_SESSION_MAX_HOURS', 24 * 7),
  };
}

export type StaffRole = 'office' | 'unit';

export interface StaffPerson {
  email: string;
  name: string;
  role: StaffRole;
  /** The unit a unit member acts for; null for the office. */
  unit: CaseUnit | null;
  addedBy: string;
  addedAt: string;
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex');
const personKey = (email: string) => `people/${hash(`person\n${email}`)}`;
const linkKey = (token: string) => `links/${hash(`link\n${token}`)}`;
const sessionKey = (id: string) => `sessions/${hash(`session\n${id}`)}`;
const token = () => randomBytes(32).toString('base64url');

export function actorOf(person: StaffPerson): Actor {
  return person.role === 'office' ? { kind: 'office', email: person.email } : { kind: 'unit', email: person.email, unit: person.unit!.id };
}

/** The registered person with this address (the bootstrap office address included), or null. */
export async function findPerson(email: string, settings: StaffSettings = readStaffSettings()): Promise<StaffPerson | null> {
  const e = normaliseEmail(email);
  if (!e) return null;
  const stored = (await staffStore().get(personKey(e), { type: 'json' })) as StaffPerson | null;
  if (stored && stored.email === e) return stored;
  if (settings.officeEmail === e) return { email: e, name: '政务公开办公室', role: 'office', unit: null, addedBy: 'STAFF_OFFICE_EMAIL', addedAt: '' };
  return null;
}

export async function listPeople(): Promise<StaffPerson[]> {
  const store = staffStore();
  const keys = await listKeys(store, 'people/');
  const people = await Promise.all(keys.map((k) => store.get(k, { type: 'json' }) as Promise<StaffPerson | null>));
  return people.filter((p): p is StaffPerson => p !== null).sort((a, b) => (a.unit?.name ?? '').localeCompare(b.unit?.name ?? '') || a.email.localeCompare(b.email));
}

/** The units staff are registered for: where cases can be assigned. */
export async function knownUnits(): Promise<CaseUnit[]> {
  const units = new Map<string, CaseUnit>();
  for (const p of await listPeople()) if (p.unit) units.set(p.unit.id, p.unit);
  return [...units.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export type DirectoryChange = { ok: true; person: StaffPerson } | { ok: false; message: string };

async function logDirectory(by: string, action: 'register' | 'remove', person: StaffPerson, now: Date): Promise<void> {
  await staffStore().setJSON(`directory-log/${now.toISOString()}-${randomBytes(4).toString('hex')}`, { at: now.toISOString(), by, action, email: person.email, role: person.role, unit: person.unit?.id ?? null });
}

/** The office registers (or changes) a person. */
export async function registerPerson(by: Actor, input: { email: string; name: string; role: StaffRole; unit: CaseUnit | null }, now: Date): Promise<DirectoryChange> {
  if (by.kind !== 'office') return { ok: false, message: '只有政务公开办公室可以管理工作人员名录' };
  const email = normaliseEmail(input.email);
  if (!email) return { ok: false, message: '请填写正确的电子邮箱地址' };
  const name = input.name.trim();
  if (!name || [...name].length > 50) return { ok: false, message: '请填写姓名或岗位（不超过 50 个字）' };
  if (input.role === 'unit') {
    const u = input.unit;
    if (!u || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(u.id) || !u.name.trim() || !normaliseEmail(u.email)) return { ok: false, message: '请填写承办单位的编号（小写字母、数字、连字符）、名称和单位邮箱' };
  }
  const person: StaffPerson = { email, name, role: input.role, unit: input.role === 'unit' ? { id: input.unit!.id, name: input.unit!.name.trim(), email: normaliseEmail(input.unit!.email)! } : null, addedBy: by.email, addedAt: now.toISOString() };
  await logDirectory(by.email, 'register', person, now);
  await staffStore().setJSON(personKey(email), person);
  return { ok: true, person };
}

export async function removePerson(by: Actor, email: string, now: Date): Promise<DirectoryChange> {
  if (by.kind !== 'office') return { ok: false, message: '只有政务公开办公室可以管理工作人员名录' };
  const e = normaliseEmail(email);
  const person = e ? ((await staffStore().get(personKey(e), { type: 'json' })) as StaffPerson | null) : null;
  if (!person) return { ok: false, message: '名录中没有该地址' };
  await logDirectory(by.email, 'remove', person, now);
  await staffStore().delete(personKey(person.email));
  return { ok: true, person };
}

interface LinkRecord {
  email: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

export interface SignInLinkRequest {
  email: string;
  now: Date;
  /** Where the link points: the site's confirm page (absolute URL without the token). */
  confirmUrl: string;
  siteName: string;
  transport: MailTransport;
}

/**
 * Mails a sign-in link when the address is registered; does nothing visible
 * otherwise. The caller answers the same either way.
 */
export async function requestSignInLink(req: SignInLinkRequest, settings: StaffSettings = readStaffSettings()): Promise<void> {
  const person = await findPerson(req.email, settings);
  if (!person) return;
  const t = token();
  const record: LinkRecord = { email: person.email, createdAt: req.now.toISOString(), expiresAt: new Date(req.now.getTime() + SIGN_IN_LINK_TTL_MS).toISOString(), usedAt: null };
  await staffStore().setJSON(linkKey(t), record, { onlyIfNew: true });
  const url = `${req.confirmUrl}?token=${t}`;
  const expires = formatChineseDateTime(new Date(record.expiresAt));
  const text = [`${person.name}：`, '', `请在 15 分钟内（${expires} 前，北京时间）打开以下链接登录${req.siteName}办理平台。链接只能使用一次。`, '', url, '', '如果不是您本人申请登录，请忽略本邮件，不要转发。', '', req.siteName, '（本邮件由系统自动发送，请勿直接回复）'].join('\n');
  const id = `staff-link.${hash(t).slice(0, 24)}`;
  const now = req.now.toISOString();
  await enqueue([pendingMail({ id, kind: 'notification', receipt: '', consultation: 'staff', to: person.email, subject: `${req.siteName}办理平台登录链接`, text, attachment: null, createdAt: now, maxAttempts: 3 }, now)]);
  if (req.transport.kind === 'files') console.log(`[staff] 本地运行，登录链接已写入本地发件箱 / local run, sign-in link for ${person.email}: ${url}`);
  await deliver(id, req.transport, req.now).catch((error: unknown) => console.error(`[staff] sign-in mail ${id} left in the outbox`, error));
}

interface SessionRecord {
  email: string;
  createdAt: string;
  lastSeenAt: string;
}

export type LinkUse = { ok: true; sessionId: string; person: StaffPerson; maxAgeSeconds: number } | { ok: false; reason: 'unknown' | 'used' | 'expired' | 'removed' };

/** Uses a link once and opens a session. */
export async function useSignInLink(linkToken: string, now: Date, settings: StaffSettings = readStaffSettings()): Promise<LinkUse> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(linkToken)) return { ok: false, reason: 'unknown' };
  const store = staffStore();
  const entry = await store.getWithMetadata(linkKey(linkToken), { type: 'json' });
  const link = entry?.data as LinkRecord | undefined;
  if (!entry || !link) return { ok: false, reason: 'unknown' };
  if (link.usedAt) return { ok: false, reason: 'used' };
  if (now.getTime() >= Date.parse(link.expiresAt)) return { ok: false, reason: 'expired' };
  const claimed = await store.setJSON(linkKey(linkToken), { ...link, usedAt: now.toISOString() } satisfies LinkRecord, { onlyIfMatch: entry.etag! });
  if (!claimed.modified) return { ok: false, reason: 'used' };
  const person = await findPerson(link.email, settings);
  if (!person) return { ok: false, reason: 'removed' };
  const sessionId = token();
  await store.setJSON(sessionKey(sessionId), { email: person.email, createdAt: now.toISOString(), lastSeenAt: now.toISOString() } satisfies SessionRecord, { onlyIfNew: true });
  return { ok: true, sessionId, person, maxAgeSeconds: settings.maxHours * 3600 };
}

export interface StaffSession {
  person: StaffPerson;
  actor: Actor;
}

export type Authentication = { ok: true; session: StaffSession } | { ok: false; reason: 'none' | 'idle' | 'expired' | 'removed' };

/** The signed-in person behind the request's session cookie, with the idle timeout applied. */
export async function authenticate(request: Request, now: Date, settings: StaffSettings = readStaffSettings()): Promise<Authentication> {
  const id = cookieValue(request.headers.get('cookie'), SESSION_COOKIE);
  if (!id || !/^[A-Za-z0-9_-]{43}$/.test(id)) return { ok: false, reason: 'none' };
  const store = staffStore();
  const session = (await store.get(sessionKey(id), { type: 'json' })) as SessionRecord | null;
  if (!session) return { ok: false, reason: 'none' };
  const state = sessionState(session, now, settings.idleMinutes, settings.maxHours);
  if (state !== 'live') {
    await store.delete(sessionKey(id));
    return { ok: false, reason: state };
  }
  const person = await findPerson(session.email, settings);
  if (!person) {
    await store.delete(sessionKey(id));
    return { ok: false, reason: 'removed' };
  }
  if (now.getTime() - Date.parse(session.lastSeenAt) >= SESSION_TOUCH_MS) await store.setJSON(sessionKey(id), { ...session, lastSeenAt: now.toISOString() } satisfies SessionRecord);
  return { ok: true, session: { person, actor: actorOf(person) } };
}

export async function endSession(request: Request): Promise<void> {
  const id = cookieValue(request.headers.get('cookie'), SESSION_COOKIE);
  if (id && /^[A-Za-z0-9_-]{43}$/.test(id)) await staffStore().delete(sessionKey(id));
}
