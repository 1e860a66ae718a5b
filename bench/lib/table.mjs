// Prints a titled, aligned text table: numbers right-aligned, text left-aligned.

export function printTable(title, columns, rows) {
  const cells = rows.map((row) => columns.map((c) => format(row[c.key])));
  const widths = columns.map((c, i) => Math.max(c.label.length, ...cells.map((r) => r[i].length)));
  const line = (values, numeric) =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  const numeric = columns.map((c) => rows.some((r) => typeof r[c.key] === "number"));
  const out = [
    `\n${title}`,
    line(
      columns.map((c) => c.label),
      numeric,
    ),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...cells.map((r) => line(r, numeric)),
  ];
  process.stdout.write(`${out.join("\n")}\n`);
}

function format(value) {
  if (value === undefined || value === null) return "";
  if (typeof value === "number")
    return Number.isInteger(value) ? value.toLocaleString("en-US") : value.toFixed(2);
  if (typeof value === "boolean") return value ? "yes" : "NO";
  return String(value);
}
