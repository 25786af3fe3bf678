/**
 * Small text helpers for turning CLI output into short, readable reasons and summaries. Pure.
 */

/** Removes ANSI colour and cursor codes. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '');
}

/** Collapses whitespace and cuts to `max` characters with an ellipsis. */
export function shorten(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}

/** Lines that say nothing about a failure: stack frames, cosmetic warnings, retry chatter. */
const NOISE = [/^\s*at\s/, /^Node\.js v\d/, /^warning:/i, /^\s*\^+\s*$/, /256-color support/i, /ripgrep is not available/i, /^node:internal/];

/**
 * The last `count` lines of `text` worth showing as a reason (ANSI removed, noise dropped),
 * joined with " / ". Empty when there are none.
 */
export function lastMeaningfulLines(text: string | undefined, count = 2): string {
  if (!text) return '';
  const lines = stripAnsi(text)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !NOISE.some((noise) => noise.test(line)));
  return shorten(lines.slice(-count).join(' / '), 400);
}
