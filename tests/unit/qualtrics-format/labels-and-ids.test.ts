// The pieces behind cases 3 and 4 of issue 14: HTML stripped from labels as the R client's
// strip_html does (plus entities), the 2017 exporter's Python-dict ImportId cells, and labels
// shown without "Selected Choice".
import { describe, expect, it } from 'vitest';
import { matrixStatement, questionLabel, shortLabel } from '../../../src/lib/format';
import { parseImportIdCell } from '../../../src/lib/qualtrics-format';
import { stripHtml } from '../../../src/lib/qualtrics-format/strip-html';
import { labelAt } from '../../../src/lib/qualtrics-format/head-cells';

describe('stripHtml', () => {
  it.each([
    ['<b>Bold</b> text', 'Bold text'],
    ['Line one<br>line two<br/>three', 'Line one line two three'],
    ['<span style="color: rgb(255, 0, 0);">Red</span> word', 'Red word'],
    ['<p>Para one</p><p>Para two</p>', 'Para one Para two'],
    [
      'Tom &amp; Jerry&#39;s&nbsp;show &quot;live&quot; &#x2013; now',
      'Tom & Jerry\'s show "live" – now',
    ],
    ['  spaces   &nbsp; everywhere  ', 'spaces everywhere'],
  ])('%s → %s', (raw, plain) => expect(stripHtml(raw)).toBe(plain));

  it('leaves text that only looks like markup alone', () => {
    expect(stripHtml('Rate 1 < 2 and 3 > 2')).toBe('Rate 1 < 2 and 3 > 2');
    expect(stripHtml('AT&T users')).toBe('AT&T users');
    expect(stripHtml('I <3 my team')).toBe('I <3 my team');
  });

  it('labelAt keeps the raw label only when it held HTML', () => {
    expect(labelAt([['Q1'], ['<i>Hi</i> there']], 1, 0)).toEqual({
      label: 'Hi there',
      labelHtml: '<i>Hi</i> there',
    });
    expect(labelAt([['Q1'], ['Plain']], 1, 0)).toEqual({ label: 'Plain' });
    expect(labelAt([['Q1'], ['<br>']], 1, 0)).toEqual({ labelHtml: '<br>' });
  });
});

describe('parseImportIdCell: the 2017 exporter', () => {
  it('reads single-quoted cells and the #choice form', () => {
    expect(parseImportIdCell("{'ImportId': 'QID1#1-1'}")).toEqual({
      importId: 'QID1',
      choiceId: '1-1',
    });
    expect(parseImportIdCell("{'ImportId': 'startDate', 'timeZone': 'America/Denver'}")).toEqual({
      importId: 'startDate',
      timeZone: 'America/Denver',
    });
    expect(parseImportIdCell("{'ImportId': \"Manager's name\"}")).toEqual({
      importId: "Manager's name",
    });
  });

  it('keeps a current cell as it was', () => {
    expect(parseImportIdCell('{"ImportId":"QID36","choiceId":"1"}')).toEqual({
      importId: 'QID36',
      choiceId: '1',
    });
    expect(parseImportIdCell('{"ImportId":"It\'s a field"}')).toEqual({ importId: "It's a field" });
  });
});

describe('labels shown for a question', () => {
  it('drops "- Selected Choice" and never shows it alone', () => {
    expect(questionLabel('Which office? - Selected Choice')).toBe('Which office?');
    expect(matrixStatement('Which office? - Selected Choice')).toBe('Which office?');
    expect(shortLabel('Which office? - Selected Choice')).toBe('Which office?');
    expect(matrixStatement('Agree? - I feel valued')).toBe('I feel valued');
    expect(matrixStatement(undefined)).toBe('');
  });
});
