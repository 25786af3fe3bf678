/**
 * The append-only log file of one process run: every byte it prints goes here, up to a cap, with
 * secrets masked line by line. Writes are synchronous on purpose: the child then blocks on its
 * pipe while the disk catches up, so a flood of output never piles up in our memory.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

/** Lines longer than this are masked and written in pieces rather than held whole. */
const MAX_PENDING_LINE_CHARS = 64 * 1024;

/** An open log file. */
export interface LogSink {
  /** A writer for one output stream (stdout, stderr); each keeps its own partial line. */
  stream(): (chunk: Buffer) => void;
  /** Writes one line of our own (`[nx-stories] ...`), never capped, always masked. */
  note(text: string): void;
  /** Flushes partial lines; when the cap was hit, appends `tail` so the end is never lost. */
  close(args?: { tail?: string }): void;
}

/**
 * Opens (appends to) `file`, creating its folder.
 * `maxBytes` caps what the process's output may add; `redact` masks secrets in each line.
 */
export function openLogSink(args: { file: string; maxBytes: number; redact?: (text: string) => string }): LogSink {
  const { file, maxBytes, redact } = args;
  mkdirSync(dirname(file), { recursive: true });
  const fd = openSync(file, 'a');
  let written = 0;
  let omitted = 0;
  let capped = false;
  let closed = false;
  const flushers: Array<() => void> = [];

  const writeOutput = (data: Buffer | string): void => {
    if (closed) return;
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (capped) {
      omitted += bytes.length;
      return;
    }
    const room = maxBytes - written;
    if (bytes.length > room) {
      writeSync(fd, bytes.subarray(0, Math.max(0, room)));
      written = maxBytes;
      omitted += bytes.length - Math.max(0, room);
      capped = true;
      writeSync(fd, `\n[nx-stories] log capped at ${maxBytes} bytes: further output is not logged; its last part follows at the end\n`);
      return;
    }
    writeSync(fd, bytes);
    written += bytes.length;
  };

  const mask = (text: string): string => (redact ? redact(text) : text);

  return {
    stream() {
      if (!redact) return (chunk) => writeOutput(chunk);
      const decoder = new StringDecoder('utf8');
      let pending = '';
      const flush = (): void => {
        pending += decoder.end();
        if (pending) writeOutput(mask(pending));
        pending = '';
      };
      flushers.push(flush);
      return (chunk) => {
        pending += decoder.write(chunk);
        const lastNewline = pending.lastIndexOf('\n');
        if (lastNewline !== -1) {
          writeOutput(mask(pending.slice(0, lastNewline + 1)));
          pending = pending.slice(lastNewline + 1);
        }
        if (pending.length > MAX_PENDING_LINE_CHARS) {
          writeOutput(mask(pending));
          pending = '';
        }
      };
    },
    note(text) {
      if (closed) return;
      writeSync(fd, `[nx-stories] ${mask(text)}\n`);
    },
    close(closeArgs) {
      if (closed) return;
      for (const flush of flushers) flush();
      if (capped) {
        writeSync(fd, `\n[nx-stories] ${omitted} bytes of output were not logged (cap ${maxBytes} bytes); the last part was:\n`);
        if (closeArgs?.tail) writeSync(fd, mask(closeArgs.tail) + '\n');
      }
      closed = true;
      closeSync(fd);
    },
  };
}
