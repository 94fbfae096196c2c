// An inner join on one key column with a match report: what matched, what is only on one side,
// and which keys repeat (a repeated key cannot be joined safely, so its rows are left out).

export interface KeyNormalization {
  trim: boolean;
  caseFold: boolean;
}

/** The key as compared: trimmed and case-folded as asked; '' (blank) becomes null. */
export function normalizeKey(raw: string, n: KeyNormalization): string | null {
  let k = n.trim ? raw.trim() : raw;
  if (n.caseFold) k = k.toLowerCase();
  return k === '' ? null : k;
}

export interface MatchReport {
  /** [leftRow, rightRow] pairs, in left file order. */
  matched: [number, number][];
  /** Left rows whose key is not on the right. */
  onlyLeft: number[];
  /** Right rows whose key is not on the left. */
  onlyRight: number[];
  /** Keys found on more than one left row, with those rows (left out of `matched`). */
  duplicateLeft: { key: string; rows: number[] }[];
  duplicateRight: { key: string; rows: number[] }[];
  /** Rows with a blank key, per side. */
  blankLeft: number[];
  blankRight: number[];
}

function index(keys: readonly (string | null)[]) {
  const rows = new Map<string, number[]>();
  const blank: number[] = [];
  keys.forEach((k, r) => {
    if (k === null) return blank.push(r);
    const g = rows.get(k);
    if (g) g.push(r);
    else rows.set(k, [r]);
  });
  const dups = [...rows].filter(([, g]) => g.length > 1).map(([key, g]) => ({ key, rows: g }));
  return { rows, blank, dups };
}

/**
 * Joins two key columns (already normalized). A key that repeats on either side is reported as a
 * duplicate and not matched at all, since picking one of its rows would be a silent guess.
 */
export function matchKeys(
  left: readonly (string | null)[],
  right: readonly (string | null)[],
): MatchReport {
  const L = index(left);
  const R = index(right);
  const matched: [number, number][] = [];
  const onlyLeft: number[] = [];
  const onlyRight: number[] = [];
  for (const [key, rows] of L.rows) {
    const other = R.rows.get(key);
    if (!other) onlyLeft.push(...rows);
    else if (rows.length === 1 && other.length === 1) matched.push([rows[0], other[0]]);
  }
  for (const [key, rows] of R.rows) if (!L.rows.has(key)) onlyRight.push(...rows);
  matched.sort((a, b) => a[0] - b[0]);
  onlyLeft.sort((a, b) => a - b);
  onlyRight.sort((a, b) => a - b);
  return {
    matched,
    onlyLeft,
    onlyRight,
    duplicateLeft: L.dups,
    duplicateRight: R.dups,
    blankLeft: L.blank,
    blankRight: R.blank,
  };
}
