/** Plain-text tables for the terminal: columns padded, long cells cut with "…". */
export function renderTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, maxWidths: readonly number[] = []): string {
  const cut = (text: string, max: number | undefined) => {
    const flat = text.replace(/\s+/g, " ");
    return max !== undefined && [...flat].length > max ? `${[...flat].slice(0, max - 1).join("")}…` : flat;
  };
  const cells = [headers, ...rows].map((row) => row.map((cell, i) => cut(cell, maxWidths[i])));
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => [...(row[i] ?? "")].length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => cell + " ".repeat(widths[i]! - [...cell].length))
      .join("  ")
      .trimEnd();
  return [line(cells[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}
