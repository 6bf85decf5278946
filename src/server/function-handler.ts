/**
 * What every scheduled Netlify function in functions/ goes through: the deploy context noted from Netlify's
 * Context and the production check (production-safety.ts). Pages answered on request get the same through
 * src/middleware.ts.
 */
import type { Context } from '@netlify/functions';
import { recordPlatformDeployContext } from './deploy-context.ts';
import { unsafeDeploySettings, unsafeSettingsLine } from './production-safety.ts';

export type FunctionHandler = (request: Request, context: Context) => Promise<Response>;

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
