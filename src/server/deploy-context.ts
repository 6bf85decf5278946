/**
 * Which deploy the code runs in, and what follows from it: production refuses unsafe settings, and
 * deploy previews and branch deploys keep their data and mail apart from production's.
 *
 * The context comes from CONTEXT in the environment (Netlify's builds, `npm start` with CONTEXT=production,
 * tests) or from the function's Context (`context.deploy.context`), which the function wrapper
 * (function-handler.ts) records for the rest of the invocation's instance: an instance belongs to one deploy.
 */
let platformContext: string | undefined;

/** Called by the function wrapper with `context.deploy.context`. */
export function recordPlatformDeployContext(name: string | undefined): void {
  if (name) platformContext = name;
}

/** Tests: forget what a function's Context said. */
export function forgetPlatformDeployContext(): void {
  platformContext = undefined;
}

/** Contexts of `netlify dev` and local tools: they run like a plain local checkout. */
const LOCAL_CONTEXTS = new Set(['dev', 'dev-server']);

export interface DeployContext {
  /** production, deploy-preview, branch-deploy… or null for a local run. */
  name: string | null;
  /** Running as a deploy (on Netlify, or locally with CONTEXT set to a deploy context): the production rule applies. */
  deployed: boolean;
  /** A deploy whose data and mail must stay apart from production's (deploy-preview, branch-deploy…). */
  separate: boolean;
}

export function deployContext(env: NodeJS.ProcessEnv = process.env): DeployContext {
  const raw = env.CONTEXT?.trim() || platformContext || null;
  const name = raw && !LOCAL_CONTEXTS.has(raw) && env.NETLIFY_DEV !== 'true' ? raw : null;
  const deployed = name !== null || (env.NETLIFY === 'true' && env.NETLIFY_DEV !== 'true');
  return { name: name ?? (deployed ? 'production' : null), deployed, separate: name !== null && name !== 'production' };
}

/**
 * The prefix of every store name: GONGKAI_STORE_PREFIX (default gongkai) for production and local runs,
 * followed by the context's name elsewhere (gongkai-deploy-preview-comments), so that a preview never reads
 * or writes production's comments, subscriptions or outbox.
 */
export function storeNamespace(env: NodeJS.ProcessEnv = process.env): string {
  const prefix = env.GONGKAI_STORE_PREFIX?.trim() || 'gongkai';
  const context = deployContext(env);
  return context.separate ? `${prefix}-${context.name!.replace(/[^A-Za-z0-9-]/g, '-')}` : prefix;
}

/**
 * Whether mail is kept in the outbox store instead of sent: in deploy previews and branch deploys, unless
 * PREVIEW_MAIL=send (then they send through SMTP_URL like production).
 */
export function mailHeld(env: NodeJS.ProcessEnv = process.env): boolean {
  return deployContext(env).separate && env.PREVIEW_MAIL?.trim().toLowerCase() !== 'send';
}
