/** Sample files bundled in public/samples (copies of real public exports, plus one generated). */
export interface Sample {
  id: string;
  label: string;
  description: string;
  file: string;
}

export const SAMPLES: Sample[] = [
  {
    id: 'qualtrics-current',
    label: 'Qualtrics export (CSV)',
    description: 'A real response export in the current format: 3 header rows, German labels.',
    file: 'qualtrics-export-sample.csv',
  },
  {
    id: 'qualtrics-legacy',
    label: 'Qualtrics legacy export (CSV)',
    description: 'The pre-2017 format: 2 header rows, V1…V10 columns, UTF-8 BOM.',
    file: 'qualtrics-export-sample-legacy.csv',
  },
  {
    id: 'qualtrics-xlsx',
    label: 'Qualtrics EX survey (XLSX)',
    description: 'A generated employee survey: 200 respondents, Likert items, NPS, comments.',
    file: 'qualtrics-ex-survey.xlsx',
  },
  {
    id: 'qualtrics-xlsx-q3',
    label: 'Qualtrics EX survey, next wave (XLSX)',
    description:
      'The same survey a quarter later: a renamed export tag, a new question, repeat answers.',
    file: 'qualtrics-ex-survey-q3.xlsx',
  },
  {
    id: 'qualtrics-directory',
    label: 'Qualtrics directory export (CSV)',
    description: '121 contacts: email aliases and the employee ID in ExternalDataReference.',
    file: 'qualtrics-directory.csv',
  },
  {
    id: 'hr-employees',
    label: 'HR employee list (CSV)',
    description: '131 employees: EmployeeID and the work email Viva Insights uses.',
    file: 'hr-employees.csv',
  },
  {
    id: 'viva-person-query',
    label: 'Viva Insights person query (CSV)',
    description: '100 people × 10 weeks, 155 columns of collaboration metrics and org attributes.',
    file: 'viva-person-query-sample.csv',
  },
  {
    id: 'viva-person-query-surveys',
    label: 'Viva Insights person query for surveys (ZIP)',
    description:
      '140 people × 12 weeks with UniqueIdentifier, zipped as Viva downloads it: for Viva metrics → Qualtrics.',
    file: 'viva-person-query-surveys.zip',
  },
  {
    id: 'qualtrics-pulse-linked',
    label: 'Qualtrics pulse survey for the same people (CSV)',
    description:
      '122 responses with Wellbeing, NPS, CSAT and CES; ExternalReference = the person query’s UniqueIdentifier: for Analysis.',
    file: 'qualtrics-pulse-q2-2026.csv',
  },
];

/** Fetches a bundled sample from the app's own origin. */
export async function fetchSample(sample: Sample): Promise<File> {
  const res = await fetch(`./samples/${sample.file}`);
  if (!res.ok) {
    throw new Error(`The sample file ${sample.file} could not be loaded (${res.status}).`);
  }
  return new File([await res.blob()], sample.file);
}
