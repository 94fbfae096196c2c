// Joins two loaded tables on one key column each, for the Analysis screen: inner or left, keys
// compared after trimming and (optionally) case-folding, and every key problem reported rather
// than guessed. Whether the join is one-to-one, many-to-one (several survey responses of one
// person) or one-to-many (weekly rows on the right) is detected and said in plain words.
import { cellText } from '../table/page';
import type { ColumnData, ColumnMeta, Table } from '../table/types';
import { normalizeKey, type KeyNormalization } from './join';

export interface JoinSpec extends KeyNormalization {
  /** Column index of the key in the left and right table. */
  leftKey: number;
  rightKey: number;
  /** inner: matched left rows only; left: every left row, blanks where nothing matched. */
  kind: 'inner' | 'left';
  /**
   * A left key found on several right rows: `exclude` leaves those rows unmatched (and reports
   * the keys), `all` keeps one output row per pair (SQL semantics: the left row repeats).
   */
  many: 'exclude' | 'all';
}

export type Cardinality = 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';

export interface DuplicateKey {
  key: string;
  /** 0-based data rows holding the key. */
  rows: number[];
}

export interface JoinReport {
  leftRows: number;
  rightRows: number;
  /** Left rows that found at least one right row (before `many: 'exclude'`). */
  matchedLeft: number;
  /** Right rows matched by at least one left row. */
  matchedRight: number;
  /** Rows of the joined table. */
  outputRows: number;
  /** Left rows with a key found nowhere on the right (data rows, 0-based). */
  onlyLeft: number[];
  onlyRight: number[];
  blankLeft: number[];
  blankRight: number[];
  /** Keys on more than one row, per side. */
  duplicateLeft: DuplicateKey[];
  duplicateRight: DuplicateKey[];
  /** Left rows left unmatched because their key repeats on the right (`many: 'exclude'`). */
  excludedLeft: number[];
  cardinality: Cardinality;
  /** Plain-language sentences for the match report, most important first. */
  explanation: string[];
}

export interface JoinResult {
  table: Table;
  report: JoinReport;
  /** [leftRow, rightRow] per output row; rightRow −1 = no match (left join). */
  pairs: Int32Array;
}

/** The key text of every row: trimmed/case-folded as asked, null when blank. */
export function keyColumn(t: Table, column: number, n: KeyNormalization): (string | null)[] {
  const col = t.data[column];
  if (!col) throw new RangeError(`Table ${t.name} has no column ${column + 1}.`);
  const keys = new Array<string | null>(t.rowCount);
  if (col.type === 'number') {
    for (let r = 0; r < t.rowCount; r++) keys[r] = normalizeKey(cellText(col, r), n);
    return keys;
  }
  // Text is dictionary-encoded: each distinct value is normalised once.
  const byCode = col.dict.map((v) => normalizeKey(v, n));
  for (let r = 0; r < t.rowCount; r++) {
    const code = col.codes[r];
    keys[r] = code < 0 ? null : byCode[code];
  }
  return keys;
}

function group(keys: readonly (string | null)[]) {
  const rows = new Map<string, number[]>();
  const blank: number[] = [];
  keys.forEach((k, r) => {
    if (k === null) return void blank.push(r);
    const g = rows.get(k);
    if (g) g.push(r);
    else rows.set(k, [r]);
  });
  const dups: DuplicateKey[] = [];
  for (const [key, g] of rows) if (g.length > 1) dups.push({ key, rows: g });
  return { rows, blank, dups };
}

/** Takes rows of a column by index; −1 gives a blank. */
export function gatherColumn(col: ColumnData, rows: Int32Array): ColumnData {
  if (col.type === 'number') {
    const values = new Float64Array(rows.length);
    const invalid = new Map<number, string>();
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (r < 0) {
        values[i] = NaN;
        continue;
      }
      values[i] = col.values[r];
      const bad = col.invalid.size > 0 ? col.invalid.get(r) : undefined;
      if (bad !== undefined) invalid.set(i, bad);
    }
    return { type: 'number', values, invalid };
  }
  const codes = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) codes[i] = rows[i] < 0 ? -1 : col.codes[rows[i]];
  return { type: col.type, codes, dict: col.dict };
}

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

function cardinalityOf(leftDup: boolean, rightDup: boolean): Cardinality {
  if (leftDup && rightDup) return 'many-to-many';
  if (rightDup) return 'one-to-many';
  if (leftDup) return 'many-to-one';
  return 'one-to-one';
}

function explain(
  left: Table,
  right: Table,
  spec: JoinSpec,
  r: Omit<JoinReport, 'explanation'>,
  rightDupMatched: number,
  leftDupMatched: number,
): string[] {
  const L = left.columns[spec.leftKey].name;
  const R = right.columns[spec.rightKey].name;
  const out: string[] = [];
  out.push(
    `${plural(r.matchedLeft, 'row')} of ${left.name} (of ${r.leftRows.toLocaleString('en-US')}) found ` +
      `${L} in ${right.name}'s ${R}.`,
  );
  if (rightDupMatched > 0) {
    const avg = r.duplicateRight.reduce((s, d) => s + d.rows.length, 0) / r.duplicateRight.length;
    const why =
      spec.many === 'exclude'
        ? `Those left rows are kept unmatched rather than repeated (${plural(r.excludedLeft.length, 'row')}).`
        : 'Each such left row repeats once per matching right row, so counts and means over the left side are weighted by those repeats.';
    out.push(
      `One-to-many: ${plural(r.duplicateRight.length, 'key')} repeat in ${right.name} ` +
        `(${avg.toFixed(1)} rows per key on average), and ${plural(rightDupMatched, 'left row')} match such a key. ` +
        `${why} If the right side is weekly data (a person query), average it per person first.`,
    );
  }
  if (leftDupMatched > 0) {
    out.push(
      `Many-to-one: ${plural(r.duplicateLeft.length, 'key')} repeat in ${left.name} ` +
        `(for example, a person who answered twice); each of those rows gets the same right row.`,
    );
  }
  if (r.onlyLeft.length > 0) {
    out.push(
      `${plural(r.onlyLeft.length, 'row')} of ${left.name} have a key not found on the right.`,
    );
  }
  if (r.blankLeft.length > 0) {
    out.push(
      `${plural(r.blankLeft.length, 'row')} of ${left.name} have a blank ${L} and cannot match.`,
    );
  }
  if (r.onlyRight.length > 0) {
    out.push(`${plural(r.onlyRight.length, 'row')} of ${right.name} match no left row.`);
  }
  if (r.blankRight.length > 0) {
    out.push(`${plural(r.blankRight.length, 'row')} of ${right.name} have a blank ${R}.`);
  }
  if (spec.kind === 'inner' && r.matchedLeft < r.leftRows) {
    out.push(
      `Inner join: unmatched left rows are left out (${plural(r.leftRows - r.matchedLeft, 'row')}).`,
    );
  }
  return out;
}

/** Joined column names stay unique: a right name already on the left gets ` (file name)`. */
function rightName(name: string, taken: Set<string>, rightTable: string): string {
  let n = name;
  if (taken.has(n)) n = `${name} (${rightTable.replace(/\.[^.]+$/, '')})`;
  for (let i = 2; taken.has(n); i++) n = `${name} (${i})`;
  taken.add(n);
  return n;
}

/**
 * Joins `right` onto `left`. Output rows follow the left table's order; the right key column is
 * not repeated. Blank keys never match.
 */
export function joinTables(left: Table, right: Table, spec: JoinSpec): JoinResult {
  const Lk = keyColumn(left, spec.leftKey, spec);
  const Rk = keyColumn(right, spec.rightKey, spec);
  const L = group(Lk);
  const R = group(Rk);

  const leftIdx: number[] = [];
  const rightIdx: number[] = [];
  const onlyLeft: number[] = [];
  const excludedLeft: number[] = [];
  const rightUsed = new Uint8Array(right.rowCount);
  let matchedLeft = 0;
  let rightDupMatched = 0;
  let leftDupMatched = 0;
  for (let r = 0; r < left.rowCount; r++) {
    const k = Lk[r];
    const hits = k === null ? undefined : R.rows.get(k);
    if (!hits) {
      if (k !== null) onlyLeft.push(r);
      if (spec.kind === 'left') {
        leftIdx.push(r);
        rightIdx.push(-1);
      }
      continue;
    }
    matchedLeft++;
    for (const h of hits) rightUsed[h] = 1;
    if ((L.rows.get(k!)?.length ?? 0) > 1) leftDupMatched++;
    if (hits.length > 1) {
      rightDupMatched++;
      if (spec.many === 'exclude') {
        excludedLeft.push(r);
        if (spec.kind === 'left') {
          leftIdx.push(r);
          rightIdx.push(-1);
        }
        continue;
      }
    }
    for (const h of hits) {
      leftIdx.push(r);
      rightIdx.push(h);
    }
  }
  const onlyRight: number[] = [];
  let matchedRight = 0;
  for (let r = 0; r < right.rowCount; r++) {
    if (rightUsed[r]) matchedRight++;
    else if (Rk[r] !== null) onlyRight.push(r);
  }

  const lrows = Int32Array.from(leftIdx);
  const rrows = Int32Array.from(rightIdx);
  const taken = new Set(left.columns.map((c) => c.name));
  const columns: ColumnMeta[] = left.columns.map((c) => ({ ...c }));
  const data: ColumnData[] = left.data.map((c) => gatherColumn(c, lrows));
  right.columns.forEach((c, i) => {
    if (i === spec.rightKey) return;
    columns.push({ ...c, index: columns.length, name: rightName(c.name, taken, right.name) });
    data.push(gatherColumn(right.data[i], rrows));
  });

  const base = {
    leftRows: left.rowCount,
    rightRows: right.rowCount,
    matchedLeft,
    matchedRight,
    outputRows: lrows.length,
    onlyLeft,
    onlyRight,
    blankLeft: L.blank,
    blankRight: R.blank,
    duplicateLeft: L.dups,
    duplicateRight: R.dups,
    excludedLeft,
    cardinality: cardinalityOf(leftDupMatched > 0, rightDupMatched > 0),
  };
  const report: JoinReport = {
    ...base,
    explanation: explain(left, right, spec, base, rightDupMatched, leftDupMatched),
  };
  const pairs = new Int32Array(lrows.length * 2);
  for (let i = 0; i < lrows.length; i++) {
    pairs[2 * i] = lrows[i];
    pairs[2 * i + 1] = rrows[i];
  }
  const table: Table = {
    name: `${left.name} + ${right.name}`,
    rowCount: lrows.length,
    columns,
    data,
    format: { kind: left.format.kind, source: 'plain', headerRows: 1, notes: [] },
    issues: [],
  };
  return { table, report, pairs };
}
