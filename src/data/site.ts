/**
 * The site configuration (content/site.yaml) for pages and components. astro.config.mjs reads it
 * once and builds it in, so that pages answered on request, which run where the content folder is
 * not, show the same name, navigation and footer as the static ones.
 */
import type { SiteConfig } from '../schemas/site.ts';

declare const __GONGKAI_SITE__: SiteConfig;

export const site: SiteConfig = __GONGKAI_SITE__;
