// Valid recipe fixtures. Each call returns fresh objects; `overrides` replace top-level fields.
import type { IdMappingRecipe, SurveyToVivaRecipe } from '../../src/lib/recipe/types';

/** A valid "Survey scores to Viva Insights" recipe with two questions and one category. */
export function makeSurveyRecipe(overrides: Partial<SurveyToVivaRecipe> = {}): SurveyToVivaRecipe {
  return {
    kind: 'survey-to-viva',
    version: 1,
    id: 'survey-1',
    name: 'Engagement pulse',
    created: '2025-01-02T03:04:05.000Z',
    updated: '2025-01-02T03:04:05.000Z',
    survey: { title: 'Engagement Q1', columnKeys: ['id:QID1', 'id:QID2'] },
    keep: [{ ref: { tag: 'Department', label: 'Department' }, as: 'Department' }],
    identifier: { tag: 'RecipientEmail', importId: 'recipientEmail', label: 'Recipient Email' },
    lowercase: true,
    emailFixes: { 'ann@contoso,com': 'ann@contoso.com' },
    questions: [
      {
        ref: { importId: 'QID1', tag: 'Q1', label: 'I feel valued' },
        min: 1,
        max: 5,
        reverse: false,
        missingCodes: [6],
        exportAs: null,
      },
      {
        ref: { importId: 'QID2', tag: 'Q2', label: 'I would leave' },
        min: 1,
        max: 5,
        reverse: true,
        missingCodes: [],
        exportAs: 'Leave',
      },
    ],
    categories: [{ name: 'Engagement', questions: ['id:QID1', 'id:QID2'], minAnswered: 1 }],
    effectiveDate: { kind: 'quarter-start' },
    duplicates: 'latest',
    decimals: 2,
    fileName: 'EngagementQ1',
    ...overrides,
  };
}

/** A valid "Qualtrics IDs to Viva Insights" recipe with an HR file. */
export function makeIdMappingRecipe(overrides: Partial<IdMappingRecipe> = {}): IdMappingRecipe {
  return {
    kind: 'id-mapping',
    version: 1,
    id: 'mapping-1',
    name: 'Directory IDs',
    created: '2025-01-02T03:04:05.000Z',
    updated: '2025-01-02T03:04:05.000Z',
    directory: { key: 'ExternalDataReference', email: 'Email', uniqueId: 'ContactID' },
    hr: { key: 'EmployeeId', personId: 'PersonId' },
    normalize: { trim: true, caseFold: true },
    attributeName: 'QualtricsId',
    effectiveDate: { kind: 'fixed', date: '2025-01-01' },
    fileName: 'QualtricsIds',
    ...overrides,
  };
}
