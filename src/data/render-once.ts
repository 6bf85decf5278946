/**
 * HTML of shell parts rendered once per build (src/components/RenderOnce.astro), by key.
 * Only a production build keeps anything: in `astro dev` an edited component must show at once.
 */
const rendered = new Map<string, string>();

export function renderedOnce(key: string): string | undefined {
  return import.meta.env.PROD ? rendered.get(key) : undefined;
}

export function keepRendered(key: string, html: string): void {
  if (import.meta.env.PROD) rendered.set(key, html);
}
