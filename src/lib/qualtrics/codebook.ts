// A survey's codebook: for each question its export tag (the column name analysts see, which is
// NOT derived from the QID: `Q16` ↔ `QID2001`), its text without HTML, its choices with recode
// values, its matrix rows, and which export columns belong to it (`exportColumnMap`). Built from
// the simplified survey model of `GET /surveys/{id}` (reference §4.3); fields Qualtrics leaves
// out stay empty rather than failing, because question types vary widely.
import { stripHtml } from '../qualtrics-format/strip-html';
import { obj, optObj, optStr, str, type Json } from './check';

export interface CodebookChoice {
  id: string;
  text: string;
  /** The value written in a numeric export (`useLabels: false`); the id when no recode is set. */
  recode: string;
  variableName?: string;
  /** The choice has an "other, please specify" text box. */
  textEntry: boolean;
}

export interface CodebookQuestion {
  qid: string;
  exportTag: string;
  text: string;
  type: string;
  selector?: string;
  subSelector?: string;
  choices: CodebookChoice[];
  /** Matrix rows (statements). */
  subQuestions: CodebookChoice[];
}

/** One export column and what it holds. */
export interface CodebookColumn {
  column: string;
  qid: string;
  choiceId?: string;
  subQuestionId?: string;
  /** An "other" text column. */
  textEntry: boolean;
}

export interface Codebook {
  surveyId: string;
  name: string;
  questions: CodebookQuestion[];
  columns: CodebookColumn[];
  embeddedData: string[];
}

const WHERE = 'read the survey';

function text(v: unknown): string {
  return typeof v === 'string' ? stripHtml(v) : typeof v === 'number' ? String(v) : '';
}

function readChoices(map: Json): CodebookChoice[] {
  return Object.entries(map).map(([id, raw]) => {
    const c = typeof raw === 'object' && raw !== null ? (raw as Json) : {};
    const recode = c.recode;
    return {
      id,
      text: text(c.choiceText ?? c.description),
      recode: typeof recode === 'string' || typeof recode === 'number' ? String(recode) : id,
      variableName: typeof c.variableName === 'string' ? c.variableName : undefined,
      textEntry: c.textEntry !== undefined && c.textEntry !== null && c.textEntry !== false,
    };
  });
}

/** The last part of "QID36.choices.7" → "7". */
function tail(ref: unknown): string | undefined {
  return typeof ref === 'string' ? ref.slice(ref.lastIndexOf('.') + 1) : undefined;
}

/** Builds the codebook of a simplified survey. Questions are ordered as their QIDs are numbered. */
export function codebookFromSurvey(survey: Json): Codebook {
  const questionsMap = optObj(survey, 'questions', WHERE);
  const questions: CodebookQuestion[] = Object.entries(questionsMap).map(([qid, raw]) => {
    const q = obj(raw, WHERE, `questions.${qid}`);
    const type = optObj(q, 'questionType', WHERE);
    return {
      qid,
      exportTag: optStr(q, 'questionName', WHERE) ?? qid,
      text: text(q.questionText),
      type: typeof type.type === 'string' ? type.type : '',
      selector: typeof type.selector === 'string' ? type.selector : undefined,
      subSelector: typeof type.subSelector === 'string' ? type.subSelector : undefined,
      choices: readChoices(optObj(q, 'choices', WHERE)),
      subQuestions: readChoices(optObj(q, 'subQuestions', WHERE)),
    };
  });
  questions.sort((a, b) => a.qid.localeCompare(b.qid, 'en', { numeric: true }));
  const columns: CodebookColumn[] = Object.entries(optObj(survey, 'exportColumnMap', WHERE)).map(
    ([column, raw]) => {
      const m = obj(raw, WHERE, `exportColumnMap.${column}`);
      return {
        column,
        qid: str(m, 'question', WHERE),
        choiceId: tail(m.choice),
        subQuestionId: tail(m.subQuestion),
        textEntry: typeof m.textEntry === 'string',
      };
    },
  );
  const embedded = Array.isArray(survey.embeddedData) ? survey.embeddedData : [];
  return {
    surveyId: str(survey, 'id', WHERE),
    name: optStr(survey, 'name', WHERE) ?? '',
    questions,
    columns,
    embeddedData: embedded
      .map((e) => (typeof e === 'object' && e !== null ? (e as Json).name : undefined))
      .filter((n): n is string => typeof n === 'string'),
  };
}
