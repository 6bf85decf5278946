/**
 * Content collections. Schemas live in src/schemas/ (one per concern) and are
 * shared with `npm run check`, which also applies the rules that span files.
 * GONGKAI_CONTENT_ROOT points the build at another content tree (tests, benchmarks);
 * GONGKAI_MARKDOWN_LOADER=glob loads the Markdown folders with Astro's own glob() (docs/astro-upgrades.md).
 */
import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { consultationSchema } from './schemas/consultation.ts';
import { feedbackSchema } from './schemas/feedback.ts';
import { departmentSchema } from './schemas/department.ts';
import { policyAreaSchema } from './schemas/policy-area.ts';
import { CONTENT_PATHS } from './build/content-paths.ts';
import { markdownLoaderFor, type MarkdownFilesOptions } from './build/markdown-loader.ts';
import { noticeSchema } from './schemas/notice.ts';
import { eventSchema } from './schemas/event.ts';
import { annualReportSchema, catalogueItemSchema, classificationNodeSchema, disclosurePageSchema, organisationNodeSchema, topicNodeSchema } from './schemas/catalogue.ts';
import { communityActivitySchema, communityDisclosureSchema, communityNoticeSchema, communitySchema, serviceItemSchema } from './schemas/community.ts';
import { remediationPostSchema, remediationProjectSchema, satisfactionSurveySchema, waterBodySchema } from './schemas/remediation.ts';

const root = process.env.GONGKAI_CONTENT_ROOT ?? '.';
const at = (path: string) => `${root}/${path}`;
const fileNameId = ({ entry }: { entry: string }) => entry.replace(/\.(md|mdx)$/, '');
/** The Markdown files of a content folder (files starting with _ are left out); id = file name. */
const markdownFolder = markdownLoaderFor(process.env);
const markdownFiles = (folder: string, options: MarkdownFilesOptions = {}) => markdownFolder(at(folder), options);

export const collections = {
  departments: defineCollection({ loader: file(at(CONTENT_PATHS.departments)), schema: departmentSchema }),
  policyAreas: defineCollection({ loader: file(at(CONTENT_PATHS.policyAreas)), schema: policyAreaSchema }),
  consultations: defineCollection({ loader: markdownFiles(CONTENT_PATHS.consultations), schema: consultationSchema }),
  feedback: defineCollection({ loader: markdownFiles(CONTENT_PATHS.feedback), schema: feedbackSchema }),
  // Proactive-disclosure catalogue. Items can number tens of thousands: keep no raw bodies, and
  // their rendered bodies beside the content store rather than in it (src/build/rendered-bodies.ts).
  catalogueTopics: defineCollection({ loader: file(at(CONTENT_PATHS.catalogueTopics)), schema: topicNodeSchema }),
  catalogueIndustries: defineCollection({ loader: file(at(CONTENT_PATHS.catalogueIndustries)), schema: classificationNodeSchema }),
  catalogueOrganisations: defineCollection({ loader: file(at(CONTENT_PATHS.catalogueOrganisations)), schema: organisationNodeSchema }),
  catalogueItems: defineCollection({
    // The loader validates with the collection's schema itself: faster than Astro at this size (markdown-loader.ts).
    loader: markdownFiles(CONTENT_PATHS.catalogueItems, { retainBody: false, bodiesAside: true, schema: catalogueItemSchema }),
    schema: catalogueItemSchema,
  }),
  disclosurePages: defineCollection({ loader: markdownFiles(CONTENT_PATHS.disclosurePages), schema: disclosurePageSchema }),
  annualReports: defineCollection({ loader: markdownFiles(CONTENT_PATHS.annualReports), schema: annualReportSchema }),
  // Notices and emergency information.
  notices: defineCollection({ loader: markdownFiles(CONTENT_PATHS.notices), schema: noticeSchema }),
  events: defineCollection({ loader: markdownFiles(CONTENT_PATHS.events), schema: eventSchema }),
  // Remediation in the open.
  remediationProject: defineCollection({
    loader: glob({ pattern: CONTENT_PATHS.remediationProject.split('/').pop()!, base: at(CONTENT_PATHS.remediationProject.replace(/\/[^/]+$/, '')), generateId: fileNameId }),
    schema: remediationProjectSchema,
  }),
  waterBodies: defineCollection({ loader: markdownFiles(CONTENT_PATHS.waterBodies), schema: waterBodySchema }),
  remediationPosts: defineCollection({ loader: markdownFiles(CONTENT_PATHS.remediationPosts), schema: remediationPostSchema }),
  satisfactionSurveys: defineCollection({ loader: markdownFiles(CONTENT_PATHS.satisfactionSurveys), schema: satisfactionSurveySchema }),
  // Community micro-disclosure (社区微公开).
  communities: defineCollection({ loader: markdownFiles(CONTENT_PATHS.communities), schema: communitySchema }),
  communityDisclosure: defineCollection({ loader: markdownFiles(CONTENT_PATHS.communityDisclosure), schema: communityDisclosureSchema }),
  communityServices: defineCollection({ loader: markdownFiles(CONTENT_PATHS.communityServices), schema: serviceItemSchema }),
  communityNotices: defineCollection({ loader: markdownFiles(CONTENT_PATHS.communityNotices), schema: communityNoticeSchema }),
  communityActivities: defineCollection({ loader: file(at(CONTENT_PATHS.communityActivities)), schema: communityActivitySchema }),
};
