/** Administrative areas (行政区划) in content/areas.yaml, keyed by their 12-digit statistical area code. */
import { z } from 'astro/zod';
import { nonEmptyText } from './fields.ts';

export const areaSchema = z
  .object({
    name: nonEmptyText('区划名称'),
    /** CAP <polygon>: "lat,lon" pairs separated by spaces, closed. Checked by src/lib/areas/areas.ts. */
    polygon: z.string({ error: '边界（polygon）应为一行文字：若干“纬度,经度”点，用空格分隔' }).trim().min(1).optional(),
  })
  .strict();

export type AreaData = z.output<typeof areaSchema>;
