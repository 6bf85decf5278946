/** /data/warnings.json — every warning message with its areas and CAP document, read by the delivery run of the same deploy. */
import type { APIRoute } from 'astro';
import { capWarning, noticesContent, site } from '../../data/notices.ts';
import { areaDirectory } from '../../data/areas.ts';
import { areaFullName, resolveAreaRefs } from '../../lib/areas/areas.ts';
import { capDocument, earlierInChain } from '../../lib/cap.ts';
import { markdownToPlainText } from '../../lib/notices.ts';
import { toShanghaiIso } from '../../lib/time.ts';
import { WARNING_ALERTS_DATA_VERSION, type AlertMessage, type WarningAlertsData } from '../../lib/warning-alerts/rules.ts';
import { buildTime } from '../../data/content.ts';

const SUMMARY_CHARS = 200;

export const GET: APIRoute = async () => {
  const { notices, links } = await noticesContent();
  const directory = areaDirectory();
  const warnings = notices.filter((n) => n.warning);
  const all = new Map(warnings.map((n) => [n.id, capWarning(n)]));
  const messages: AlertMessage[] = [];
  for (const n of warnings) {
    const w = n.warning!;
    const cap = all.get(n.id)!;
    const resolved = directory ? resolveAreaRefs(w.areas, directory) : null;
    // Without registered areas a warning reaches no subscriber (the content check requires them).
    const areas = resolved?.ok ? resolved.areas.map((a) => ({ code: a.code, name: areaFullName(a, directory!) })) : [];
    const text = n.entry.data.summary ?? markdownToPlainText(n.entry.body ?? '');
    messages.push({
      id: n.id,
      title: n.title,
      level: w.level,
      hazard: w.hazard,
      name: w.name,
      action: w.action,
      areas,
      issued: toShanghaiIso(n.issued),
      ...(w.validUntil ? { validUntil: toShanghaiIso(w.validUntil) } : {}),
      ...(n.entry.data.updates ? { updates: n.entry.data.updates } : {}),
      ...(n.entry.data.cancels ? { cancels: n.entry.data.cancels } : {}),
      path: n.path,
      issuerName: n.issuer.data.name,
      summary: text.length > SUMMARY_CHARS ? `${text.slice(0, SUMMARY_CHARS)}……` : text,
      ...(n.entry.data.instruction ? { instruction: n.entry.data.instruction } : {}),
      cap: capDocument(cap, earlierInChain(n.id, links, all), { name: site.name, url: site.url }),
    });
  }
  const data: WarningAlertsData = {
    version: WARNING_ALERTS_DATA_VERSION,
    generated: toShanghaiIso(buildTime),
    site: { name: site.name, url: site.url },
    areas: (directory?.list ?? []).map((a) => ({ code: a.code, name: a.name, fullName: areaFullName(a, directory!) })),
    messages: messages.sort((a, b) => a.issued.localeCompare(b.issued) || a.id.localeCompare(b.id)),
  };
  return new Response(`${JSON.stringify(data, null, 2)}\n`, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
