/**
 * What every Netlify function in functions/ goes through: the deploy context noted from Netlify's Context,
 * the production check (production-safety.ts) before any input is read, and the security headers on every
 * answer (Netlify applies no header rules to function responses).
 */
import type { Context } from '@netlify/functions';
import { recordPlatformDeployContext } from './deploy-context.ts';
import { refuseUnsafeDeploy, unsafeDeploySettings, unsafeSettingsLine } from './production-safety.ts';
import { withFunctionHeaders } from './security-headers.ts';

export type FunctionHandler = (request: Request, context: Context) => Promise<Response>;

/** A function that answers the public: refused on an unsafe deploy, and every answer carries FUNCTION_HEADERS. */
export function publicFunction(handler: FunctionHandler): (request: Request, context: Context) => Promise<Response> {
  return async (request, context) => {
    recordPlatformDeployContext(context?.deploy?.context);
    const answer = refuseUnsafeDeploy(request) ?? (await handler(request, context));
    return withFunctionHeaders(answer);
  };
}

/** A scheduled job: does nothing on an unsafe deploy (one log line, 503), else runs. */
export function scheduledFunction(name: string, job: () => Promise<Response>): (request: Request, context: Context) => Promise<Response> {
  return async (_request, context) => {
    recordPlatformDeployContext(context?.deploy?.context);
    const problems = unsafeDeploySettings();
    if (problems.length > 0) {
      console.error(unsafeSettingsLine(name, problems));
      return new Response(null, { status: 503 });
    }
    return job();
  };
}
