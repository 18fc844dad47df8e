/**
 * A small RFC 4180 reader: comma-separated fields, double-quoted fields may hold commas, line
 * breaks and doubled quotes (""). Each record remembers the line it starts on, so problems can be
 * named by line number. Blank lines are skipped.
 */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

export function parseCsv(text: string): CsvRecord[] {
  const src = text.replace(/^\uFEFF/, '');
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let i = 0;
  let quotedField = false;
  const endRecord = () => {
    fields.push(field);
    const blank = fields.length === 1 && fields[0].trim() === '' && !quotedField;
    if (!blank) records.push({ line: start, fields });
    fields = [];
    field = '';
    quotedField = false;
  };
  while (i < src.length) {
    const ch = src[i];
    if (ch === '"' && field.trim() === '' && !quotedField) {
      // A quoted field: read up to the closing quote.
      const opened = line;
      field = '';
      quotedField = true;
      i++;
      for (;;) {
        if (i >= src.length) throw new CsvSyntaxError(opened, 'a quoted field is not closed');
        const c = src[i];
        if (c === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n') line++;
        field += c;
        i++;
      }
      // Only spaces may follow the closing quote before the separator.
      while (src[i] === ' ' || src[i] === '\t') i++;
      if (i < src.length && src[i] !== ',' && src[i] !== '\n' && src[i] !== '\r')
        throw new CsvSyntaxError(line, 'unexpected text after a closing quote');
      continue;
    }
    if (ch === ',') {
      fields.push(field);
      field = '';
      quotedField = false;
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
      start = line;
      continue;
    }
    if (quotedField) throw new CsvSyntaxError(line, 'unexpected text after a closing quote');
    field += ch;
    i++;
  }
  if (field !== '' || fields.length || quotedField) endRecord();
  return records;
}
