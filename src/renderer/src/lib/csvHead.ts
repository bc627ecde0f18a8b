// Reads the start of a delimited text file in the renderer, enough to offer its columns and
// the labels of its kind column when building a generic column mapping. The server parses the
// whole file; this is only for the form.

export type Delimiter = ',' | ';' | '\t' | '|';
const DELIMITERS: Delimiter[] = [',', ';', '\t', '|'];

/** Splits one line on a delimiter, honouring double quotes. */
export function splitLine(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      out.push(field.trim());
      field = '';
    } else field += ch;
  }
  out.push(field.trim());
  return out;
}

export interface CsvHead {
  delimiter: Delimiter;
  columns: string[];
  /** Up to `maxRows` data rows after the header, as cells. */
  rows: string[][];
}

/** Finds the header (the first line with the most fields among the first ten) and the rows after it. */
export function readCsvHead(text: string, maxRows = 2000): CsvHead | null {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const first = lines.slice(0, 10).filter((l) => l.trim() !== '');
  if (!first.length) return null;
  let best: { delimiter: Delimiter; n: number } = { delimiter: ',', n: 0 };
  for (const d of DELIMITERS) {
    const n = Math.max(...first.map((l) => splitLine(l, d).length));
    if (n > best.n) best = { delimiter: d, n };
  }
  const headerAt = lines.findIndex(
    (l) => l.trim() !== '' && splitLine(l, best.delimiter).length === best.n,
  );
  const columns = splitLine(lines[headerAt]!, best.delimiter);
  const rows: string[][] = [];
  for (let i = headerAt + 1; i < lines.length && rows.length < maxRows; i++) {
    if (lines[i]!.trim() === '') continue;
    rows.push(splitLine(lines[i]!, best.delimiter));
  }
  return { delimiter: best.delimiter, columns, rows };
}
