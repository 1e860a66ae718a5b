// A streaming RFC 4180 CSV parser: quoted fields with escaped quotes (""), delimiters and line
// breaks inside quotes, CRLF / LF / CR line ends, and a leading UTF-8 BOM. It never throws on
// malformed input: the record carries an `error` and parsing resumes at the next record, so a
// caller can report `file:line` and, with --skip-invalid, go on. A record longer than
// `maxRecordChars` is not accumulated past that length (a hostile 100 MB field costs no memory):
// it is reported as too long and parsing resumes after it.
import { MAX_BULK_BYTES } from "../../limits.js";

/** One CSV record; `line` is the 1-based line it starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
  error?: string;
}

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

export interface CsvOptions {
  /** One character between fields. @default "," */
  delimiter?: string;
  /**
   * The longest record kept, in characters. A row longer than one request can carry can never be
   * sent, so it is an invalid row, not a reason to buffer it. @default 200000
   */
  maxRecordChars?: number;
}

/** The error of a record cut off at `max` characters. */
export const tooLongMessage = (max: number) =>
  `row is longer than ${max.toLocaleString("en-US")} characters, more than one request can ` +
  `carry (${MAX_BULK_BYTES.toLocaleString("en-US")} bytes); it was not read further`;

/** Parses decoded text chunks into records; blank lines are skipped. */
export async function* parseCsv(
  chunks: AsyncIterable<string> | Iterable<string>,
  options: CsvOptions = {},
): AsyncGenerator<CsvRecord> {
  const COMMA = (options.delimiter ?? ",").charCodeAt(0);
  const max = options.maxRecordChars ?? MAX_BULK_BYTES;
  let state = State.FieldStart;
  let field = "";
  let fields: string[] = [];
  let line = 1;
  let recordLine = 1;
  let error: string | undefined;
  let afterCR = false;
  let quotedCR = false;
  let first = true;
  let quotedOnly = true; // the record so far is one empty unquoted field: a blank line
  let recordChars = 0;
  let tooLong = false;

  // Every character of a field goes through here, so the record's length is bounded.
  const append = (part: string) => {
    if (tooLong) return;
    recordChars += part.length;
    if (recordChars > max) {
      tooLong = true;
      error = tooLongMessage(max);
      field = "";
      fields = [];
      return;
    }
    field += part;
  };
  const endField = () => {
    if (!tooLong) fields.push(field);
    else if (fields.length === 0) fields.push("");
    field = "";
    recordChars++; // the delimiter
  };
  const takeRecord = (): CsvRecord | undefined => {
    endField();
    const blank = fields.length === 1 && fields[0] === "" && quotedOnly && !error;
    const record: CsvRecord = { fields, line: recordLine, ...(error ? { error } : {}) };
    fields = [];
    error = undefined;
    quotedOnly = true;
    recordChars = 0;
    tooLong = false;
    state = State.FieldStart;
    return blank ? undefined : record;
  };

  for await (let text of chunks) {
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    let start = 0; // start of the pending slice of `text` that belongs to `field`
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (afterCR) {
        afterCR = false;
        if (c === LF) {
          start = i + 1;
          continue;
        }
      }
      if (state === State.FieldStart) {
        if (c === QUOTE) {
          state = State.Quoted;
          quotedOnly = false;
          quotedCR = false;
          start = i + 1;
          continue;
        }
        state = State.Unquoted;
        start = i;
      }
      if (state === State.Unquoted) {
        if (c === COMMA) {
          append(text.slice(start, i));
          endField();
          quotedOnly = false;
          state = State.FieldStart;
          start = i + 1;
        } else if (c === CR || c === LF) {
          append(text.slice(start, i));
          const record = takeRecord();
          line++;
          recordLine = line;
          afterCR = c === CR;
          start = i + 1;
          if (record) yield record;
        } else {
          quotedOnly = false;
          if (c === QUOTE) {
            error ??=
              "unexpected quote in an unquoted field (quote the whole field and double the quote)";
          }
        }
      } else if (state === State.Quoted) {
        if (c === QUOTE) {
          append(text.slice(start, i));
          state = State.QuoteInQuoted;
        } else if (c === CR || (c === LF && !quotedCR)) {
          line++; // a line break inside the field; CRLF counts once
        }
        quotedCR = c === CR;
      } else if (c === QUOTE) {
        // QuoteInQuoted: a doubled quote is an escaped one.
        append('"');
        state = State.Quoted;
        start = i + 1;
      } else if (c === COMMA || c === CR || c === LF) {
        state = State.Unquoted;
        start = i;
        i--; // let the Unquoted branch end the field or record
      } else {
        error ??= "unexpected character after a closing quote";
        state = State.Unquoted;
        start = i;
      }
    }
    if ((state as State) === State.Unquoted || (state as State) === State.Quoted) {
      append(text.slice(start));
    }
  }
  if ((state as State) === State.Quoted) {
    error ??= `unterminated quoted field (started on line ${recordLine})`;
  }
  if ((state as State) !== State.FieldStart || fields.length > 0) {
    const record = takeRecord();
    if (record) yield record;
  }
}
