// Per-person averages of a Viva Insights person query, computed while the file streams past.
//
// Memory grows with people × metrics, never with rows: each record is read straight from the
// scanner's byte offsets (no strings, no row objects) and folded into running sums. A 1 GB
// query of 5 M rows × 20 metrics keeps ≈100 k people × 20 sums, a few tens of MB.
//
// Hot-path choices (measured in Chromium on the 1 GB bench file):
// - PersonIds are interned by hashing their bytes into an open-addressing table over a byte
//   arena; a string is only made once per person, at the end.
// - MetricDates repeat for thousands of rows in a row (queries are sorted by date), so the last
//   date's bytes are compared first and a date is parsed once per distinct value.
// - Numbers go through parseNumberBytes; only the rare quoted or odd field becomes a string.
// - The identifier attribute is decoded once per person; later rows compare a hash of its bytes
//   to notice a person whose identifier changes.

import type { Issue } from '../issues';
import { fieldString, FIELD_PLAIN, parseNumberBytes } from '../read/csv/fields';
import type { RecordSink } from '../read/csv/scanner';
import { emptyCounts, inactiveText, QueryNotes } from './notes';
import type { AggregateSpec, DateCount, PartialMeans, PersonMeans } from './types';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const NO_DATE = -1;

/** FNV-1a-style hash of buf[s, e), four bytes per step (PersonIds are hashed once per row). */
function hashBytes(buf: Uint8Array, s: number, e: number): number {
  let h = FNV_OFFSET ^ (e - s);
  let i = s;
  for (const end4 = e - 3; i < end4; i += 4) {
    h = Math.imul(
      h ^ (buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24)),
      FNV_PRIME,
    );
    h ^= h >>> 15;
  }
  for (; i < e; i++) h = Math.imul(h ^ buf[i], FNV_PRIME);
  return h ^ (h >>> 13);
}

/** Missing-value markers Viva and R write: NULL (unlicensed Copilot metrics), NA, NaN. */
function isMissingMarker(buf: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (n === 0) return true;
  if (n === 4) {
    const a = buf[s] | 0x20;
    return (
      a === 0x6e &&
      (buf[s + 1] | 0x20) === 0x75 &&
      (buf[s + 2] | 0x20) === 0x6c &&
      (buf[s + 3] | 0x20) === 0x6c
    );
  }
  if (n === 2) return (buf[s] | 0x20) === 0x6e && (buf[s + 1] | 0x20) === 0x61;
  if (n === 3) {
    return (buf[s] | 0x20) === 0x6e && (buf[s + 1] | 0x20) === 0x61 && (buf[s + 2] | 0x20) === 0x6e;
  }
  return false;
}

/** Field bounds with spaces and tabs trimmed, written into `out` as [start, end]. */
function trimBounds(buf: Uint8Array, s: number, e: number, out: Int32Array): void {
  while (s < e && (buf[s] === 0x20 || buf[s] === 0x09)) s++;
  while (e > s && (buf[e - 1] === 0x20 || buf[e - 1] === 0x09)) e--;
  out[0] = s;
  out[1] = e;
}

/** Folds person-query records into per-person sums. Feed it through a CsvScanner. */
export class PersonQueryAggregator implements RecordSink {
  rows = 0;
  private readonly m: number;
  private readonly metricCols: Int32Array;
  private readonly need: number;
  private readonly notes: QueryNotes;
  private readonly counts: PersonMeans['counts'];
  private readonly bounds = new Int32Array(2);

  // People: open addressing over an arena of PersonId bytes.
  private people = 0;
  private capacity = 1024;
  private slots = new Int32Array(2048); // person index + 1, 0 = empty
  private mask = 2047;
  private hashes = new Int32Array(1024);
  private keyStart = new Int32Array(1024);
  private keyEnd = new Int32Array(1024);
  private arena = new Uint8Array(64 * 1024);
  private arenaUsed = 0;
  private sums = new Float64Array(0);
  /** Missing values per (person, metric) of counted weeks (blank, NULL, text). */
  private missing = new Int32Array(0);
  private weeks = new Int32Array(1024);
  private idHash = new Int32Array(1024);
  private ids: (string | null)[] = [];

  // Dates: interned by text; the last one is checked first.
  private lastDate = new Uint8Array(64);
  private lastDateLen = -1;
  private lastDateIndex = NO_DATE;
  private dateRows = new Float64Array(64);
  // Which (person, date) pairs were seen: one bit each, `stride` bits per person.
  private seen = new Uint8Array(1024 * 8);
  private strideBytes = 8;

  constructor(private readonly spec: AggregateSpec) {
    this.m = spec.metricColumns.length;
    this.notes = new QueryNotes(spec);
    this.counts = this.notes.counts;
    this.metricCols = Int32Array.from(spec.metricColumns);
    this.need =
      1 +
      Math.max(
        spec.personIdColumn,
        spec.metricDateColumn,
        spec.identifierColumn ?? -1,
        spec.inactiveColumn ?? -1,
        ...spec.metricColumns,
      );
    this.sums = new Float64Array(this.capacity * this.m);
    this.missing = new Int32Array(this.capacity * this.m);
  }

  /** People met so far, in order of first appearance. */
  get persons(): number {
    return this.people;
  }

  record(
    buf: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    flags: Uint8Array,
    count: number,
    row: number,
  ): void {
    if (row <= this.spec.headerRows) return;
    if (count === 1 && starts[0] === ends[0]) return; // blank line
    this.rows++;
    const spec = this.spec;
    if (count < this.need) {
      // A short row: read what is there; missing cells are blank.
      this.shortRow(buf, starts, ends, flags, count, row);
      return;
    }

    // PersonId
    trimBounds(buf, starts[spec.personIdColumn], ends[spec.personIdColumn], this.bounds);
    const ps = this.bounds[0];
    const pe = this.bounds[1];
    if (ps === pe) {
      this.notes.blankPerson(row);
      return;
    }
    const p = this.person(buf, ps, pe);

    // Identifier (over every row, whatever the window)
    if (spec.identifierColumn !== null) {
      this.identifier(
        p,
        buf,
        starts[spec.identifierColumn],
        ends[spec.identifierColumn],
        flags[spec.identifierColumn],
        row,
      );
    }

    // MetricDate
    const d = this.date(
      buf,
      starts[spec.metricDateColumn],
      ends[spec.metricDateColumn],
      flags[spec.metricDateColumn],
    );
    if (d < 0) {
      const c = spec.metricDateColumn;
      this.notes.badDate(row, fieldString(buf, starts[c], ends[c], flags[c]));
      return;
    }
    this.dateRows[d]++;
    if (!this.notes.dateIn[d]) {
      this.counts.outsideWindow++;
      return;
    }
    if (this.markSeen(p, d)) {
      this.notes.duplicateWeek(row, this.personId(p), d);
      return;
    }
    if (spec.inactiveColumn !== null) {
      const c = spec.inactiveColumn;
      if (this.isInactive(buf, starts[c], ends[c], flags[c])) {
        this.counts.inactive++;
        return;
      }
    }

    this.counts.counted++;
    this.weeks[p]++;
    const m = this.m;
    const base = p * m;
    const sums = this.sums;
    const missing = this.missing;
    const cols = this.metricCols;
    const comma = spec.decimalComma;
    for (let j = 0; j < m; j++) {
      const c = cols[j];
      const s = starts[c];
      const e = ends[c];
      let v = parseNumberBytes(buf, s, e, comma);
      if (v !== v) {
        v = this.slowNumber(buf, s, e, flags[c], j, row);
        if (v !== v) {
          // Counted per person as weeks − missing: the common case touches no count at all.
          missing[base + j]++;
          continue;
        }
      }
      sums[base + j] += v;
    }
  }

  /** A row with fewer fields than the columns asked for: padded with blanks, then read. */
  private shortRow(
    buf: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    flags: Uint8Array,
    count: number,
    row: number,
  ): void {
    const n = this.need;
    const s2 = new Int32Array(n);
    const e2 = new Int32Array(n);
    const f2 = new Uint8Array(n);
    s2.set(starts.subarray(0, count));
    e2.set(ends.subarray(0, count));
    f2.set(flags.subarray(0, count));
    this.notes.raggedRow(row, count, n);
    this.rows--;
    this.record(buf, s2, e2, f2, n, row);
  }

  /** A metric cell parseNumberBytes did not read: blank, NULL, quoted, or text. */
  private slowNumber(
    buf: Uint8Array,
    s: number,
    e: number,
    flag: number,
    j: number,
    row: number,
  ): number {
    trimBounds(buf, s, e, this.bounds);
    if (flag === FIELD_PLAIN && isMissingMarker(buf, this.bounds[0], this.bounds[1])) return NaN;
    return this.notes.metric(fieldString(buf, s, e, flag).trim(), j, row);
  }

  private isInactive(buf: Uint8Array, s: number, e: number, flag: number): boolean {
    const v = parseNumberBytes(buf, s, e, this.spec.decimalComma);
    if (v === v) return v <= 0;
    return inactiveText(fieldString(buf, s, e, flag), this.spec.decimalComma);
  }

  /** The person index for PersonId bytes buf[s, e), added when new. */
  private person(buf: Uint8Array, s: number, e: number): number {
    const h = hashBytes(buf, s, e);
    const len = e - s;
    const slots = this.slots;
    const mask = this.mask;
    let i = h & mask;
    for (;;) {
      const k = slots[i];
      if (k === 0) break;
      const p = k - 1;
      if (this.hashes[p] === h && this.keyEnd[p] - this.keyStart[p] === len) {
        const a = this.arena;
        let j = this.keyStart[p];
        let x = s;
        while (x < e && a[j] === buf[x]) {
          j++;
          x++;
        }
        if (x === e) return p;
      }
      i = (i + 1) & mask;
    }
    return this.addPerson(buf, s, e, h, i);
  }

  private addPerson(buf: Uint8Array, s: number, e: number, h: number, slot: number): number {
    const p = this.people;
    if (p === this.capacity) this.grow();
    const len = e - s;
    if (this.arenaUsed + len > this.arena.length) {
      const next = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + len));
      next.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = next;
    }
    this.arena.set(buf.subarray(s, e), this.arenaUsed);
    this.keyStart[p] = this.arenaUsed;
    this.keyEnd[p] = this.arenaUsed += len;
    this.hashes[p] = h;
    this.ids.push(null);
    this.people++;
    this.slots[slot] = p + 1; // grow() leaves the slot table alone
    if (this.people * 2 > this.slots.length) this.rehash();
    return p;
  }

  /** Doubles the per-person arrays. */
  private grow(): void {
    const cap = this.capacity * 2;
    const m = this.m;
    const resize = <T extends Int32Array | Float64Array | Uint8Array>(
      a: T,
      n: number,
      make: (n: number) => T,
    ): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.hashes = resize(this.hashes, cap, (n) => new Int32Array(n));
    this.keyStart = resize(this.keyStart, cap, (n) => new Int32Array(n));
    this.keyEnd = resize(this.keyEnd, cap, (n) => new Int32Array(n));
    this.weeks = resize(this.weeks, cap, (n) => new Int32Array(n));
    this.idHash = resize(this.idHash, cap, (n) => new Int32Array(n));
    this.sums = resize(this.sums, cap * m, (n) => new Float64Array(n));
    this.missing = resize(this.missing, cap * m, (n) => new Int32Array(n));
    this.seen = resize(this.seen, cap * this.strideBytes, (n) => new Uint8Array(n));
    this.capacity = cap;
  }

  /** Doubles the slot table and re-inserts every person. */
  private rehash(): void {
    const size = this.slots.length * 2;
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let p = 0; p < this.people; p++) {
      let i = this.hashes[p] & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = p + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }

  private personId(p: number): string {
    return new TextDecoder().decode(this.arena.subarray(this.keyStart[p], this.keyEnd[p]));
  }

  private identifier(
    p: number,
    buf: Uint8Array,
    s: number,
    e: number,
    flag: number,
    row: number,
  ): void {
    trimBounds(buf, s, e, this.bounds);
    const is = this.bounds[0];
    const ie = this.bounds[1];
    if (is === ie) return;
    const h = hashBytes(buf, is, ie) | 1; // never 0, which means "not seen yet"
    const known = this.idHash[p];
    if (known === 0) {
      this.idHash[p] = h;
      this.ids[p] =
        flag === FIELD_PLAIN ? fieldString(buf, is, ie, flag) : fieldString(buf, s, e, flag).trim();
    } else if (known !== h) {
      this.idHash[p] = h; // report each change once
      this.notes.identifierConflict(
        row,
        this.personId(p),
        fieldString(buf, s, e, flag).trim(),
        this.ids[p],
      );
    }
  }

  /** Date index for the field, or BAD_DATE. */
  private date(buf: Uint8Array, s: number, e: number, flag: number): number {
    const len = e - s;
    if (len === this.lastDateLen) {
      const last = this.lastDate;
      let i = 0;
      while (i < len && last[i] === buf[s + i]) i++;
      if (i === len) return this.lastDateIndex;
    }
    const d = this.notes.date(fieldString(buf, s, e, flag));
    if (d >= 0) this.fitDate(d);
    if (len <= this.lastDate.length) {
      this.lastDate.set(buf.subarray(s, e));
      this.lastDateLen = len;
      this.lastDateIndex = d;
    }
    return d;
  }

  /** Room for date index d in the per-date row counts and the (person, date) bits. */
  private fitDate(d: number): void {
    if (d >= this.dateRows.length) {
      const next = new Float64Array(Math.max(this.dateRows.length * 2, d + 1));
      next.set(this.dateRows);
      this.dateRows = next;
    }
    if (d >= this.strideBytes * 8) this.widenSeen();
  }

  /** Doubles the bits kept per person for (person, date) pairs. */
  private widenSeen(): void {
    const old = this.strideBytes;
    const stride = old * 2;
    const next = new Uint8Array(this.capacity * stride);
    for (let p = 0; p < this.people; p++) {
      next.set(this.seen.subarray(p * old, p * old + old), p * stride);
    }
    this.seen = next;
    this.strideBytes = stride;
  }

  /** Marks (person, date) seen; true when it already was. */
  private markSeen(p: number, d: number): boolean {
    const i = p * this.strideBytes + (d >> 3);
    const bit = 1 << (d & 7);
    const was = this.seen[i] & bit;
    this.seen[i] |= bit;
    return was !== 0;
  }

  /** The per-person means. */
  result(): PersonMeans {
    return mergePartials([this.partial(0)], this.spec.metricNames);
  }

  /**
   * This aggregator's sums, to be merged with other parts of the same file (read on other
   * threads). `lines` = the records the part's scanner saw, to number the next part's rows.
   */
  partial(lines: number): PartialMeans {
    const n = this.people;
    const m = this.m;
    const dec = new TextDecoder();
    const personKeys = new Array<string>(n);
    for (let p = 0; p < n; p++) {
      personKeys[p] = dec.decode(this.arena.subarray(this.keyStart[p], this.keyEnd[p]));
    }
    const { sums, missing } = byMetric(n, m, (p, j) => p * m + j, this.sums, this.missing);
    return {
      engine: 'javascript',
      personKeys,
      identifiers: this.ids.slice(0, n),
      weeks: this.weeks.slice(0, n),
      sums,
      missing,
      dates: this.notes.dateIso.map((iso, k) => ({ iso, rows: this.dateRows[k] })),
      seen: this.seen.slice(0, n * this.strideBytes),
      strideBytes: this.strideBytes,
      rows: this.rows,
      lines,
      counts: { ...this.counts },
      issues: this.notes.issues.summarize(),
    };
  }
}

/**
 * Person-major running sums and missing counts turned metric-major, the layout of PartialMeans:
 * `at(p, j)` is where (person p, metric j) sits in the source arrays.
 */
export function byMetric(
  n: number,
  m: number,
  at: (p: number, j: number) => number,
  sums: Float64Array,
  missing: Int32Array,
): { sums: Float64Array; missing: (Int32Array | null)[] } {
  const out = new Float64Array(n * m);
  const gaps: (Int32Array | null)[] = [];
  for (let j = 0; j < m; j++) {
    let col: Int32Array | null = null;
    for (let p = 0; p < n; p++) {
      const i = at(p, j);
      out[j * n + p] = sums[i];
      const k = missing[i];
      if (k !== 0) (col ??= new Int32Array(n))[p] = k;
    }
    gaps.push(col);
  }
  return { sums: out, missing: gaps };
}

/** The transferable buffers of a part (to post it from a thread without copying). */
export function partialBuffers(part: PartialMeans): ArrayBuffer[] {
  const out = [part.weeks.buffer, part.sums.buffer, part.seen.buffer];
  for (const col of part.missing) if (col) out.push(col.buffer);
  return out as ArrayBuffer[];
}

/**
 * Joins the parts of one file, in file order, into per-person means. With one part the result
 * is exactly that part's; with several, a person's sums are added part by part. The parts are
 * used up: the first one's arrays may become the totals. A week repeated
 * across two parts cannot be left out any more: it is reported, and both rows count.
 */
export function mergePartials(
  parts: readonly PartialMeans[],
  metricNames: readonly string[],
): PersonMeans {
  const m = metricNames.length;
  const index = new Map<string, number>();
  const personIds: string[] = [];
  const identifiers: (string | null)[] = [];
  for (const part of parts) {
    for (const key of part.personKeys) {
      if (!index.has(key)) {
        index.set(key, personIds.length);
        personIds.push(key);
        identifiers.push(null);
      }
    }
  }
  const n = personIds.length;
  // When the first part met everyone (a query sorted by date: every part does), its arrays are
  // indexed like the result and become the running totals, then the means, in place: tens of
  // MB not allocated again.
  const own = parts.length > 0 && parts[0].personKeys.length === n ? parts[0] : null;
  const weeks = own ? own.weeks : new Int32Array(n);
  const sums = own ? own.sums : new Float64Array(n * m);
  const missing: (Int32Array | null)[] = own ? own.missing.slice() : metricNames.map(() => null);
  const dateIndex = new Map<string, number>();
  const dateRows: number[] = [];
  for (const part of parts) {
    for (const d of part.dates) {
      const k = dateIndex.get(d.iso);
      if (k === undefined) {
        dateIndex.set(d.iso, dateRows.length);
        dateRows.push(d.rows);
      } else dateRows[k] += d.rows;
    }
  }
  const counts: PersonMeans['counts'] = emptyCounts();
  const issues: Issue[] = [];
  const stride = Math.ceil(dateRows.length / 8) || 1;
  const seen = parts.length > 1 ? new Uint8Array(n * stride) : null;
  let rows = 0;
  let lineOffset = 0;
  for (const part of parts) {
    const globalDate = part.dates.map((d) => dateIndex.get(d.iso)!);
    for (let p = 0; p < part.personKeys.length; p++) {
      const g = part === own ? p : index.get(part.personKeys[p])!;
      if (part !== own) weeks[g] += part.weeks[p];
      const id = part.identifiers[p];
      if (id !== null) {
        const known = identifiers[g];
        if (known === null) identifiers[g] = id;
        else if (known !== id) {
          counts.identifierConflicts++;
          issues.push({
            row: null,
            column: null,
            code: 'identifier-conflict',
            message: `PersonId ${personIds[g]} has identifier "${id}" in one part of the file but "${known}" earlier; the first one is kept.`,
          });
        }
      }
      if (seen) {
        for (let d = 0; d < globalDate.length; d++) {
          if ((part.seen[p * part.strideBytes + (d >> 3)] & (1 << (d & 7))) === 0) continue;
          const gd = globalDate[d];
          const at = g * stride + (gd >> 3);
          const bit = 1 << (gd & 7);
          if (seen[at] & bit) {
            counts.duplicateWeeks++;
            issues.push({
              row: null,
              column: 'MetricDate',
              code: 'duplicate-week',
              message: `PersonId ${personIds[g]} has two rows for ${part.dates[d].iso} far apart in the file; both were counted.`,
            });
          }
          seen[at] |= bit;
        }
      }
    }
    if (part !== own) {
      const k = part.personKeys.length;
      const to = part.personKeys.map((key) => index.get(key)!);
      for (let j = 0; j < m; j++) {
        const from = part.sums.subarray(j * k, (j + 1) * k);
        const sum = sums.subarray(j * n, (j + 1) * n);
        for (let p = 0; p < k; p++) sum[to[p]] += from[p];
        const gaps = part.missing[j];
        if (gaps) {
          const into = (missing[j] ??= new Int32Array(n));
          for (let p = 0; p < k; p++) into[to[p]] += gaps[p];
        }
      }
    }
    for (const key of Object.keys(counts) as (keyof PersonMeans['counts'])[]) {
      counts[key] += part.counts[key];
    }
    for (const issue of part.issues) {
      issues.push(
        issue.row === null
          ? issue
          : { ...issue, row: issue.row + lineOffset, message: renumber(issue.message, lineOffset) },
      );
    }
    rows += part.rows;
    lineOffset += part.lines;
  }
  // The means overwrite the sums, metric by metric.
  const means: Float64Array[] = [];
  for (let j = 0; j < m; j++) {
    const col = sums.subarray(j * n, (j + 1) * n);
    const gaps = missing[j];
    for (let p = 0; p < n; p++) {
      const c = weeks[p] - (gaps ? gaps[p] : 0);
      col[p] = c > 0 ? col[p] / c : NaN;
    }
    means.push(col);
  }
  const dates = [...dateIndex]
    .map(([date, k]) => ({ date, rows: dateRows[k] }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return {
    metricNames: metricNames.slice(),
    personIds,
    identifiers,
    weeks,
    means,
    dates,
    periodDays: periodDays(dates),
    rows,
    engine:
      parts.length > 0 && parts.every((p) => p.engine === 'webassembly')
        ? 'webassembly'
        : 'javascript',
    counts,
    issues,
  };
}

/** "Row 12 …" in a part's message, renumbered for the whole file. */
function renumber(message: string, offset: number): string {
  return offset === 0
    ? message
    : message.replace(/^Row (\d+)/, (_, r: string) => `Row ${Number(r) + offset}`);
}

/** The most common gap in days between consecutive dates (7 = weekly, 1 = daily). */
export function periodDays(dates: readonly DateCount[]): number | null {
  if (dates.length < 2) return null;
  const tally = new Map<number, number>();
  for (let k = 1; k < dates.length; k++) {
    const gap = Math.round(
      (Date.parse(dates[k].date) - Date.parse(dates[k - 1].date)) / 86_400_000,
    );
    tally.set(gap, (tally.get(gap) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = -1;
  for (const [gap, c] of tally) {
    if (c > bestCount || (c === bestCount && gap < best)) {
      best = gap;
      bestCount = c;
    }
  }
  return best;
}
