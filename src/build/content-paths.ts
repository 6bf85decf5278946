/** Where editors' files live. Tests and the scale benchmark point these elsewhere. */
export interface ContentPaths {
  site: string;
  departments: string;
  policyAreas: string;
  consultations: string;
  feedback: string;
  /** Proactive-disclosure catalogue: the three classification trees and the items. */
  catalogueTopics: string;
  catalogueIndustries: string;
  catalogueOrganisations: string;
  catalogueItems: string;
  /** The disclosure column's own pages (指南, 制度, 依申请公开 …) and its annual reports. */
  disclosurePages: string;
  annualReports: string;
  /** Notices and emergency information, and the events (专题) they belong to. */
  notices: string;
  events: string;
  /** Administrative areas (county → township → village) with their statistical area codes. */
  areas: string;
  /** Remediation in the open: the programme, its water bodies, progress posts and surveys. */
  remediationProject: string;
  waterBodies: string;
  remediationPosts: string;
  satisfactionSurveys: string;
  /** Time limits of cases per kind and handling type (defaults where the file is silent or absent). */
  caseLimits: string;
  /** Community micro-disclosure: communities with their grid, disclosure items, service items, notices, activities. */
  communities: string;
  communityDisclosure: string;
  communityServices: string;
  communityNotices: string;
  communityActivities: string;
}

export const CONTENT_PATHS: ContentPaths = {
  site: 'content/site.yaml',
  departments: 'content/departments.yaml',
  policyAreas: 'content/policy-areas.yaml',
  consultations: 'content/consultations',
  feedback: 'content/feedback',
  catalogueTopics: 'content/catalogue/topics.yaml',
  catalogueIndustries: 'content/catalogue/industries.yaml',
  catalogueOrganisations: 'content/catalogue/organisations.yaml',
  catalogueItems: 'content/catalogue/items',
  disclosurePages: 'content/disclosure',
  annualReports: 'content/disclosure/annual-reports',
  notices: 'content/notices',
  events: 'content/events',
  areas: 'content/areas.yaml',
  remediationProject: 'content/remediation/project.md',
  waterBodies: 'content/remediation/water-bodies',
  remediationPosts: 'content/remediation/posts',
  satisfactionSurveys: 'content/remediation/surveys',
  caseLimits: 'content/case-limits.yaml',
  communities: 'content/community/communities',
  communityDisclosure: 'content/community/disclosure',
  communityServices: 'content/community/services',
  communityNotices: 'content/community/notices',
  communityActivities: 'content/community/activities.yaml',
};
