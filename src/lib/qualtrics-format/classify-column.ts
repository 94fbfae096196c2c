// What a Qualtrics column is, from its ImportId (3-row exports) or its export tag and label
// (Excel, 2-row and tag-only exports). Only `question` columns are offered as questions to
// score, so everything Qualtrics adds beside the answers (display order, timing, meta info,
// Text iQ, "other, please specify" text) must get its own role here, in every layout.
import type { QualtricsRole } from '../table/types';
import { isQualtricsMetadata } from './metadata';

const NPS_RE = /_NPS_GROUP$/i;
const DISPLAY_ORDER_ID_RE = /_A?DO$/;
/** `Q1_DO_1`, `FL_20_DO_FL_94`, `Q5_ADO`; legacy `DO-Q-Q1`, `DO-BL-Block1`. */
const DISPLAY_ORDER_TAG_RE = /_A?DO(?:_|$)|^DO-/;
const TIMING_ID_RE = /_(?:FIRST_CLICK|LAST_CLICK|PAGE_SUBMIT|CLICK_COUNT)$/;
const TIMING_TAG_RE = /_(?:First[ _]Click|Last[ _]Click|Page[ _]Submit|Click[ _]Count)$/i;
const TIMING_LABEL_RE = / - (?:First Click|Last Click|Page Submit|Click Count)$/i;
const META_INFO_ID_RE = /_(?:BROWSER|VERSION|OS|RESOLUTION)$/;
const META_INFO_TAG_RE = /_(?:Browser|Version|Operating[ _]System|OS|Resolution)$/i;
/** Labels only where they cannot be a matrix statement ("Support - Resolution" can). */
const META_INFO_LABEL_RE = / - (?:Browser|Operating System|Screen Resolution)$/i;
/** Text iQ enrichments: ImportId `QID34_TEXT_<hex>Topics`, tag or label `Q3.8 - Topics`. */
const TEXT_IQ_WORDS =
  '(?:Parent Topics|Topics|Sentiment(?: Score| Polarity)?|Topic Sentiment (?:Label|Score)|Topic Hierarchy Level \\d+|Actionability|Emotion(?: Intensity)?|Effort(?: Numeric)?)';
const TEXT_IQ_RE = new RegExp(` - ${TEXT_IQ_WORDS}$`, 'i');
const TEXT_IQ_ID_RE = /_TEXT_[0-9a-f-]*[A-Za-z ]+$/;
/** "Other, please specify" text of a choice: `QID1_10_TEXT`, matrix row `QID13_4_TEXT`. */
const OTHER_TEXT_ID_RE = /^(?:\d+_)?QID\d+(?:_\d+)+_TEXT$/;
const OTHER_TEXT_TAG_RE = /_\d+_TEXT$/i;
/** `Colour - Other - Text`, `Colour - Other (please specify) - Text`, `… - Selected Choice - Text`. */
const OTHER_TEXT_LABEL_RE = / - [^-]*\bOther\b[^-]* - Text$|^Other\b.* - Text$/i;
/** A text entry question: ImportId `QID2_TEXT` (its tag has no `_TEXT`). */
const TEXT_ID_RE = /_TEXT$/;
const TEXT_TAG_RE = /_TEXT$/i;
const QID_RE = /^(?:\d+_)?QID\d+/;
const FLOW_RE = /^(?:FL|BL)_/;

/** The role of a current-export column from its row-3 ImportId (and its tag and label). */
export function roleFromImportId(importId: string, header: string, label?: string): QualtricsRole {
  const id = importId.trim();
  if (isQualtricsMetadata(id)) return 'metadata';
  if (NPS_RE.test(id)) return 'nps-group';
  if (DISPLAY_ORDER_ID_RE.test(id)) return 'display-order';
  if (TIMING_ID_RE.test(id)) return 'timing';
  if (TEXT_IQ_RE.test(header.trim()) || (QID_RE.test(id) && TEXT_IQ_ID_RE.test(id))) {
    return 'text-iq';
  }
  if (OTHER_TEXT_ID_RE.test(id)) return 'other-text';
  if (TEXT_ID_RE.test(id) || /_TEXT_/.test(id)) return 'text';
  // Why: browser meta questions (QID20_BROWSER...) describe the device, not an answer.
  if (QID_RE.test(id)) return META_INFO_ID_RE.test(id) ? 'meta-info' : byLabel(label);
  if (FLOW_RE.test(id)) return 'other';
  return 'embedded';
}

/**
 * The role of a column known only by its row-1 tag and row-2 label (xlsx, legacy, or a
 * current CSV whose ImportId cell is missing). Weaker: text entry looks like a question.
 */
export function roleFromTag(header: string, label?: string): QualtricsRole {
  const tag = header.trim();
  if (tag === '') return 'other';
  if (isQualtricsMetadata(tag)) return 'metadata';
  if (NPS_RE.test(tag)) return 'nps-group';
  if (DISPLAY_ORDER_TAG_RE.test(tag)) return 'display-order';
  if (TIMING_TAG_RE.test(tag)) return 'timing';
  if (META_INFO_TAG_RE.test(tag)) return 'meta-info';
  if (TEXT_IQ_RE.test(tag)) return 'text-iq';
  if (OTHER_TEXT_TAG_RE.test(tag)) return 'other-text';
  if (TEXT_TAG_RE.test(tag)) return 'text';
  // Why: embedded data repeats its field name as the label; questions carry question text.
  if (label !== undefined && label.trim() === tag) return 'embedded';
  return byLabel(label);
}

/**
 * A column that looks like a question by its id or tag may still say what it is in its label
 * (`Timing - Page Submit`, `Browser Meta Info - Operating System`, `Colour - Other - Text`).
 */
function byLabel(label: string | undefined): QualtricsRole {
  const l = label?.trim() ?? '';
  if (l === '') return 'question';
  if (TIMING_LABEL_RE.test(l)) return 'timing';
  if (META_INFO_LABEL_RE.test(l)) return 'meta-info';
  if (TEXT_IQ_RE.test(l)) return 'text-iq';
  if (OTHER_TEXT_LABEL_RE.test(l)) return 'other-text';
  if (/ - Display Order(?: - |$)/i.test(l)) return 'display-order';
  return 'question';
}
