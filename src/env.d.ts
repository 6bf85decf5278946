// Astro components imported from TypeScript modules (the intake's answer pages, src/server/pages.ts).
declare module '*.astro' {
  const Component: (props: never) => unknown;
  export default Component;
}
