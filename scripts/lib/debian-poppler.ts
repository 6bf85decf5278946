/**
 * pdftoppm from Debian's poppler-utils: the print test renders the PDF that Chromium prints to an image,
 * to read the QR code on it. Installed when missing and run as root (provideDebianPackage).
 */
import { provideDebianPackage, realDebianHost, type DebianHost, type DebianOutcome } from './debian-package.ts';

export const PDFTOPPM_PATH = '/usr/bin/pdftoppm';

export function providePdftoppm(host: DebianHost = realDebianHost): DebianOutcome {
  return provideDebianPackage({ path: PDFTOPPM_PATH, packageName: 'poppler-utils', neededBy: 'the print test needs', installTime: 'a few seconds' }, host);
}
