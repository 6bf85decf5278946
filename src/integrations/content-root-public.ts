/**
 * A content tree outside the project (GONGKAI_CONTENT_ROOT, used by tests and benchmarks)
 * keeps its attachments in its own public/ folder, which is where the content check looks
 * for them. Astro copies only the project's public/, so this adds the tree's files to the
 * built site. Does nothing when the content is the project's own.
 */
import { cpSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/** The content tree's own public/ folder, when the build's content is not the project's (undefined otherwise). */
export function contentRootPublicDir(projectRoot: string): string | undefined {
  const contentRoot = process.env.GONGKAI_CONTENT_ROOT;
  if (!contentRoot || resolve(contentRoot) === resolve(projectRoot)) return undefined;
  const dir = resolve(contentRoot, 'public');
  return existsSync(dir) ? dir : undefined;
}

export function contentRootPublic(): AstroIntegration {
  let projectRoot = process.cwd();
  return {
    name: 'gongkai:content-root-public',
    hooks: {
      'astro:config:done': ({ config }) => {
        projectRoot = fileURLToPath(config.root);
      },
      'astro:build:done': ({ dir, logger }) => {
        const source = contentRootPublicDir(projectRoot);
        if (!source) return;
        cpSync(source, fileURLToPath(dir), { recursive: true });
        logger.info(`copied ${source} into the built site`);
      },
    },
  };
}
