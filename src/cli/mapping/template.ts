// Column templates of a mapping file. A template is text with placeholders:
//
//   {Column Name}                      the cell of that column
//   {Work Email | lower | trim}        filters, applied left to right: lower, upper, trim
//   {Nickname | default: First Name}   the column First Name when Nickname is empty
//   {Region | default: "EMEA"}         a literal when Region is empty (double quotes)
//   {{ and }}                          literal braces
//
// Text outside placeholders is kept as written ("{First Name} {Last Name}"). A template whose
// placeholders are all empty yields nothing, so the attribute is omitted rather than sent as "".

type Filter =
  { kind: "lower" | "upper" | "trim" } | { kind: "default"; column?: string; literal?: string };

type Part = { text: string } | { column: string; filters: Filter[] };

export interface Template {
  /** The template as written. */
  source: string;
  /** Every column it reads (placeholders and `default:` columns), in order. */
  columns: string[];
  /** The value for a row, or undefined when every placeholder was empty. */
  render(cell: (column: string) => string): string | undefined;
}

/** A template that cannot be read; `message` says where and why. */
export class TemplateError extends Error {
  override name = "TemplateError";
}

export const FILTERS = ["lower", "upper", "trim", 'default: <column or "text">'];

export function parseTemplate(source: string): Template {
  const parts: Part[] = [];
  let text = "";
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if ((c === "{" || c === "}") && source[i + 1] === c) {
      text += c;
      i += 2;
      continue;
    }
    if (c === "}")
      throw new TemplateError(`unmatched "}" at character ${i + 1} (write "}}" for a brace)`);
    if (c !== "{") {
      text += c;
      i++;
      continue;
    }
    const end = source.indexOf("}", i + 1);
    if (end < 0) throw new TemplateError(`"{" at character ${i + 1} is not closed`);
    if (text) parts.push({ text });
    text = "";
    parts.push(placeholder(source.slice(i + 1, end)));
    i = end + 1;
  }
  if (text) parts.push({ text });
  if (!parts.some((p) => "column" in p)) {
    throw new TemplateError(
      'has no {Column} placeholder (a mapping reads columns, e.g. "{Employee ID}")',
    );
  }
  const columns: string[] = [];
  for (const p of parts) {
    if (!("column" in p)) continue;
    columns.push(p.column);
    for (const f of p.filters) if (f.kind === "default" && f.column) columns.push(f.column);
  }
  return {
    source,
    columns: [...new Set(columns)],
    render(cell) {
      let out = "";
      let any = false;
      for (const p of parts) {
        if (!("column" in p)) {
          out += p.text;
          continue;
        }
        let v = cell(p.column);
        for (const f of p.filters) {
          if (f.kind === "lower") v = v.toLowerCase();
          else if (f.kind === "upper") v = v.toUpperCase();
          else if (f.kind === "trim") v = v.trim();
          else if (f.kind === "default" && v === "") {
            v = f.column !== undefined ? cell(f.column) : f.literal!;
          }
        }
        if (v !== "") any = true;
        out += v;
      }
      return any ? out : undefined;
    },
  };
}

function placeholder(inner: string): Part {
  const [head, ...rest] = inner.split("|");
  const column = head!.trim();
  if (column === "") throw new TemplateError(`"{${inner}}" names no column`);
  const filters = rest.map((raw): Filter => {
    const f = raw.trim();
    if (f === "lower" || f === "upper" || f === "trim") return { kind: f };
    const m = /^default\s*:\s*(.*)$/s.exec(f);
    if (m) {
      const arg = m[1]!.trim();
      if (arg === "")
        throw new TemplateError(`"default:" in "{${inner}}" needs a column or a "text"`);
      if (arg.length >= 2 && arg.startsWith('"') && arg.endsWith('"')) {
        return { kind: "default", literal: arg.slice(1, -1) };
      }
      return { kind: "default", column: arg };
    }
    throw new TemplateError(
      `unknown filter "${f}" in "{${inner}}"; the filters are ${FILTERS.join(", ")}`,
    );
  });
  return { column, filters };
}
