import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { ConnectorKind } from '../../../core/contract/domains/positions';
import { AppError } from '../../../core/contract/errors';
import { centsFromJsonNumber } from '../../../core/money';
import {
  derivePositionStatus,
  type OptionDraft,
  type PositionDraft,
} from '../../../core/positions/payability';
import {
  createImportRowValidator,
  IMPORT_COLUMNS,
  type ImportColumn,
  type ImportRow,
} from '../../../core/positions/import-row';
import { CsvReader } from './csv';
import { NavSet } from './nav-set';
import { Utf8Chunks } from './utf8-chunks';

export interface ImportIssue {
  /** 1-based physical line (CSV, JSON Lines) or element number (JSON array). */
  readonly line: number;
  readonly reason: string;
  readonly field?: string;
  readonly rule?: string;
}

export interface ReadSummary {
  readonly file: string;
  readonly sha256: string;
  readonly format: 'csv' | 'jsonl' | 'json';
  readonly rows: number;
  readonly positions: number;
  readonly errorCount: number;
  /** The first 100 issues; `errorCount` says how many there were. */
  readonly errors: ImportIssue[];
}

const MAX_LISTED = 100;
const MAX_JSON_ARRAY_BYTES = 256 * 1024 * 1024;

/**
 * The position that the validated rows of one position (consecutive in the file, all consistent) describe:
 * options ordered by instalment, its status derived from theirs.
 */
export function positionFromRows(
  rows: readonly ImportRow[],
  opts: { connector: ConnectorKind; now: string },
): PositionDraft {
  const head = rows[0]!;
  const id = `${opts.connector}:${head.ecFiscalCode}:${head.positionKey}`;
  const ordered =
    rows.length === 1 ? rows : [...rows].sort((a, b) => (a.instalment ?? 0) - (b.instalment ?? 0));
  const options: OptionDraft[] = ordered.map((r) => ({
    id: `${id}#${r.nav}`,
    nav: r.nav,
    iuv: r.iuv,
    amount: r.amount,
    dueDate: r.dueDate,
    kind: r.instalment === null ? 'single' : 'instalment',
    planSize: r.planSize,
    index: r.instalment,
    status: r.status,
    backendStatus: null,
    description: r.description,
  }));
  return {
    id,
    connector: opts.connector,
    backendId: head.positionKey,
    creditor: {
      fiscalCode: head.ecFiscalCode,
      name: head.ecName,
      ipaCode: null,
      cbill: null,
      sector: null,
      info: null,
    },
    debtor: { fiscalCode: head.debtorFiscalCode, kind: head.debtorKind, name: head.debtorName },
    subject: head.subject,
    status: derivePositionStatus(options),
    backendStatus: null,
    options,
    fetchedAt: opts.now,
  };
}

/**
 * Reads an import file (CSV, JSON Lines, or a JSON array) as a stream, validates every row with the core rules
 * and hands each complete position to `onPosition` as soon as its last row is read. Rows of one position must
 * be consecutive (as any export sorted by position writes them), so memory stays flat; the NAVs seen are kept
 * to refuse duplicates. The caller decides what to do with errors: the desk rolls the whole file back.
 */
export async function readImportFile(
  path: string,
  opts: {
    connector: ConnectorKind;
    now: string;
    today: string;
    /** Each complete, valid position, as soon as its last row is read. */
    onPosition?: (p: PositionDraft, line: number) => void;
    /** Instead of onPosition: the position's validated rows, to be built later with positionFromRows. */
    onRows?: (rows: readonly ImportRow[], line: number) => void;
    /** Awaited after each chunk of the file: where a consumer that falls behind holds the reader back. */
    afterChunk?: () => Promise<void> | void;
  },
): Promise<ReadSummary> {
  const ext = extname(path).toLowerCase();
  const format = ext === '.json' ? 'json' : ext === '.jsonl' || ext === '.ndjson' ? 'jsonl' : 'csv';
  const hash = createHash('sha256');
  const errors: ImportIssue[] = [];
  let errorCount = 0;
  let rows = 0;
  let positions = 0;
  const issue = (i: ImportIssue) => {
    errorCount++;
    if (errors.length < MAX_LISTED) errors.push(i);
  };

  const size = statSync(path).size;
  const navs = NavSet.forFileOf(size);
  // Only explicit position ids: a position keyed by its NAV cannot come back without a DUPLICATE_NAV.
  const closedKeys = new Set<string>();
  const validateRow = createImportRowValidator(opts.today);
  let group: { key: string; line: number; rows: ImportRow[] } | null = null;

  const flush = () => {
    if (!group) return;
    const g = group;
    group = null;
    const head = g.rows[0]!;
    if (g.key !== head.nav) closedKeys.add(g.key);
    if (g.rows.length > 1 && !consistent(g)) return;
    if (errorCount > 0) return; // nothing will be written: skip building
    positions++;
    if (opts.onRows) opts.onRows(g.rows, g.line);
    else opts.onPosition?.(positionFromRows(g.rows, opts), g.line);
  };

  /** The rows of a position with several agree on what they share, and a plan's indexes are distinct. */
  const consistent = (g: { line: number; rows: ImportRow[] }): boolean => {
    const head = g.rows[0]!;
    for (const r of g.rows) {
      if (
        r.ecFiscalCode !== head.ecFiscalCode ||
        r.debtorFiscalCode !== head.debtorFiscalCode ||
        r.subject !== head.subject
      )
        return (issue({ line: g.line, reason: 'POSITION_INCONSISTENT', field: 'position_id' }), false);
      if (
        r.instalment !== null &&
        r.planSize !== (g.rows.find((x) => x.instalment !== null)?.planSize ?? r.planSize)
      )
        return (issue({ line: g.line, reason: 'PLAN_INCONSISTENT', field: 'plan_size' }), false);
    }
    const indexes = g.rows.filter((r) => r.instalment !== null).map((r) => r.instalment);
    if (new Set(indexes).size !== indexes.length)
      return (issue({ line: g.line, reason: 'PLAN_INCONSISTENT', field: 'instalment' }), false);
    return true;
  };

  const onRow = (get: (c: ImportColumn) => string, line: number) => {
    rows++;
    const r = validateRow(get);
    if (!r.ok) {
      const d = r.detail ?? {};
      issue({
        line,
        reason: r.reason,
        ...(typeof d['field'] === 'string' ? { field: d['field'] } : {}),
        ...(typeof d['rule'] === 'string' ? { rule: d['rule'] } : {}),
      });
      return;
    }
    const row = r.value;
    if (!navs.add(row.nav)) return issue({ line, reason: 'DUPLICATE_NAV', field: 'nav' });
    if (group && group.key === row.positionKey) {
      group.rows.push(row);
      return;
    }
    flush();
    const key = row.positionKey;
    // An explicit id equal to an earlier single's NAV would land on that single's position.
    if (key !== row.nav && (closedKeys.has(key) || (/^\d{18}$/.test(key) && navs.has(key))))
      return issue({ line, reason: 'POSITION_NOT_CONTIGUOUS', field: 'position_id' });
    group = { key: row.positionKey, line, rows: [row] };
  };

  const known = new Set<string>(IMPORT_COLUMNS);
  let columns: Map<ImportColumn, number> | null = null;
  // One getter for the whole file, reading the record at hand: no closure per row.
  let current: string[] = [];
  let index: Partial<Record<ImportColumn, number>> = {};
  const cell = (c: ImportColumn): string => {
    const i = index[c];
    return i === undefined ? '' : (current[i] ?? '').trim();
  };
  const onCsvRecord = (fields: string[], line: number) => {
    if (columns === null) {
      columns = new Map();
      fields.forEach((f, i) => {
        const name = f
          .trim()
          .toLowerCase()
          .replace(/^\uFEFF/, '');
        if (!known.has(name)) issue({ line, reason: 'UNKNOWN_COLUMN', field: name.slice(0, 40) });
        else columns!.set(name as ImportColumn, i);
      });
      index = Object.fromEntries(columns);
      for (const c of ['nav', 'ec_fiscal_code', 'debtor_fiscal_code', 'amount'] as const)
        if (!columns.has(c)) issue({ line, reason: 'MISSING_COLUMN', field: c });
      return;
    }
    if (fields.length !== (columns as Map<ImportColumn, number>).size && fields.length > 0) {
      issue({ line, reason: 'FIELD_COUNT' });
      rows++;
      return;
    }
    current = fields;
    onRow(cell, line);
  };

  const fromObject = (o: unknown, line: number) => {
    if (typeof o !== 'object' || o === null || Array.isArray(o)) {
      rows++;
      return issue({ line, reason: 'NOT_AN_OBJECT' });
    }
    const rec = o as Record<string, unknown>;
    for (const k of Object.keys(rec))
      if (!known.has(k)) issue({ line, reason: 'UNKNOWN_COLUMN', field: k.slice(0, 40) });
    onRow((c) => {
      const v = rec[c];
      if (v === undefined || v === null) return '';
      if (typeof v === 'number') {
        if (c !== 'amount') return String(v);
        // A JSON number of euros goes through the exact conversion, never `* 100`.
        const cents = centsFromJsonNumber(v);
        return cents.ok
          ? `${Math.trunc(cents.value / 100)}.${String(cents.value % 100).padStart(2, '0')}`
          : 'x';
      }
      return typeof v === 'string' ? v.trim() : 'x';
    }, line);
  };

  // Strict UTF-8: a Latin-1 export would otherwise turn "Comunità" into mojibake in the cache, silently.
  const decoder = new Utf8Chunks();
  let firstBytes = true;
  let byteLine = 1;
  let jsonlBuffer = '';
  let jsonLine = 1;
  let jsonText = '';
  const csv = new CsvReader(onCsvRecord);
  if (format === 'json' && size > MAX_JSON_ARRAY_BYTES)
    throw new AppError('IMPORT_INVALID', { reason: 'JSON_TOO_LARGE', maxBytes: MAX_JSON_ARRAY_BYTES });

  const onText = (text: string) => {
    if (format === 'csv') csv.push(text);
    else if (format === 'json') jsonText += text;
    else {
      jsonlBuffer += text;
      let nl: number;
      while ((nl = jsonlBuffer.indexOf('\n')) >= 0) {
        const lineText = jsonlBuffer.slice(0, nl).trim();
        jsonlBuffer = jsonlBuffer.slice(nl + 1);
        if (lineText !== '') {
          try {
            fromObject(JSON.parse(lineText), jsonLine);
          } catch {
            rows++;
            issue({ line: jsonLine, reason: 'JSON' });
          }
        }
        jsonLine++;
      }
    }
  };

  // 64 KiB: the text of a bigger chunk is a string V8 puts in its large-object space, on pages mapped for
  // it and unmapped after, and those page faults made decoding a million rows take 0.8 s instead of 50 ms.
  const stream = createReadStream(path, { highWaterMark: 64 * 1024 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (firstBytes) {
      firstBytes = false;
      if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
        stream.destroy();
        throw new AppError('IMPORT_INVALID', { reason: 'ENCODING', encoding: 'UTF-16', line: 1 });
      }
    }
    let text: string;
    try {
      text = decoder.decode(chunk);
    } catch {
      stream.destroy();
      const at = firstInvalidUtf8(chunk);
      const line = byteLine + countNewlines(chunk.subarray(0, at));
      throw new AppError('IMPORT_INVALID', { reason: 'ENCODING', encoding: 'not UTF-8', line });
    }
    onText(text);
    byteLine += countNewlines(chunk);
    await opts.afterChunk?.();
  }
  try {
    onText(decoder.end());
  } catch {
    throw new AppError('IMPORT_INVALID', { reason: 'ENCODING', encoding: 'not UTF-8', line: byteLine });
  }
  if (format === 'csv') {
    // Named at the line where the field opened: the end of the file is where it was noticed, not the fault.
    if (!csv.end()) issue({ line: csv.openQuoteLine, reason: 'UNTERMINATED_QUOTE' });
    if (columns === null) issue({ line: 1, reason: 'EMPTY_FILE' });
  } else if (format === 'jsonl') {
    if (jsonlBuffer.trim() !== '') onText('\n');
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(jsonText.replace(/^\uFEFF/, ''));
    } catch {
      throw new AppError('IMPORT_INVALID', { reason: 'JSON', line: 1 });
    }
    const list = Array.isArray(parsed)
      ? parsed
      : typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { rows?: unknown }).rows)
        ? (parsed as { rows: unknown[] }).rows
        : null;
    if (list === null) throw new AppError('IMPORT_INVALID', { reason: 'JSON_SHAPE', line: 1 });
    list.forEach((o, i) => fromObject(o, i + 1));
  }
  flush();
  return { file: basename(path), sha256: hash.digest('hex'), format, rows, positions, errorCount, errors };
}

function countNewlines(b: Buffer): number {
  let n = 0;
  for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) n++;
  return n;
}

/** Offset of the first byte that breaks UTF-8 in `b` (b.length when none): only used to point at a line. */
function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n =
      c < 0x80
        ? 0
        : c >= 0xc2 && c <= 0xdf
          ? 1
          : c >= 0xe0 && c <= 0xef
            ? 2
            : c >= 0xf0 && c <= 0xf4
              ? 3
              : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k < b.length && (b[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return b.length;
}
