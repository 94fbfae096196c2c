import { describe, expect, it } from 'vitest';
import {
  isQualtricsMetadata,
  pairNpsColumns,
  parseImportIdCell,
} from '../../../src/lib/qualtrics-format';

describe('parseImportIdCell', () => {
  it.each([
    ['{"ImportId":"QID1"}', { importId: 'QID1' }],
    [
      '{"ImportId":"startDate","timeZone":"America/Denver"}',
      { importId: 'startDate', timeZone: 'America/Denver' },
    ],
    ['{"ImportId":"QID36","choiceId":"1"}', { importId: 'QID36', choiceId: '1' }],
    ['{"ImportId":"QID36","choiceId":7}', { importId: 'QID36', choiceId: '7' }],
    ['  {"ImportId":"endDate","timeZone":"Z"}  ', { importId: 'endDate', timeZone: 'Z' }],
    ['{""ImportId"":""QID2_TEXT""}', { importId: 'QID2_TEXT' }],
    ['{"ImportId":"QID1","choiceId":"2"', { importId: 'QID1', choiceId: '2' }],
    ['{"ImportId":"QID9","IsLabelsColumn":true}', { importId: 'QID9' }],
  ])('%s', (cell, expected) => {
    expect(parseImportIdCell(cell)).toEqual(expected);
  });

  it.each(['', 'QID1', '{}', '{"ImportId":""}', '[1,2]', '{"choiceId":"1"}', 'Hello World!'])(
    'rejects %j',
    (cell) => {
      expect(parseImportIdCell(cell)).toBeNull();
    },
  );
});

describe('isQualtricsMetadata', () => {
  it.each([
    'startDate',
    'StartDate',
    '_recordId',
    'ResponseId',
    'Duration (in seconds)',
    'duration',
    'externalDataReference',
    'ExternalReference',
    'Q_RecaptchaScore',
    'Q_DataPolicyViolations',
    'LastModifiedDate',
    'userLanguage',
  ])('%s is metadata', (s) => expect(isQualtricsMetadata(s)).toBe(true));
  it.each(['QID1', 'Q1', 'Q_1', 'SolutionRevision', 'STATUS', 'Dept', ''])('%s is not', (s) =>
    expect(isQualtricsMetadata(s)).toBe(false),
  );
});

describe('pairNpsColumns', () => {
  it('pairs by ImportId, group first', () => {
    const cols = [
      { index: 0, header: 'ResponseId', importId: '_recordId' },
      { index: 1, header: 'Q3.13_NPS_GROUP', importId: 'QID18_NPS_GROUP' },
      { index: 2, header: 'Q3.13', importId: 'QID18' },
      { index: 3, header: 'Q4_NPS_GROUP', importId: 'QID19_NPS_GROUP' },
      { index: 4, header: 'Q4', importId: 'QID19' },
    ];
    expect(pairNpsColumns(cols)).toEqual([
      { group: 1, score: 2 },
      { group: 3, score: 4 },
    ]);
  });

  it('uses ImportId, not the repeated tag', () => {
    const cols = [
      { index: 0, header: 'NPS_NPS_GROUP', importId: 'QID5_NPS_GROUP' },
      { index: 1, header: 'NPS', importId: 'QID6' },
      { index: 2, header: 'NPS', importId: 'QID5' },
    ];
    expect(pairNpsColumns(cols)).toEqual([{ group: 0, score: 2 }]);
  });

  it('falls back to export tags without ImportIds (xlsx)', () => {
    const cols = [
      { index: 0, header: 'Q3.13_NPS_GROUP' },
      { index: 1, header: 'Q3.13' },
      { index: 2, header: 'Q9_NPS_GROUP' },
    ];
    expect(pairNpsColumns(cols)).toEqual([{ group: 0, score: 1 }]);
  });

  it('uses each score once and finds a score placed before its group', () => {
    const cols = [
      { index: 0, header: 'Q1', importId: 'QID1' },
      { index: 1, header: 'Q1_NPS_GROUP', importId: 'QID1_NPS_GROUP' },
      { index: 2, header: 'Q1_NPS_GROUP', importId: 'QID1_NPS_GROUP' },
    ];
    expect(pairNpsColumns(cols)).toEqual([{ group: 1, score: 0 }]);
  });
});
