/**
 * Keeps the status badges and countdowns of a list of consultations right when
 * the static site has not been rebuilt since a date passed, so a list never
 * shows a closed consultation as open (src/scripts/live-status-core.ts).
 * A consultation's own page uses src/scripts/live-consultation.ts.
 */
import { keepLive, refreshConsultations } from './live-status-core.ts';

const refresh = () => {
  refreshConsultations(new Date());
};
keepLive(refresh, refresh);
