/**
 * Makes sure the Debian programs of the browser tests are there: Chromium, and pdftoppm (poppler-utils) for the
 * print test; each installed when it can be (provideDebianPackage).
 */
import { provideChromium } from '../../scripts/lib/debian-chromium.ts';
import { providePdftoppm } from '../../scripts/lib/debian-poppler.ts';

export default function setup() {
  if (process.env.GONGKAI_TEST_BUILD === '0') return;
  provideChromium();
  providePdftoppm();
}
