// The pass over a finished table (src/lib/table/refine.ts): Excel day serials, multi-select
// cells and their choices.
import { describe, expect, it } from 'vitest';
import { isMultiSelect, serialToTimestamp, splitChoices } from '../../../src/lib/table/refine';

describe('serialToTimestamp', () => {
  it('reads Excel day serials as Qualtrics writes dates', () => {
    expect(serialToTimestamp(43703.54338)).toBe('2019-08-26 13:02:28');
    expect(serialToTimestamp(45123.416666666664)).toBe('2023-07-16 10:00:00');
    expect(serialToTimestamp(43703)).toBe('2019-08-26 00:00:00');
  });
  it('refuses numbers that cannot be a survey date', () => {
    expect(serialToTimestamp(5)).toBeNull();
    expect(serialToTimestamp(451)).toBeNull();
    expect(serialToTimestamp(100000)).toBeNull();
  });
});

describe('splitChoices', () => {
  it('splits on the commas Qualtrics joins choices with', () => {
    expect(splitChoices('Red,Blue,Green')).toEqual(['Red', 'Blue', 'Green']);
    expect(splitChoices('1,3,5')).toEqual(['1', '3', '5']);
  });
  it('keeps a choice whose text holds a comma whole', () => {
    expect(splitChoices('Flexible hours, remote work,Free lunch')).toEqual([
      'Flexible hours, remote work',
      'Free lunch',
    ]);
    // Without the space, only when the whole text is answered alone elsewhere.
    const known = new Set(['Yes,always', 'No', 'Yes,always,No']);
    expect(splitChoices('Yes,always,No', known)).toEqual(['Yes,always', 'No']);
    expect(splitChoices('Red,Blue', new Set(['Red', 'Blue', 'Red,Blue']))).toEqual(['Red', 'Blue']);
  });
});

describe('isMultiSelect', () => {
  it('recognises choice text and numbers joined by commas', () => {
    expect(isMultiSelect(['Red,Blue', 'Red', 'Blue,Green', 'Green'])).toBe(true);
    expect(isMultiSelect(['1,3,5', '2', '1,2'])).toBe(true);
  });
  it('is false for single choices holding commas, free text and plain numbers', () => {
    expect(isMultiSelect(['Yes, always', 'No', 'Yes, sometimes'])).toBe(false);
    expect(
      isMultiSelect(['Fewer meetings,more focus time', 'The canteen,honestly', 'Nothing']),
    ).toBe(false);
    expect(isMultiSelect(['1', '2', '3'])).toBe(false);
  });
});
