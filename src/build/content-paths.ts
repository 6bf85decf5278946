/** Where editors' files live. Tests and the scale benchmark point these elsewhere. */
export interface ContentPaths {
  site: string;
  departments: string;
  policyAreas: string;
  consultations: string;
  feedback: string;
}

export const CONTENT_PATHS: ContentPaths = {
  site: 'content/site.yaml',
  departments: 'content/departments.yaml',
  policyAreas: 'content/policy-areas.yaml',
  consultations: 'content/consultations',
  feedback: 'content/feedback',
};
