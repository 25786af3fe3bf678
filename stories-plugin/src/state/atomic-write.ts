/**
 * Crash-safe file replacement: write a temp file in the same folder, fsync it, rename it over the
 * target, fsync the folder. A reader sees the old content or the new, never a torn file; a writer
 * killed half-way leaves only a temp file, which readers ignore and `cleanStrayTempFiles` removes.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isPidGone } from '../lock/owner';

/** Temp files are dot files named after their target and the writing process. */
const TEMP_FILE = /^\..+\.(\d+)\.[0-9a-f]+\.tmp$/;
/** No write takes this long: an older temp file is abandoned even if its pid was reused. */
const ABANDONED_AFTER_MS = 10 * 60_000;

/** Replaces `path` with `content` atomically and durably. */
export function writeFileAtomic(args: { path: string; content: string }): void {
  const { path, content } = args;
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', 0o644);
  try {
    const bytes = Buffer.from(content, 'utf8');
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temp);
    throw error;
  }
  closeSync(fd);
  renameSync(temp, path);
  fsyncDir(dir);
}

/** Makes a rename in `dir` durable. */
function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** True for the name of a temp file `writeFileAtomic` makes. */
export function isTempFileName(name: string): boolean {
  return TEMP_FILE.test(name);
}


/**
 * Removes temp files in `dir` left by writers that were killed: their process is gone, or they
 * are older than any write takes. Returns the removed names.
 */
export function cleanStrayTempFiles(args: { dir: string; now?: number }): string[] {
  const { dir, now = Date.now() } = args;
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return removed;
    throw error;
  }
  for (const name of names) {
    const match = TEMP_FILE.exec(name);
    if (!match) continue;
    const path = join(dir, name);
    try {
      if (isPidGone(Number(match[1])) || now - statSync(path).mtimeMs > ABANDONED_AFTER_MS) {
        unlinkSync(path);
        removed.push(name);
      }
    } catch (error) {
      // Another cleaner (or the finished writer's rename) got there first.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return removed;
}
