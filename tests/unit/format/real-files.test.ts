import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { pairNpsColumns } from '../../../src/lib/qualtrics-format';
import { detectLayout } from '../../../src/lib/table/layout';
import { REAL_DATA_DIR } from '../../helpers/real-data';

/** Real exports from public projects (sources in tests/helpers/real-data.ts). */
const DATA_DIR = REAL_DATA_DIR;

/** The first 10 records, as the readers hand them to detectLayout. */
function readHead(file: string): string[][] {
  const text = readFileSync(join(DATA_DIR, file), 'utf8').replace(/^\uFEFF/, '');
  const { data } = Papa.parse<string[]>(text, { header: false, skipEmptyLines: true, preview: 10 });
  return data;
}

describe('qualtrics-export-sample.csv (current format)', () => {
  const layout = detectLayout(readHead('qualtrics-export-sample.csv'), 'csv');

  it('has 3 header rows', () => {
    expect(layout.source).toBe('qualtrics');
    expect(layout.headerRows).toBe(3);
    expect(layout.issues).toEqual([]);
  });

  it('reads every column from its three header rows', () => {
    const m = 'metadata';
    const expected: [string, string, string, string][] = [
      ['StartDate', 'Anfangsdatum', 'startDate', m],
      ['EndDate', 'Enddatum', 'endDate', m],
      ['Status', 'Antworttyp', 'status', m],
      ['IPAddress', 'IP-Adresse', 'ipAddress', m],
      ['Progress', 'Aktueller Stand', 'progress', m],
      ['Duration (in seconds)', 'Dauer (in Sekunden)', 'duration', m],
      ['Finished', 'Beendet', 'finished', m],
      ['RecordedDate', 'Erfassungsdatum', 'recordedDate', m],
      ['ResponseId', 'Antwort-ID', '_recordId', m],
      ['RecipientLastName', 'Nachname des Empfängers', 'recipientLastName', m],
      ['RecipientFirstName', 'Vorname des Empfängers', 'recipientFirstName', m],
      ['RecipientEmail', 'E-Mail des Empfängers', 'recipientEmail', m],
      ['ExternalReference', 'Externe Datenreferenz', 'externalDataReference', m],
      ['LocationLatitude', 'Breitengrad des Standorts', 'locationLatitude', m],
      ['LocationLongitude', 'Längengrad des Standorts', 'locationLongitude', m],
      ['DistributionChannel', 'Verteilungskanal', 'distributionChannel', m],
      ['UserLanguage', 'Benutzersprache', 'userLanguage', m],
      ['Q1', 'This is a multiple choice question.', 'QID1', 'question'],
      ['Q2', 'This is a free text question.', 'QID2_TEXT', 'text'],
      ['Q2 - Topics', 'Q2 - Topics', 'QID2_TEXT_eae5a8d0e7fd4bd183e983e5Topics', 'text-iq'],
    ];
    expect(layout.columns.map((c) => [c.header, c.label, c.importId, c.qualtricsRole])).toEqual(
      expected,
    );
    expect(layout.columns.map((c) => c.name)).toEqual(expected.map((e) => e[0]));
    expect(layout.columns.map((c) => c.index)).toEqual(expected.map((_, i) => i));
    expect(layout.columns.some((c) => c.choiceId || c.timeZone)).toBe(false);
    expect(pairNpsColumns(layout.columns)).toEqual([]);
  });
});

describe('qualtrics-export-sample-legacy.csv', () => {
  const layout = detectLayout(readHead('qualtrics-export-sample-legacy.csv'), 'csv');

  it('has 2 header rows with labels in row 2', () => {
    expect(layout.source).toBe('qualtrics-legacy');
    expect(layout.headerRows).toBe(2);
    expect(layout.columns[0]).toMatchObject({ header: 'V1', label: 'ResponseID', name: 'V1' });
    expect(layout.columns[0].importId).toBeUndefined();
  });

  it('marks legacy metadata and questions', () => {
    const roles = layout.columns.map((c) => [c.name, c.label, c.qualtricsRole]);
    expect(roles).toEqual([
      ['V1', 'ResponseID', 'metadata'],
      ['V2', 'ResponseSet', 'metadata'],
      ['V3', 'Name', 'metadata'],
      ['V4', 'ExternalDataReference', 'metadata'],
      ['V5', 'EmailAddress', 'metadata'],
      ['V6', 'IPAddress', 'metadata'],
      ['V7', 'Status', 'metadata'],
      ['V8', 'StartDate', 'metadata'],
      ['V9', 'EndDate', 'metadata'],
      ['V10', 'Finished', 'metadata'],
      ['Q1', 'This is a multiple choice question.', 'question'],
      ['Q2', 'This is a free text question.', 'question'],
      ['LocationLatitude', 'LocationLatitude', 'metadata'],
      ['LocationLongitude', 'LocationLongitude', 'metadata'],
      ['LocationAccuracy', 'LocationAccuracy', 'metadata'],
      ['Column 16', undefined, 'other'],
    ]);
  });

  it('keeps the trailing-comma column without a blank-header issue', () => {
    expect(layout.issues).toEqual([]);
    expect(layout.notes.some((n) => n.includes('"Column 16"'))).toBe(true);
  });
});

describe('viva-person-query-sample.csv', () => {
  const layout = detectLayout(readHead('viva-person-query-sample.csv'), 'csv');
  const byName = new Map(layout.columns.map((c) => [c.name, c]));

  it('is a person query with one header row', () => {
    expect(layout.source).toBe('viva-person-query');
    expect(layout.headerRows).toBe(1);
    expect(layout.columns).toHaveLength(155);
    expect(layout.issues).toEqual([]);
  });

  it('names the unnamed R row index "Row"', () => {
    expect(layout.columns[0]).toEqual({ index: 0, name: 'Row', header: '', vivaRole: 'row-index' });
    expect(layout.notes.some((n) => n.includes('"Row"'))).toBe(true);
  });

  it('gives key, attribute and metric roles', () => {
    expect(byName.get('PersonId')?.vivaRole).toBe('person-id');
    expect(byName.get('MetricDate')?.vivaRole).toBe('metric-date');
    for (const a of [
      'Organization',
      'FunctionType',
      'LevelDesignation',
      'Layer',
      'SupervisorIndicator',
      'WeekendDays',
      'IsActive',
    ]) {
      expect(byName.get(a)?.vivaRole, a).toBe('attribute');
    }
    expect(byName.get('Collaboration_hours')?.vivaRole).toBe('metric');
    const metrics = layout.columns.filter((c) => c.vivaRole === 'metric');
    expect(metrics).toHaveLength(155 - 3 - 7);
    expect(layout.columns.every((c) => c.qualtricsRole === undefined)).toBe(true);
  });
});
