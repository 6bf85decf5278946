/**
 * Content collections. Schemas live in src/schemas/ (one per concern) and are
 * shared with `npm run check`, which also applies the rules that span files.
 * GONGKAI_CONTENT_ROOT points the build at another content tree (tests, benchmarks).
 */
import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { consultationSchema } from './schemas/consultation.ts';
import { feedbackSchema } from './schemas/feedback.ts';
import { departmentSchema } from './schemas/department.ts';
import { policyAreaSchema } from './schemas/policy-area.ts';
import { CONTENT_PATHS } from './build/content-paths.ts';
import { noticeSchema } from './schemas/notice.ts';
import { eventSchema } from './schemas/event.ts';
import { annualReportSchema, catalogueItemSchema, classificationNodeSchema, disclosurePageSchema, organisationNodeSchema } from './schemas/catalogue.ts';
import { remediationPostSchema, remediationProjectSchema, satisfactionSurveySchema, waterBodySchema } from './schemas/remediation.ts';

const root = process.env.GONGKAI_CONTENT_ROOT ?? '.';
const at = (path: string) => `${root}/${path}`;
const fileNameId = ({ entry }: { entry: string }) => entry.replace(/\.(md|mdx)$/, '');

export const collections = {
  departments: defineCollection({ loader: file(at(CONTENT_PATHS.departments)), schema: departmentSchema }),
  policyAreas: defineCollection({ loader: file(at(CONTENT_PATHS.policyAreas)), schema: policyAreaSchema }),
  consultations: defineCollection({
    loader: glob({ pattern: ['*.md', '*.mdx', '!_*'], base: at(CONTENT_PATHS.consultations), generateId: fileNameId }),
    schema: consultationSchema,
  }),
  feedback: defineCollection({
    loader: glob({ pattern: ['*.md', '*.mdx', '!_*'], base: at(CONTENT_PATHS.feedback), generateId: fileNameId }),
    schema: feedbackSchema,
  }),
  // Proactive-disclosure catalogue (issue 5). Items can number tens of thousands: keep no raw bodies.
  catalogueTopics: defineCollection({ loader: file(at(CONTENT_PATHS.catalogueTopics)), schema: classificationNodeSchema }),
  catalogueIndustries: defineCollection({ loader: file(at(CONTENT_PATHS.catalogueIndustries)), schema: classificationNodeSchema }),
  catalogueOrganisations: defineCollection({ loader: file(at(CONTENT_PATHS.catalogueOrganisations)), schema: organisationNodeSchema }),
  catalogueItems: defineCollection({
    loader: glob({ pattern: ['*.md', '*.mdx', '!_*'], base: at(CONTENT_PATHS.catalogueItems), generateId: fileNameId, retainBody: false }),
    schema: catalogueItemSchema,
  }),
  disclosurePages: defineCollection({
    loader: glob({ pattern: ['*.md', '*.mdx', '!_*'], base: at(CONTENT_PATHS.disclosurePages), generateId: fileNameId }),
    schema: disclosurePageSchema,
  }),
  annualReports: defineCollection({
    loader: glob({ pattern: ['*.md', '*.mdx', '!_*'], base: at(CONTENT_PATHS.annualReports), generateId: fileNameId }),
    schema: annualReportSchema,
  }),
  // Notices and emergency information (issue 8).
  notices: defineCollection({
    loader: glob({ pattern: ['*.md', '*.mdx', '!_*'], base: at(CONTENT_PATHS.notices), generateId: fileNameId }),
    schema: noticeSchema,
  }),
  events: defineCollection({
    loader: glob({ pattern: ['*.md', '*.mdx', '!_*'], base: at(CONTENT_PATHS.events), generateId: fileNameId }),
    schema: eventSchema,
  }),
  // Remediation in the open (issue 7).
  remediationProject: defineCollection({
    loader: glob({ pattern: CONTENT_PATHS.remediationProject.split('/').pop()!, base: at(CONTENT_PATHS.remediationProject.replace(/\/[^/]+$/, '')), generateId: fileNameId }),
    schema: remediationProjectSchema,
  }),
  waterBodies: defineCollection({
    loader: glob({ pattern: ['*.md', '*.mdx', '!_*'], base: at(CONTENT_PATHS.waterBodies), generateId: fileNameId }),
    schema: waterBodySchema,
  }),
  remediationPosts: defineCollection({
    loader: glob({ pattern: ['*.md', '*.mdx', '!_*'], base: at(CONTENT_PATHS.remediationPosts), generateId: fileNameId }),
    schema: remediationPostSchema,
  }),
  satisfactionSurveys: defineCollection({
    loader: glob({ pattern: ['*.md', '*.mdx', '!_*'], base: at(CONTENT_PATHS.satisfactionSurveys), generateId: fileNameId }),
    schema: satisfactionSurveySchema,
  }),
};
