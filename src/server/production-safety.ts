/**
 * The one check of a deploy's settings, shared by every function that takes input, the scheduled jobs and
 * `npm start` run with CONTEXT=production: a deploy with a missing or public secret, or with nowhere to send
 * mail, answers 503 in Chinese, logs one line naming the variables, and stores nothing.
 */
import { LOCAL_FORM_TOKEN_SECRET, LOCAL_RECEIPT_SALT } from './comment-settings.ts';
import { deployContext, mailHeld } from './deploy-context.ts';
import { LOCAL_SUBSCRIPTION_SECRET } from './notify-settings.ts';
import { LOCAL_LEDGER_SEED } from './ledger-signing.ts';

/**
 * What makes a deploy unsafe to take input: each entry names a variable and why (missing, or the public
 * built-in default). Empty when the settings are safe or the code does not run as a deploy.
 */
export function unsafeDeploySettings(env: NodeJS.ProcessEnv = process.env): string[] {
  if (!deployContext(env).deployed) return [];
  const problems: string[] = [];
  const secrets: [string, string][] = [
    ['FORM_TOKEN_SECRET', LOCAL_FORM_TOKEN_SECRET],
    ['SUBSCRIPTION_SECRET', LOCAL_SUBSCRIPTION_SECRET],
    ['RECEIPT_SALT', LOCAL_RECEIPT_SALT],
    ['LEDGER_SIGNING_KEY', LOCAL_LEDGER_SEED.toString('base64')],
  ];
  for (const [name, builtIn] of secrets) {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name} (missing)`);
    else if (value === builtIn) problems.push(`${name} (the public built-in default)`);
  }
  const ledgerKey = env.LEDGER_SIGNING_KEY?.trim();
  if (ledgerKey && ledgerKey !== LOCAL_LEDGER_SEED.toString('base64') && Buffer.from(ledgerKey, 'base64').length !== 32) {
    problems.push('LEDGER_SIGNING_KEY (not the base64 of a 32-byte Ed25519 seed)');
  }
  // Without SMTP, mail would go to files in the function's read-only folder and be retried forever.
  if (!mailHeld(env) && !env.SMTP_URL?.trim()) problems.push('SMTP_URL (missing)');
  return problems;
}

/** The one log line of a refusal. */
export function unsafeSettingsLine(what: string, problems: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  return `[production] ${what} refused: the ${deployContext(env).name} deploy lacks safe settings: ${problems.join(', ')}. Set them in the site's environment variables (see README, Deploying to Netlify).`;
}

export const UNSAFE_SETTINGS_MESSAGE = '本网站的在线受理服务尚未完成安全配置，暂时无法受理，您提交的内容未被保存。请稍后再试，或通过页面上公布的电子邮箱、电话等其他渠道提交。';
