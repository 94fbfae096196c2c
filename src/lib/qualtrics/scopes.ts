// OAuth scopes each feature needs, as data, so the Connections page can suggest the smallest
// set. The names come from a copy of Qualtrics' OAuth client-manager list and the per-endpoint
// mapping is inferred from usage (reference §2.2, unconfirmed): the user can always edit them.

export type Feature =
  'identity' | 'surveys' | 'responses' | 'contacts' | 'distributions' | 'libraries';

/** Scope per API area, used by endpoint modules to name the missing scope on a 403. */
export const SCOPE = {
  users: 'read:users',
  surveys: 'read:surveys',
  responses: 'read:survey_responses',
  directories: 'read:directories',
  mailingLists: 'read:mailing_lists',
  contactsRead: 'read:mailing_list_contacts',
  contactsWrite: 'write:mailing_list_contacts',
  distributionsRead: 'read:distributions',
  distributionsWrite: 'write:distributions',
  libraries: 'read:libraries',
} as const;

/** The minimal scopes per feature. */
export const FEATURE_SCOPES: Record<Feature, readonly string[]> = {
  identity: [SCOPE.users],
  surveys: [SCOPE.surveys],
  responses: [SCOPE.surveys, SCOPE.responses],
  contacts: [SCOPE.directories, SCOPE.mailingLists, SCOPE.contactsRead, SCOPE.contactsWrite],
  distributions: [
    SCOPE.distributionsRead,
    SCOPE.distributionsWrite,
    SCOPE.libraries,
    SCOPE.surveys,
  ],
  libraries: [SCOPE.libraries],
};

/** The union of the scopes of the features (identity always included, for whoami), sorted. */
export function scopesFor(features: readonly Feature[]): string[] {
  const all = new Set<string>(FEATURE_SCOPES.identity);
  for (const f of features) for (const s of FEATURE_SCOPES[f]) all.add(s);
  return [...all].sort();
}
