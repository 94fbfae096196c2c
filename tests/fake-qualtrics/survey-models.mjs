// The two survey models the API serves (reference §4.3, §4.4): the simplified `/surveys/{id}`
// (questions, choices with recodes, exportColumnMap) and the full `/survey-definitions/{id}`
// (QSF-like: Questions with DataExportTag, Choices, RecodeValues, Answers for matrices). Both
// come from the same seeded questions as the export files, so a codebook built from either
// model matches the columns of an export.
import { BRAND } from './data.mjs';
import { exportColumns, recodeOf, stripHtml } from './export-file.mjs';

/** @typedef {import('./data.mjs').Question} Question */
/**
 * @typedef {{ id: string, name: string, ownerId: string, isActive: boolean,
 *   creationDate: string, lastModified: string, questions: Question[],
 *   embedded: Record<string, string[]>, responses: import('./data.mjs').Response[] }} Survey
 */

/** @param {Question} q */
function questionType(q) {
  if (q.kind === 'nps') return { type: 'MC', selector: 'NPS', subSelector: null };
  if (q.kind === 'single') return { type: 'MC', selector: q.selector ?? 'SAVR', subSelector: 'TX' };
  if (q.kind === 'multi') return { type: 'MC', selector: 'MAVR', subSelector: 'TX' };
  if (q.kind === 'matrix') {
    return { type: 'Matrix', selector: 'Likert', subSelector: 'SingleAnswer' };
  }
  return { type: 'TE', selector: q.selector ?? 'SL', subSelector: null };
}

/** @param {Question} q @returns {string[][]} */
function choicesOf(q) {
  if (q.kind === 'nps') return Array.from({ length: 11 }, (_, i) => [String(i), String(i)]);
  return q.choices ?? [];
}

/**
 * `exportColumnMap`: CSV column name → question / choice / subQuestion / textEntry paths.
 * @param {Survey} survey
 */
function exportColumnMap(survey) {
  /** @type {Record<string, Record<string, string>>} */
  const map = {};
  for (const col of exportColumns(survey, { format: 'csv' })) {
    const importId = col.importId.ImportId;
    const q = survey.questions.find((x) => importId === x.qid || importId.startsWith(`${x.qid}_`));
    if (!q) continue;
    const rest = importId.slice(q.qid.length + 1);
    if (q.kind === 'multi' && col.importId.choiceId) {
      map[col.name] = { question: q.qid, choice: `${q.qid}.choices.${col.importId.choiceId}` };
    } else if (rest.endsWith('_TEXT') && q.kind === 'multi') {
      const c = rest.slice(0, -'_TEXT'.length);
      map[col.name] = {
        question: q.qid,
        choice: `${q.qid}.choices.${c}`,
        textEntry: `${q.qid}.choices.${c}.textEntry`,
      };
    } else if (q.kind === 'matrix') {
      map[col.name] = { question: q.qid, subQuestion: `${q.qid}.subQuestions.${rest}` };
    } else {
      map[col.name] = { question: q.qid };
    }
  }
  return map;
}

/**
 * The simplified model, `GET /surveys/{id}`.
 * @param {Survey} survey
 */
export function simplifiedSurvey(survey) {
  /** @type {Record<string, unknown>} */
  const questions = {};
  for (const q of survey.questions) {
    /** @type {Record<string, unknown>} */
    const choices = {};
    for (const [id, text] of choicesOf(q)) {
      choices[id] = {
        recode: String(q.kind === 'nps' ? id : recodeOf(q, id)),
        description: stripHtml(text),
        choiceText: text,
        imageDescription: null,
        variableName: null,
        analyze: true,
        ...(id === q.otherId ? { textEntry: { textEntryType: 'InputText' } } : {}),
      };
    }
    questions[q.qid] = {
      questionType: questionType(q),
      questionText: q.text,
      questionLabel: null,
      validation: { doesForceResponse: false },
      questionName: q.tag,
      ...(q.kind === 'text' ? {} : { choices }),
      ...(q.kind === 'matrix'
        ? {
            subQuestions: Object.fromEntries(
              (q.rows ?? []).map(([id, text]) => [
                id,
                {
                  recode: id,
                  description: stripHtml(text),
                  choiceText: text,
                  imageDescription: null,
                  variableName: null,
                },
              ]),
            ),
          }
        : {}),
    };
  }
  const finished = survey.responses.filter((r) => !r.inProgress).length;
  return {
    id: survey.id,
    name: survey.name,
    ownerId: survey.ownerId,
    organizationId: BRAND.brandId,
    isActive: survey.isActive,
    creationDate: survey.creationDate,
    lastModifiedDate: survey.lastModified,
    expiration: { startDate: null, endDate: null },
    questions,
    exportColumnMap: exportColumnMap(survey),
    blocks: {
      BL_1: {
        description: 'Default Question Block',
        elements: survey.questions.map((q) => ({ type: 'Question', questionId: q.qid })),
      },
    },
    flow: [{ id: 'BL_1', type: 'Block' }],
    embeddedData: Object.keys(survey.embedded).map((name) => ({ name, defaultValue: null })),
    comments: {},
    loopAndMerge: {},
    responseCounts: { auditable: finished, generated: 0, deleted: 0 },
  };
}

/**
 * The full model, `GET /survey-definitions/{id}`.
 * @param {Survey} survey
 */
export function surveyDefinition(survey) {
  /** @type {Record<string, unknown>} */
  const Questions = {};
  for (const q of survey.questions) {
    const t = questionType(q);
    const choices = q.kind === 'matrix' ? (q.rows ?? []) : choicesOf(q);
    /** @type {Record<string, unknown>} */
    const def = {
      QuestionID: q.qid,
      QuestionText: q.text,
      QuestionText_Unsafe: q.text,
      QuestionDescription: stripHtml(q.text),
      DataExportTag: q.tag,
      QuestionType: t.type,
      Selector: t.selector,
      ...(t.subSelector ? { SubSelector: t.subSelector } : {}),
      Configuration: { QuestionDescriptionOption: 'UseText' },
      Validation: { Settings: { ForceResponse: 'OFF', Type: 'None' } },
      Language: [],
      DataVisibility: { Private: false, Hidden: false },
    };
    if (q.kind !== 'text') {
      def.Choices = Object.fromEntries(
        choices.map(([id, text]) => [
          id,
          id === q.otherId ? { Display: text, TextEntry: 'true' } : { Display: text },
        ]),
      );
      // Why: QSF files hold ChoiceOrder as numbers or strings; the seeds use numbers here.
      def.ChoiceOrder = choices.map(([id]) => Number(id));
      def.NextChoiceId = Math.max(0, ...choices.map(([id]) => Number(id))) + 1;
    }
    if (q.kind === 'single' || q.kind === 'multi') {
      def.RecodeValues = Object.fromEntries(
        choicesOf(q).map(([id]) => [id, String(recodeOf(q, id))]),
      );
    }
    if (q.kind === 'matrix') {
      def.Answers = Object.fromEntries(
        (q.choices ?? []).map(([id, text]) => [id, { Display: text }]),
      );
      def.AnswerOrder = (q.choices ?? []).map(([id]) => Number(id));
      def.NextAnswerId = (q.choices ?? []).length + 1;
      def.ChoiceDataExportTags = false;
    }
    Questions[q.qid] = def;
  }
  return {
    SurveyID: survey.id,
    SurveyName: survey.name,
    SurveyDescription: null,
    SurveyOwnerID: survey.ownerId,
    SurveyStatus: survey.isActive ? 'Active' : 'Inactive',
    OwnerID: survey.ownerId,
    CreatorID: survey.ownerId,
    BrandID: BRAND.brandId,
    BrandBaseURL: `https://${BRAND.brandId}.${BRAND.datacenter}.qualtrics.com`,
    LastModified: survey.lastModified.replace('T', ' ').replace('Z', ''),
    LastActivated: survey.creationDate.replace('T', ' ').replace('Z', ''),
    LastAccessed: survey.lastModified.replace('T', ' ').replace('Z', ''),
    QuestionCount: String(survey.questions.length),
    SurveyOptions: {
      BackButton: 'false',
      SaveAndContinue: 'true',
      SurveyProtection: 'PublicSurvey',
      ProgressBarDisplay: 'None',
      SurveyLanguage: 'EN',
    },
    Questions,
    Blocks: {
      BL_1: {
        Type: 'Default',
        Description: 'Default Question Block',
        ID: 'BL_1',
        BlockElements: survey.questions.map((q) => ({ Type: 'Question', QuestionID: q.qid })),
      },
    },
    SurveyFlow: {
      Type: 'Root',
      FlowID: 'FL_1',
      Flow: [
        ...(Object.keys(survey.embedded).length > 0
          ? [
              {
                Type: 'EmbeddedData',
                FlowID: 'FL_3',
                EmbeddedData: Object.keys(survey.embedded).map((Field) => ({
                  Description: Field,
                  Type: 'Recipient',
                  Field,
                  VariableType: 'String',
                })),
              },
            ]
          : []),
        { Type: 'Standard', ID: 'BL_1', FlowID: 'FL_2' },
      ],
      Properties: { Count: 3 },
    },
    ResponseSets: { RS_1: { Description: 'Default Response Set' } },
    Scoring: { ScoringCategories: [], ScoringCategoryGroups: [], ScoringSummaryCategory: null },
    ProjectInfo: {
      SurveyID: survey.id,
      ProjectCategory: 'CORE',
      ProjectType: 'CORE',
      ProjectStatus: survey.isActive ? 'Active' : 'Inactive',
    },
  };
}
