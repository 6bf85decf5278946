/** Departments (承办部门), in content/departments.yaml. */
import { z } from 'astro/zod';
import { emailAddress, nonEmptyText, webUrl } from './fields.ts';

export const departmentSchema = z
  .object({
    name: nonEmptyText('部门名称'),
    shortName: nonEmptyText('部门简称'),
    /** Where notices about consultations and comments are sent. Published on the site as a contact. */
    email: emailAddress,
    website: webUrl.optional(),
    phone: z.string().trim().optional(),
    address: z.string().trim().optional(),
  })
  .strict();

export type DepartmentData = z.output<typeof departmentSchema>;
