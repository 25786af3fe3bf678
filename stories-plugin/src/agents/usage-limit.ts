/**
 * Recognizes "you hit a rate or usage limit" in a CLI's error text, and when the limit resets.
 * Such a run is not a failure of the story: it goes back to Not Started until `resetAt`. Only
 * ever applied to error text (error events, failed results), never to an agent's normal reply,
 * which may well talk about rate limiting code. Pure.
 */

/** A usage limit and, when the text says, when it resets. */
export interface UsageLimit {
  message: string;
  /** ISO time when computable (an epoch, or a relative time with `now`), else the CLI's words. */
  resetAt?: string;
}

const LIMIT_PATTERNS: RegExp[] = [
  /usage limit/i, // Claude Code "Claude AI usage limit reached", Codex "You've hit your usage limit"
  /\b(?:hit|reached) your (?:[\w-]+ )?limit/i, // Claude Code "You've hit your limit · resets 3pm"
  /\brate[- ]?limit(?:ed)?\b/i, // "rate limited", "RateLimitError", "rate_limit_error"
  /ratelimiterror/i,
  /quota (?:exceeded|will reset)|exceeded your (?:current )?quota|exhausted your (?:\w+ )?quota/i,
  /resource[_ ]exhausted/i, // Gemini / Google APIs
  /too many requests/i,
  /\b429\b/,
];

/** Returns the limit when `text` reports one; `now` (epoch ms) resolves relative reset times. */
export function detectUsageLimit(args: { text: string; now?: number }): UsageLimit | undefined {
  const text = args.text.trim();
  if (!text || !LIMIT_PATTERNS.some((pattern) => pattern.test(text))) return undefined;
  const message = text.length > 400 ? `${text.slice(0, 397)}...` : text;
  const resetAt = findResetTime(text, args.now);
  return resetAt ? { message, resetAt } : { message };
}

/** Seconds since the epoch (Claude Code's `resetsAt`, or `limit reached|1750000000`) as ISO. */
export function epochSecondsToIso(seconds: number): string | undefined {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function findResetTime(text: string, now: number | undefined): string | undefined {
  const epoch = /\|(\d{10})\b/.exec(text);
  if (epoch) return epochSecondsToIso(Number(epoch[1]));
  const relative =
    /(?:resets?|try again|retry|available again)\s+(?:in|after)\s+((?:[^.,;\n)]|\.(?=\d))+)/i.exec(text) ??
    /quota will reset after\s+((?:[^.,;\n)]|\.(?=\d))+)/i.exec(text);
  if (relative) {
    const seconds = parseDuration(relative[1]);
    if (seconds !== undefined && now !== undefined) return new Date(now + seconds * 1000).toISOString();
    return relative[1].trim();
  }
  const absolute = /(?:resets?|try again)(?:\s+at)?\s+([^.;\n]*\d[^.;\n]*?)(?:\s*[.;\n]|$)/i.exec(text);
  return absolute ? absolute[1].trim() : undefined;
}

/** `51.2s`, `13h52m`, `4 days 20 hours 9 minutes`, `30 min` -> seconds; undefined when unreadable. */
export function parseDuration(text: string): number | undefined {
  const units: Record<string, number> = { d: 86400, h: 3600, m: 60, s: 1 };
  let total = 0;
  let matched = false;
  for (const part of text.matchAll(/(\d+(?:\.\d+)?)\s*(d(?:ays?)?|h(?:ours?|rs?)?|m(?:in(?:ute)?s?)?|s(?:ec(?:ond)?s?)?)(?![a-z])/gi)) {
    total += Number(part[1]) * units[part[2][0].toLowerCase()];
    matched = true;
  }
  return matched ? Math.round(total) : undefined;
}
