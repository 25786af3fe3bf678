/** Plain-text tables and number formats for the benchmark's output. Pure. */

/** Seconds with two decimals: `12.34 s`. */
export function seconds(ms: number | undefined): string {
  return ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(2)} s`;
}

/** Milliseconds rounded: `123 ms`. */
export function millis(ms: number | undefined): string {
  return ms === undefined ? 'n/a' : `${Math.round(ms)} ms`;
}

/** A ratio with two decimals and a trailing `x`: `1.23x`. */
export function ratio(numerator: number | undefined, denominator: number | undefined): string {
  if (numerator === undefined || denominator === undefined || denominator === 0) return 'n/a';
  return `${(numerator / denominator).toFixed(2)}x`;
}

/** Whether a figure meets its goal, for the summary lines: `MET` or `MISSED`. */
export function verdict(met: boolean): string {
  return met ? 'MET' : 'MISSED';
}

/** A table with a header row, columns padded to their widest cell; numbers and ratios right-aligned. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const numeric = (cell: string) => /^[-+]?[\d.]+( ?(s|ms|x|%))?$|^n\/a$/.test(cell);
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (numeric(cell) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/** Mean of a list (undefined for none). */
export function mean(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : values.reduce((sum, value) => sum + value, 0) / values.length;
}
