/** Seeded randomness, so a failing reliability run can be replayed exactly (`RELIABILITY_SEED`). */

/** A deterministic generator of numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A shuffled copy of `items`. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/**
 * `count` kill points: every kind once per round, each round in its own seeded order, so ten
 * points cover all eight kinds and a hundred cover each about twelve times.
 */
export function killSchedule<T>(kinds: readonly T[], count: number, random: () => number): T[] {
  const schedule: T[] = [];
  while (schedule.length < count) schedule.push(...shuffled(kinds, random));
  return schedule.slice(0, count);
}

/** The seed of this run: `RELIABILITY_SEED` when set, else a fixed one (CI is reproducible). */
export function reliabilitySeed(fallback: number): number {
  const text = process.env.RELIABILITY_SEED;
  return text && /^\d+$/.test(text) ? Number(text) : fallback;
}
