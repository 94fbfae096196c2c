import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'vitest';
import { openFile, readSheet } from '../../../workers/open-file';
import { describeSurvey } from '../../../src/lib/recipe/survey-columns';
import { REAL_DATA_DIR } from '../../helpers/real-data';

async function open(name: string) {
  const bytes = new Uint8Array(readFileSync(join(REAL_DATA_DIR, name)));
  const o = await openFile(new Blob([bytes]), name, {});
  if (o.kind === 'table') return o.table;
  const wb = o.workbook;
  return readSheet(wb, (wb.sheets.find((s) => !s.hidden) ?? wb.sheets[0]).name, {});
}
it('explore', async () => {
  for (const n of ['qualtrics-export-sample.csv', 'qualtrics-export-sample-legacy.csv', 'qualtrics-ex-survey.xlsx']) {
    const t = await open(n);
    const f = describeSurvey(t);
    console.log(n, t.rowCount, JSON.stringify(t.format), JSON.stringify(f.identifier), f.latestEnd);
    for (const c of f.columns) console.log(' ', c.index, JSON.stringify(c.ref), c.kind, c.role, c.numeric, JSON.stringify(c.scale), c.emailShare, t.columns[c.index].type);
  }
});
