/**
 * Where a public report goes: the water bodies with their responsible units, and
 * the programme's lead unit for reports about another water body. Built at build
 * time into /remediation/report-directory.json (the units' addresses are public on
 * the site already) and read by the report function, so that a report is judged
 * and routed by the same deploy that showed the form. Pure.
 */
export const REPORT_DIRECTORY_PATH = '/remediation/report-directory.json';
export const REPORT_DIRECTORY_VERSION = 1;

export interface ReportUnit {
  id: string;
  name: string;
  email: string;
}

export interface ReportDirectory {
  version: typeof REPORT_DIRECTORY_VERSION;
  site: { name: string; url: string };
  project: { title: string; path: string; leadUnit: ReportUnit };
  waterBodies: { id: string; name: string; path: string; unit: ReportUnit }[];
}

/** The unit a report is mailed to: the water body's, else the lead unit. */
export function unitFor(directory: ReportDirectory, waterBody: string | null): ReportUnit {
  return (waterBody && directory.waterBodies.find((b) => b.id === waterBody)?.unit) || directory.project.leadUnit;
}
