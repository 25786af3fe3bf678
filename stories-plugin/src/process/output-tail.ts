/**
 * Bounded in-memory capture of a process's output: whatever an agent prints (gigabytes, if it
 * likes), memory holds at most `limitBytes` of it, the most recent part, because that is where
 * the final result events and error messages are. Pure data structure, no I/O.
 */

/** What a collector keeps: the tail, and whether anything was dropped to stay in bounds. */
export interface OutputCollector {
  /** Feeds one chunk as it arrives. */
  write(chunk: Buffer): void;
  /** Flushes a final line that had no newline. */
  end(): void;
  /** The kept text; when bytes were dropped, it starts at the first complete line. */
  text(): string;
  /** True when something printed is not in `text()` (dropped by size or by `keepLine`). */
  readonly truncated: boolean;
}

/**
 * Creates a collector that keeps the last `limitBytes` bytes of output.
 *
 * `keepLine`, when given, sees every complete line and decides whether it is worth memory
 * (an adapter drops, say, tool-output events so that many small result lines fit). A line that
 * grows beyond `limitBytes` before its newline is kept without asking: it cannot be judged
 * without holding it, and the tail bound still applies.
 */
export function createOutputCollector(args: {
  limitBytes: number;
  keepLine?: (line: string) => boolean;
}): OutputCollector {
  const { limitBytes, keepLine } = args;
  const tail = new ByteTail(limitBytes);
  let pendingLine: Buffer[] = [];
  let pendingBytes = 0;
  let streamingLongLine = false;
  let filteredOut = false;

  const flushPending = (): void => {
    if (pendingBytes === 0) return;
    const line = Buffer.concat(pendingLine, pendingBytes);
    pendingLine = [];
    pendingBytes = 0;
    if (keepLine && !keepLine(line.toString('utf8'))) {
      filteredOut = true;
      return;
    }
    tail.push(line);
  };

  const writeFiltered = (chunk: Buffer): void => {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(10, start);
      const end = newline === -1 ? chunk.length : newline + 1;
      const piece = chunk.subarray(start, end);
      if (streamingLongLine) {
        tail.push(piece);
      } else {
        pendingLine.push(piece);
        pendingBytes += piece.length;
        if (newline === -1 && pendingBytes > limitBytes) {
          streamingLongLine = true;
          tail.push(Buffer.concat(pendingLine, pendingBytes));
          pendingLine = [];
          pendingBytes = 0;
        }
      }
      if (newline !== -1) {
        if (streamingLongLine) streamingLongLine = false;
        else flushPending();
      }
      start = end;
    }
  };

  return {
    write(chunk) {
      if (keepLine) writeFiltered(chunk);
      else tail.push(chunk);
    },
    end() {
      if (keepLine) flushPending();
    },
    text() {
      return tail.text();
    },
    get truncated() {
      return filteredOut || tail.dropped > 0;
    },
  };
}

/** The last `limit` bytes pushed, as a list of buffers trimmed from the front. */
class ByteTail {
  private chunks: Buffer[] = [];
  private size = 0;
  dropped = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    // Copy: callers may hand us views into buffers that Node reuses.
    const own = Buffer.from(chunk.length > this.limit ? chunk.subarray(chunk.length - this.limit) : chunk);
    this.dropped += chunk.length - own.length;
    this.chunks.push(own);
    this.size += own.length;
    while (this.size > this.limit) {
      const first = this.chunks[0];
      const excess = this.size - this.limit;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
        this.dropped += first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
        this.dropped += excess;
      }
    }
  }

  text(): string {
    const all = Buffer.concat(this.chunks, this.size);
    if (this.dropped === 0) return all.toString('utf8');
    // The first line was cut somewhere in the middle (maybe inside a UTF-8 character): skip it.
    const newline = all.indexOf(10);
    return newline === -1 ? '' : all.subarray(newline + 1).toString('utf8');
  }
}
