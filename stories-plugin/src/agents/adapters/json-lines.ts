/**
 * JSON-lines output (one event object per line), as the agent CLIs print it with their JSON
 * output options. Lines that are not JSON objects (a stray warning, a cut line) are set aside,
 * not fatal: the verdict comes from the events that did parse. Pure.
 */

/** One parsed event: an object with (usually) a string `type`. */
export type JsonEvent = Record<string, unknown> & { type?: unknown };

/** The events of a JSON-lines text, in order, and the lines that were not JSON objects. */
export function parseJsonLines(text: string): { events: JsonEvent[]; malformed: string[] } {
  const events: JsonEvent[] = [];
  const malformed: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) events.push(value as JsonEvent);
      else malformed.push(line);
    } catch {
      malformed.push(line);
    }
  }
  return { events, malformed };
}

/** The events whose `type` is `type`. */
export function eventsOfType(events: readonly JsonEvent[], type: string): JsonEvent[] {
  return events.filter((event) => event.type === type);
}

/** `value[key]` when it is an object. */
export function objectField(value: unknown, key: string): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'object' && field !== null && !Array.isArray(field) ? (field as Record<string, unknown>) : undefined;
}

/** `value[key]` when it is a string. */
export function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : undefined;
}

/** `value[key]` when it is a finite number, else 0. */
export function numberField(value: unknown, key: string): number {
  if (typeof value !== 'object' || value === null) return 0;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'number' && Number.isFinite(field) ? field : 0;
}
