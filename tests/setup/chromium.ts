/** Makes sure Debian's Chromium is there for the browser tests (installs it when it can, see provideChromium). */
import { provideChromium } from '../../scripts/lib/debian-chromium.ts';

export default function setup() {
  if (process.env.GONGKAI_TEST_BUILD === '0') return;
  provideChromium();
}
