/**
 * Writes Netlify's `_headers` file into the build output from src/server/security-headers.ts, the same
 * rules the local server applies: the one declaration of the static pages' headers (netlify.toml has none).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { netlifyHeadersFile } from '../server/security-headers.ts';

export function netlifyHeaders(): AstroIntegration {
  return {
    name: 'gongkai:netlify-headers',
    hooks: {
      'astro:build:done': ({ dir }) => {
        writeFileSync(fileURLToPath(new URL('_headers', dir)), netlifyHeadersFile());
      },
    },
  };
}
