/** The built site carries Netlify's _headers, generated from src/server/security-headers.ts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SITE_DIR } from '../helpers/site.ts';
import { netlifyHeadersFile } from '../../src/server/security-headers.ts';

describe('dist/_headers', () => {
  it('is the file security-headers.ts generates', () => {
    expect(readFileSync(join(SITE_DIR, '_headers'), 'utf8')).toBe(netlifyHeadersFile());
  });
});
