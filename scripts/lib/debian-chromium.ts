/**
 * The browser of the browser tests and `npm run verify`: Debian's `chromium` package, never a browser
 * downloaded from a vendor; installed when missing and run as root (provideDebianPackage).
 */
import { provideDebianPackage, realDebianHost, type DebianHost, type DebianOutcome } from './debian-package.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export type ChromiumHost = DebianHost;
export type ChromiumOutcome = DebianOutcome;

export function provideChromium(host: ChromiumHost = realDebianHost): ChromiumOutcome {
  return provideDebianPackage({ path: CHROMIUM_PATH, packageName: 'chromium', neededBy: 'the browser tests need', installTime: 'about a minute' }, host);
}
