import type { QualtricsRole } from '../table/types';
import { isQualtricsMetadata } from './metadata';

const NPS_RE = /_NPS_GROUP$/i;
const DISPLAY_ORDER_ID_RE = /_A?DO$/;
const DISPLAY_ORDER_TAG_RE = /_A?DO(?:_|$)/;
const TIMING_ID_RE = /_(?:FIRST_CLICK|LAST_CLICK|PAGE_SUBMIT|CLICK_COUNT)$/;
const TIMING_TAG_RE = /_(?:First[ _]Click|Last[ _]Click|Page[ _]Submit|Click[ _]Count)$/i;
/** `QID2_TEXT`, `QID1_10_TEXT`, Text iQ `QID34_TEXT_<hex>Topics`. */
const TEXT_ID_RE = /_TEXT(?:$|_)/;
const TEXT_TAG_RE = /_TEXT$/i;
/** Text iQ enrichments are appended to the tag: `Q3.8 - Topics`, `Q3.8 - Sentiment Score`. */
const TEXT_IQ_RE =
  / - (?:Parent Topics|Topics|Sentiment(?: Score| Polarity)?|Topic Sentiment (?:Label|Score)|Actionability|Emotion(?: Intensity)?)$/;
/** A question's ImportId; `1_QID3` is iteration 1 of a loop & merge question (loop.ts). */
const QID_RE = /^(?:\d+_)?QID\d+/;
const BROWSER_RE = /_(?:BROWSER|VERSION|OS|RESOLUTION)$/;
const FLOW_RE = /^(?:FL|BL)_/;

/** The role of a current-export column from its row-3 ImportId (and tag, for Text iQ). */
export function roleFromImportId(importId: string, header: string): QualtricsRole {
  if (isQualtricsMetadata(importId)) return 'metadata';
  if (NPS_RE.test(importId)) return 'nps-group';
  if (DISPLAY_ORDER_ID_RE.test(importId)) return 'display-order';
  if (TIMING_ID_RE.test(importId)) return 'timing';
  if (TEXT_ID_RE.test(importId) || TEXT_IQ_RE.test(header.trim())) return 'text';
  // Why: browser meta questions (QID20_BROWSER...) describe the device, not an answer.
  if (QID_RE.test(importId)) return BROWSER_RE.test(importId) ? 'other' : 'question';
  if (FLOW_RE.test(importId)) return 'other';
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
  if (TEXT_TAG_RE.test(tag) || TEXT_IQ_RE.test(tag)) return 'text';
  // Why: embedded data repeats its field name as the label; questions carry question text.
  if (label !== undefined && label.trim() === tag) return 'embedded';
  return 'question';
}
