/**
 * What every page answered on request goes through (as the scheduled functions go through function-handler.ts):
 * the deploy context noted from Netlify's Context, the production check before any input is read,
 * and the security headers on every answer (Netlify applies no header rules to a function's response).
 */
import type { Context } from '@netlify/functions';
import { defineMiddleware } from 'astro:middleware';
import { recordPlatformDeployContext } from './server/deploy-context.ts';
import { refuseUnsafeDeploy } from './server/deploy-refusal.ts';
import { withFunctionHeaders } from './server/security-headers.ts';
import { EDITOR_PATH } from './server/editor-page.ts';

export const onRequest = defineMiddleware(async (context, next) => {
  if (context.isPrerendered) return next();
  // The web editor's page takes no input and sets its own, looser policy (Decap needs it): see editor-page.ts.
  if (context.url.pathname === EDITOR_PATH) return next();
  const platform = (context.locals as { netlify?: { context?: Context } }).netlify?.context;
  recordPlatformDeployContext(platform?.deploy?.context);
  return withFunctionHeaders((await refuseUnsafeDeploy(context.request)) ?? (await next()));
});
