/**
 * `history.jsonl`: one JSON line per transition, appended with a single write so concurrent
 * writers never interleave inside a line.
 */
import { appendFileSync, closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { StoriesError } from '../errors';
import type { StoryEventType, StoryStatus } from '../lifecycle';

/** One transition as history keeps it. */
export interface HistoryEntry {
  time: string;
  story: string;
  from: StoryStatus;
  to: StoryStatus;
  event: StoryEventType;
  reason: string;
  /** The story record's revision after the transition. */
  revision: number;
}

/** True when the file is missing, empty, or ends with a newline. */
function endsCleanly(file: string): boolean {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
  if (size === 0) return true;
  const fd = openSync(file, 'r');
  try {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

/** Appends one line; a line cut short by a crash is closed first so it cannot swallow this one. */
export function appendHistory(args: { file: string; entry: HistoryEntry }): void {
  const line = `${JSON.stringify(args.entry)}\n`;
  appendFileSync(args.file, endsCleanly(args.file) ? line : `\n${line}`);
}

/**
 * All entries, oldest first. Lines cut short by a killed writer are skipped; any other unreadable
 * line is `STATE_CORRUPT` naming the file and line.
 */
export function readHistory(args: { file: string; display: string }): HistoryEntry[] {
  let text: string;
  try {
    text = readFileSync(args.file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const lines = text.split('\n');
  const entries: HistoryEntry[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      entries.push(JSON.parse(line) as HistoryEntry);
    } catch {
      // A cut-short line is followed by the newline `appendHistory` adds (or is the last line).
      const cutShort = !line.endsWith('}');
      if (cutShort) return;
      throw new StoriesError({
        code: 'STATE_CORRUPT',
        message: `${args.display}:${index + 1}: not a JSON history line`,
        hint: `Fix or remove that line of ${args.display}; history is a log, the story files are the state.`,
      });
    }
  });
  return entries;
}
