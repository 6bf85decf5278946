/** The 15 policy areas in which public participation is mandatory, in content/policy-areas.yaml. */
import { z } from 'astro/zod';
import { nonEmptyText } from './fields.ts';

export const policyAreaSchema = z
  .object({
    name: nonEmptyText('领域名称'),
    order: z.number({ error: '排序应为数字' }).int(),
    description: z.string().trim().optional(),
  })
  .strict();

export type PolicyAreaData = z.output<typeof policyAreaSchema>;
