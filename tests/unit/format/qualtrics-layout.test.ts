import { describe, expect, it } from 'vitest';
import { detectLayout } from '../../../src/lib/table/layout';

const id = (importId: string, extra: Record<string, string> = {}): string =>
  JSON.stringify({ ImportId: importId, ...extra });

describe('current export (3 header rows)', () => {
  const head = [
    ['StartDate', 'EndDate', 'ResponseId', 'Q35_1', 'Q35_2', 'Q1_DO_1', 'Q3.13_NPS_GROUP', 'Q3.13'],
    [
      'Start Date',
      'End Date',
      'Response ID',
      'Pets - Cat',
      'Pets - Dog',
      'Q1 - Display Order - A',
      'Recommend - Group',
      'Recommend',
    ],
    [
      id('startDate', { timeZone: 'America/Denver' }),
      id('endDate', { timeZone: 'America/Denver' }),
      id('_recordId'),
      id('QID36', { choiceId: '1' }),
      '{"ImportId":"QID36","choiceId":2}',
      id('QID4121_DO', { choiceId: '1' }),
      id('QID18_NPS_GROUP'),
      id('QID18'),
    ],
    ['2024-01-02 10:00:00', '2024-01-02 10:05:00', 'R_abc', '1', '', '1', '3', '9'],
  ];
  const layout = detectLayout(head, 'csv');

  it('reads timeZone and choiceId from row 3', () => {
    expect(layout.source).toBe('qualtrics');
    expect(layout.headerRows).toBe(3);
    expect(layout.columns[0]).toEqual({
      index: 0,
      name: 'StartDate',
      header: 'StartDate',
      label: 'Start Date',
      importId: 'startDate',
      timeZone: 'America/Denver',
      qualtricsRole: 'metadata',
    });
    expect(layout.columns[3]).toMatchObject({
      importId: 'QID36',
      choiceId: '1',
      qualtricsRole: 'question',
    });
    expect(layout.columns[4]).toMatchObject({ importId: 'QID36', choiceId: '2' });
    expect(layout.notes.join(' ')).toContain('America/Denver');
  });

  it('gives display-order and NPS roles', () => {
    expect(layout.columns.map((c) => c.qualtricsRole)).toEqual([
      'metadata',
      'metadata',
      'metadata',
      'question',
      'question',
      'display-order',
      'nps-group',
      'question',
    ]);
    expect(layout.issues).toEqual([]);
  });

  it('classifies timing, Text iQ, embedded data, system fields and flow order', () => {
    const cols: [string, string, string][] = [
      ['TIMING_1_First Click', 'Timing - First Click', id('QID71_FIRST_CLICK')],
      ['TIMING_1_Click Count', 'Timing - Click Count', id('QID71_CLICK_COUNT')],
      ['Q1.2_10_TEXT', 'Q1 - Other - Text', id('QID1_10_TEXT')],
      ['Q3.8 - Sentiment Score', 'Q3.8 - Sentiment Score', id('QID34_TEXT_ab12Sentiment Score')],
      ['SolutionRevision', 'SolutionRevision', id('SolutionRevision')],
      ['Q_RecaptchaScore', 'Q_RecaptchaScore', id('Q_RecaptchaScore')],
      [
        'FL_20_DO_FL_94',
        'FL_20 - Block Randomizer - Display Order',
        id('FL_20_DO', { choiceId: 'FL_94' }),
      ],
      ['Q20_Browser', 'Browser Meta Info - Browser', id('QID20_BROWSER')],
      ['Q4_1', 'Matrix - Statement', id('QID4030_4')],
    ];
    const l = detectLayout(
      [cols.map((c) => c[0]), cols.map((c) => c[1]), cols.map((c) => c[2])],
      'csv',
    );
    expect(l.columns.map((c) => c.qualtricsRole)).toEqual([
      'timing',
      'timing',
      'other-text',
      'text-iq',
      'embedded',
      'metadata',
      'display-order',
      'meta-info',
      'question',
    ]);
    expect(l.columns[6].choiceId).toBe('FL_94');
  });
});

describe('repeated export tags', () => {
  it('names them apart and says ImportId keeps them apart', () => {
    const head = [
      ['ResponseId', '1', '1', '1'],
      ['Response ID', 'A', 'B', 'C'],
      [id('_recordId'), id('QID5'), id('QID6'), id('QID7')],
    ];
    const layout = detectLayout(head, 'csv');
    expect(layout.columns.map((c) => [c.name, c.importId])).toEqual([
      ['ResponseId', '_recordId'],
      ['1', 'QID5'],
      ['1 (2)', 'QID6'],
      ['1 (3)', 'QID7'],
    ]);
    expect(layout.issues.map((i) => [i.code, i.column, i.row])).toEqual([
      ['duplicate-header', '1 (2)', 1],
      ['duplicate-header', '1 (3)', 1],
    ]);
    expect(layout.issues[0].message).toContain('ImportId QID6');
    expect(layout.issues[0].message).toContain('kept apart by ImportId');
  });
});

describe('tolerant row 3', () => {
  it('is still Qualtrics when a few ImportId cells are blank or not JSON', () => {
    const head = [
      ['StartDate', 'Q1', 'Q2', 'Q3', 'Extra'],
      ['Start Date', 'One', 'Two', 'Three', 'Extra'],
      [id('startDate'), id('QID1'), 'not json', id('QID3'), ''],
      ['2024-01-01 00:00:00', '1', '2', '3', 'x'],
    ];
    const layout = detectLayout(head, 'csv');
    expect(layout.source).toBe('qualtrics');
    expect(layout.headerRows).toBe(3);
    expect(layout.columns.map((c) => c.importId)).toEqual([
      'startDate',
      'QID1',
      undefined,
      'QID3',
      undefined,
    ]);
    expect(layout.columns.map((c) => c.qualtricsRole)).toEqual([
      'metadata',
      'question',
      'question',
      'question',
      'embedded',
    ]);
    expect(layout.issues).toHaveLength(1);
    expect(layout.issues[0]).toMatchObject({ code: 'qualtrics-format', row: 3 });
    expect(layout.issues[0].message).toContain('Q2, Extra');
  });

  it('is plain when row 3 is ordinary data', () => {
    const layout = detectLayout(
      [
        ['a', 'b'],
        ['1', '2'],
        ['{x}', '3'],
      ],
      'csv',
    );
    expect(layout.source).toBe('plain');
    expect(layout.headerRows).toBe(1);
  });
});

describe('export without the ImportId row', () => {
  const tags = [
    'StartDate',
    'EndDate',
    'Status',
    'Progress',
    'Duration (in seconds)',
    'Finished',
    'RecordedDate',
    'ResponseId',
    'Q1',
    'Q2_NPS_GROUP',
    'Q2',
    'Q3_TEXT',
    'Dept',
  ];
  const german = [
    'Anfangsdatum',
    'Enddatum',
    'Antworttyp',
    'Aktueller Stand',
    'Dauer (in Sekunden)',
    'Beendet',
    'Erfassungsdatum',
    'Antwort-ID',
    'Wie zufrieden?',
    'Empfehlung - Gruppe',
    'Empfehlung',
    'Sonstiges - Text',
    'Dept',
  ];
  const data = [
    '2024-03-01 09:00:00',
    '2024-03-01 09:04:00',
    '0',
    '100',
    '240',
    '1',
    '2024-03-01 09:04:00',
    'R_1a2b3c',
    '4',
    '3',
    '10',
    'gut',
    'Sales',
  ];

  it('reads an xlsx export with German labels as 2 header rows', () => {
    const layout = detectLayout([tags, german, data, data], 'xlsx');
    expect(layout.source).toBe('qualtrics-xlsx');
    expect(layout.headerRows).toBe(2);
    expect(layout.columns[0]).toEqual({
      index: 0,
      name: 'StartDate',
      header: 'StartDate',
      label: 'Anfangsdatum',
      qualtricsRole: 'metadata',
    });
    expect(layout.columns.map((c) => c.qualtricsRole)).toEqual([
      ...Array<string>(8).fill('metadata'),
      'question',
      'nps-group',
      'question',
      'text',
      'embedded',
    ]);
    expect(layout.issues).toEqual([]);
  });

  it('reads a CSV with tags + labels the same way and notes it', () => {
    const layout = detectLayout([tags, german, data], 'csv');
    expect(layout.source).toBe('qualtrics');
    expect(layout.headerRows).toBe(2);
    expect(layout.notes[0]).toContain('2 header rows');
  });

  it('keeps 1 header row when row 2 is already data', () => {
    const layout = detectLayout([tags, data, data], 'xlsx');
    expect(layout.source).toBe('qualtrics-xlsx');
    expect(layout.headerRows).toBe(1);
    expect(layout.columns[0].label).toBeUndefined();
  });

  it('reads spreadsheet dates given as serial numbers as data', () => {
    const serial = data.map((v, i) => (i === 0 || i === 1 || i === 6 ? '45352.375' : v));
    expect(detectLayout([tags, serial], 'ods').headerRows).toBe(1);
  });

  it('needs distinctive tags, not just Status/Progress', () => {
    const layout = detectLayout(
      [
        ['Status', 'Progress', 'StartDate', 'EndDate'],
        ['Open', 'Half', 'soon', 'later'],
      ],
      'xlsx',
    );
    expect(layout.source).toBe('plain');
    expect(layout.headerRows).toBe(1);
  });
});
