/** Suggestions for mistyped names in error messages (options, adapters, story ids). */

/** Levenshtein distance between two short texts. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** `did you mean "stories"?` when a known word is at most two edits away (ignoring case), else the list. */
export function didYouMean(word: string, known: readonly string[]): string {
  const scored = known.map((candidate) => ({ candidate, distance: editDistance(word.toLowerCase(), candidate.toLowerCase()) }));
  const best = scored.sort((a, b) => a.distance - b.distance)[0];
  return best !== undefined && best.distance <= 2 ? `did you mean "${best.candidate}"?` : `known: ${known.join(', ')}`;
}
