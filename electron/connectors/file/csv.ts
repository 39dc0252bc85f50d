/**
 * A streaming RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF, newlines inside quotes. It is fed
 * decoded text chunk by chunk and hands out records with the physical line each one starts on, so a
 * million-row file never sits in memory.
 */
export class CsvReader {
  private field = '';
  private record: string[] = [];
  private quoted = false;
  private afterQuote = false;
  private line = 1;
  private recordLine = 1;
  private delimiter: string | null;

  constructor(
    private readonly onRecord: (fields: string[], line: number) => void,
    delimiter: string | null = null,
  ) {
    this.delimiter = delimiter;
  }

  /** Semicolon (what Italian spreadsheets write) or comma, whichever the header line uses more. */
  private detect(chunk: string): void {
    const firstLine = chunk.split('\n', 1)[0] ?? '';
    const semi = firstLine.split(';').length;
    const comma = firstLine.split(',').length;
    this.delimiter = semi >= comma ? ';' : ',';
  }

  push(chunk: string): void {
    if (chunk === '') return;
    if (this.delimiter === null) this.detect(chunk);
    // Char codes, not one-character strings: this loop runs once per byte of a file of a million rows.
    const delim = this.delimiter!.charCodeAt(0);
    let start = 0;
    let i = 0;
    if (this.pendingQuote) {
      this.pendingQuote = false;
      if (chunk.charCodeAt(0) === 34) {
        this.field += '"';
        this.quoted = true;
        this.afterQuote = false;
        start = i = 1;
      }
    }
    for (; i < chunk.length; i++) {
      const ch = chunk.charCodeAt(i);
      if (this.quoted) {
        if (ch === 34 /* " */) {
          this.field += chunk.slice(start, i);
          start = i + 1;
          if (chunk.charCodeAt(i + 1) === 34) {
            this.field += '"';
            i++;
            start = i + 1;
          } else {
            this.quoted = false;
            this.afterQuote = true;
            // A quote at the chunk's end: the next chunk says whether it was doubled.
            if (i + 1 === chunk.length) this.pendingQuote = true;
          }
        } else if (ch === 10) this.line++;
      } else if (ch === delim) {
        this.endField(chunk.slice(start, i));
        start = i + 1;
      } else if (ch === 10) {
        this.endField(chunk.slice(start, i), true);
        this.endRecord();
        this.line++;
        this.recordLine = this.line;
        start = i + 1;
      } else if (ch === 34 && i === start && this.field === '' && !this.afterQuote) {
        this.quoted = true;
        this.quoteLine = this.line;
        start = i + 1;
      }
    }
    this.field += chunk.slice(start);
  }

  private pendingQuote = false;
  /** The physical line where the quoted field now open began: what a truncated file is reported at. */
  private quoteLine = 1;

  /** The line where the last quoted field opened (the one left open when `end()` returns false). */
  get openQuoteLine(): number {
    return this.quoteLine;
  }

  private endField(rest: string, atLineEnd = false): void {
    let value = this.field + rest;
    // CRLF: the CR may have arrived at the end of the previous chunk.
    if (atLineEnd && value.endsWith('\r')) value = value.slice(0, -1);
    this.record.push(value);
    this.field = '';
    this.afterQuote = false;
  }

  private endRecord(): void {
    const r = this.record;
    this.record = [];
    // Blank lines (also a trailing newline) are not records.
    if (r.length === 1 && r[0] === '') return;
    this.onRecord(r, this.recordLine);
  }

  /** Ends the input. Returns false when it stopped inside a quoted field (a truncated file). */
  end(): boolean {
    if (this.quoted) return false;
    if (this.field !== '' || this.record.length > 0) {
      this.endField('');
      this.endRecord();
    }
    return true;
  }
}
