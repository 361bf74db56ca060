// SPDX-License-Identifier: Apache-2.0
// CSV helpers for the console: split a batch file into its records without decoding it (so a GBK
// file stays GBK), parse text into rows, write rows back. RFC 4180: fields in double quotes may hold
// commas, quotes ("") and line breaks; records end with LF or CRLF. Pure functions, no DOM.
//
// Nothing here writes platform data for a spreadsheet: the rejects CSV comes from the server, whose
// writer (src/common/xy_csv.c) prefixes cells that would start a formula with an apostrophe.
// selectRecords() hands the clerk back rows of the clerk's own file, byte for byte, to fix and send
// again, and toCsv() writes such batch files: an apostrophe there would become part of the value
// the importer reads, so they write the text as it is.

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * The byte ranges of the records of a CSV file: [start, end) of each record without its line end,
 * the header first. Works on UTF-8 and GB18030 alike, since neither uses the bytes of '"', CR or LF
 * inside a multi-byte character. Blank records are skipped, as the importer skips them.
 * @param {Uint8Array} bytes
 * @returns {Array<[number, number]>}
 */
export function csvRecordRanges(bytes) {
  const ranges = [];
  let start = 0;
  let quoted = false;
  // A record whose fields are all empty is a blank line to the importer: only commas, quotes,
  // spaces and tabs (libcsv trims unquoted blanks).
  const push = (end) => {
    let e = end;
    if (e > start && bytes[e - 1] === CR) e--;
    for (let i = start; i < e; i++) {
      const c = bytes[i];
      if (c !== 0x2c && c !== QUOTE && c !== 0x20 && c !== 0x09) {
        ranges.push([start, e]);
        return;
      }
    }
  };
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === QUOTE) quoted = !quoted;
    else if (b === LF && !quoted) {
      push(i);
      start = i + 1;
    }
  }
  push(bytes.length);
  return ranges;
}

/**
 * The line ranges of a JSON Lines file (blank lines skipped), as csvRecordRanges() for CSV, except
 * that there is no header: the first range is record 1.
 */
export function jsonlRecordRanges(bytes) {
  const ranges = [];
  let start = 0;
  const push = (end) => {
    let e = end;
    if (e > start && bytes[e - 1] === CR) e--;
    let blank = true;
    for (let i = start; i < e; i++) {
      if (bytes[i] !== 0x20 && bytes[i] !== 0x09) {
        blank = false;
        break;
      }
    }
    if (!blank) ranges.push([start, e]);
  };
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === LF) {
      push(i);
      start = i + 1;
    }
  }
  push(bytes.length);
  return ranges;
}

/**
 * A new file holding only the given data records (1 = the first after the header for CSV, the first
 * line for JSON Lines), in the original bytes, with the header kept for CSV. Line ends are CRLF for
 * CSV and LF for JSON Lines.
 * @param {Uint8Array} bytes the original file
 * @param {'csv'|'jsonl'} format
 * @param {Iterable<number>} rows
 * @returns {Uint8Array}
 */
export function selectRecords(bytes, format, rows) {
  const ranges = format === 'jsonl' ? jsonlRecordRanges(bytes) : csvRecordRanges(bytes);
  const offset = format === 'jsonl' ? 0 : 1;
  const wanted = [...new Set(rows)].filter((r) => Number.isInteger(r) && r >= 1 && r + offset - 1 < ranges.length).sort((a, b) => a - b);
  const parts = [];
  if (format !== 'jsonl' && ranges.length) parts.push(ranges[0]);
  for (const r of wanted) parts.push(ranges[r + offset - 1]);
  const eol = format === 'jsonl' ? [LF] : [CR, LF];
  let size = 0;
  for (const [s, e] of parts) size += e - s + eol.length;
  const out = new Uint8Array(size);
  let n = 0;
  for (const [s, e] of parts) {
    out.set(bytes.subarray(s, e), n);
    n += e - s;
    out.set(eol, n);
    n += eol.length;
  }
  return out;
}

/**
 * Parses CSV text into rows of fields (a leading BOM dropped).
 * @param {string} text
 * @returns {string[][]}
 */
export function parseCsv(text) {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
      field = '';
    } else field += c;
    i++;
  }
  if (field !== '' || row.length) {
    row.push(field);
    if (row.length > 1 || row[0] !== '') rows.push(row);
  }
  return rows;
}

/** One CSV field, quoted when it must be. */
export function csvField(value) {
  const v = value == null ? '' : String(value);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** CSV text of rows (CRLF line ends, no BOM). */
export function toCsv(rows) {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/**
 * The line of the file (1-based) each data record starts on: CSV records after the header, JSON
 * Lines from the first line. Lets the console say "line 7" beside "row 6".
 */
export function recordLines(bytes, format) {
  const ranges = format === 'jsonl' ? jsonlRecordRanges(bytes) : csvRecordRanges(bytes);
  const lines = [];
  let line = 1;
  let pos = 0;
  for (const [s] of ranges) {
    for (; pos < s; pos++) if (bytes[pos] === LF) line++;
    lines.push(line);
  }
  return format === 'jsonl' ? lines : lines.slice(1);
}
