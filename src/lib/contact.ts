/**
 * `tel:` address of a phone number as written for people: "010-1234 5678" → "tel:01012345678".
 * Takes the first number in the text ("010-12345678（工作日9:00—17:00）"); undefined when there is none,
 * so the page shows the text without a link.
 */
export function telHref(phone: string): string | undefined {
  const match = /\+?\d[\d\s()-]*\d/.exec(phone.replace(/（/g, '(').replace(/）/g, ')'));
  const digits = match?.[0].replace(/[^\d+]/g, '');
  return digits && digits.replace('+', '').length >= 5 ? `tel:${digits}` : undefined;
}
