// Questions exported as choice text ("Use choice text" in Qualtrics: "Strongly agree" rather
// than 5). Each distinct answer becomes a scale value 1…k with the text as its label, ordered
// by the common Qualtrics scales when every answer is one of their words, else alphabetically
// (the user then sets how each answer counts).
import { cellText } from '../table/page';
import type { Table } from '../table/types';

/**
 * Complete answer scales, lowest first (lower case), smallest first within a family: the
 * Qualtrics defaults and their common variants. A question's answers take the first scale that
 * holds them all, so unanswered choices keep their place (nobody chose "Strongly disagree" on
 * a 5-point scale: "Agree" is still 4 of 5).
 */
const SCALES: readonly (readonly string[])[] = [
  ['no', 'yes'],
  ['strongly disagree', 'disagree', 'neither agree nor disagree', 'agree', 'strongly agree'],
  [
    'strongly disagree',
    'somewhat disagree',
    'neither agree nor disagree',
    'somewhat agree',
    'strongly agree',
  ],
  [
    'strongly disagree',
    'disagree',
    'somewhat disagree',
    'neither agree nor disagree',
    'somewhat agree',
    'agree',
    'strongly agree',
  ],
  [
    'very dissatisfied',
    'dissatisfied',
    'neither satisfied nor dissatisfied',
    'satisfied',
    'very satisfied',
  ],
  [
    'extremely dissatisfied',
    'somewhat dissatisfied',
    'neither satisfied nor dissatisfied',
    'somewhat satisfied',
    'extremely satisfied',
  ],
  [
    'extremely dissatisfied',
    'moderately dissatisfied',
    'slightly dissatisfied',
    'neither satisfied nor dissatisfied',
    'slightly satisfied',
    'moderately satisfied',
    'extremely satisfied',
  ],
  [
    'extremely difficult',
    'somewhat difficult',
    'neither easy nor difficult',
    'somewhat easy',
    'extremely easy',
  ],
  ['very difficult', 'difficult', 'neither easy nor difficult', 'easy', 'very easy'],
  [
    'very difficult',
    'difficult',
    'somewhat difficult',
    'neither easy nor difficult',
    'somewhat easy',
    'easy',
    'very easy',
  ],
  ['very poor', 'poor', 'fair', 'good', 'excellent'],
  ['poor', 'fair', 'good', 'very good', 'excellent'],
  ['never', 'rarely', 'sometimes', 'often', 'always'],
];

const title = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Answer text as compared: trimmed, lower case, single spaces. */
export function answerKey(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * The answers of a text column as a scale: a known one (every choice, answered or not) or the
 * distinct answers alphabetically; null when it does not look like a choice question
 * (numbers, more than `max` distinct answers, or one unknown answer).
 */
export function choiceScale(
  t: Table,
  column: number,
  max = 11,
): { labels: string[]; ordered: boolean; answered: number } | null {
  const col = t.data[column];
  if (!col || col.type === 'number') return null;
  const byKey = new Map<string, string>();
  let answered = 0;
  for (let r = 0; r < t.rowCount; r++) {
    const text = cellText(col, r).trim();
    if (text === '') continue;
    answered++;
    const key = answerKey(text);
    if (!byKey.has(key)) {
      if (byKey.size === max || !Number.isNaN(Number(text))) return null;
      byKey.set(key, text);
    }
  }
  if (byKey.size === 0) return null;
  const keys = [...byKey.keys()];
  const scale = SCALES.find((sc) => keys.every((k) => sc.includes(k)));
  if (scale) {
    // Every choice of the scale, answered or not, written as in the file when it occurs.
    return { labels: scale.map((k) => byKey.get(k) ?? title(k)), ordered: true, answered };
  }
  if (keys.length < 2) return null;
  return {
    labels: keys.sort((a, b) => a.localeCompare(b, 'en')).map((k) => byKey.get(k)!),
    ordered: false,
    answered,
  };
}

/** Choice labels as the scale's value labels: value i + 1 is labels[i]. */
export function choiceLabels(labels: readonly string[]): ReadonlyMap<number, string> {
  return new Map(labels.map((l, i) => [i + 1, l]));
}
