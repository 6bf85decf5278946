/**
 * The e-mail alert form on the built sample site: on every consultation page
 * still waiting for its feedback, every department and policy-area page; a
 * plain form (no JavaScript) whose hidden target the subscription function
 * accepts — checked against the same data file the function reads.
 */
import { describe, expect, it } from 'vitest';
import type { PublishedData } from '../../src/lib/published-data.ts';
import { resolveTarget, SUBSCRIBE_ENDPOINT } from '../../src/lib/subscriptions.ts';
import { isSubscriptionScope } from '../../src/lib/subscriptions.ts';
import { consultationStatus } from '../../src/lib/consultation-status.ts';
import { clockOf } from '../../src/lib/published-data.ts';
import { BUILD_NOW, readPage, readSite, textOf } from '../helpers/site.ts';

const data = JSON.parse(readSite('/data/consultations.json')) as PublishedData;

function formOn(path: string) {
  const doc = readPage(path);
  const section = doc.querySelector('section.subscribe');
  const form = section?.querySelector('form');
  return { doc, section, form };
}

function expectWorkingForm(path: string, scope: string, target: string) {
  const { doc, section, form } = formOn(path);
  expect(section, path).not.toBeNull();
  expect(section!.hasAttribute('data-pagefind-ignore')).toBe(true);
  expect(textOf(section!.querySelector('h2'))).toBe('邮件提醒');
  expect(form!.getAttribute('action')).toBe(SUBSCRIBE_ENDPOINT);
  expect(form!.getAttribute('method')).toBe('post');
  const s = form!.querySelector('input[name=scope]')!.getAttribute('value')!;
  const t = form!.querySelector('input[name=target]')!.getAttribute('value')!;
  expect([s, t]).toEqual([scope, target]);
  expect(isSubscriptionScope(s) && resolveTarget(data, s, t), `${path}: the function would refuse ${s}/${t}`).toBeTruthy();
  const email = form!.querySelector('input[name=email]')!;
  expect(email.getAttribute('type')).toBe('email');
  expect(email.getAttribute('autocomplete')).toBe('email');
  const label = doc.querySelector(`label[for="${email.getAttribute('id')}"]`);
  expect(textOf(label)).toBe('电子邮箱');
  expect(doc.querySelector(`#${email.getAttribute('aria-describedby')}`)).not.toBeNull();
  expect(form!.querySelector('button[type=submit]')!.text).toBe('订阅邮件提醒');
  // Honeypot: hidden from people and assistive technology, never in the tab order.
  const trap = form!.querySelector('input[name=website]')!;
  expect(trap.getAttribute('tabindex')).toBe('-1');
  expect(trap.parentNode?.getAttribute('aria-hidden')).toBe('true');
}

describe('e-mail alert form', () => {
  it('is on consultation pages until the feedback is published', () => {
    const now = new Date(BUILD_NOW);
    let withForm = 0;
    for (const c of data.consultations) {
      const published = consultationStatus(clockOf(c), now) === 'feedback-published';
      if (published) expect(formOn(c.path).section, c.path).toBeNull();
      else {
        expectWorkingForm(c.path, 'consultation', c.id);
        withForm++;
      }
    }
    expect(withForm).toBeGreaterThan(0);
    expect(withForm).toBeLessThan(data.consultations.length);
  });

  it('is on every department page (also those without consultations) and every policy-area page', () => {
    expect(data.departments.length).toBeGreaterThan(new Set(data.consultations.map((c) => c.department.id)).size);
    for (const d of data.departments) expectWorkingForm(d.path, 'department', d.id);
    for (const a of data.policyAreas) expectWorkingForm(a.path, 'policy-area', a.id);
  });
});
