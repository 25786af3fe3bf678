/**
 * The crash-safe state store of a workspace (`.agent-orchestration/`, contract section 4). Several
 * Nx task processes use it at once: every change is read-check-write under the story's own file
 * lock, written atomically, and followed by a re-derivation of `orchestration-state.json`.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { StoriesError } from '../errors';
import {
  AppliedEvent,
  applyEvent,
  createStoryRecord,
  parseStoryRecordV1,
  StoryDetails,
  StoryEvent,
  StoryRecord,
} from '../lifecycle';
import { removeLockIfStale, withFileLock } from '../lock/file-lock';
import { compareStoryIds } from '../stories/ids';
import { cleanStrayTempFiles, writeFileAtomic } from './atomic-write';
import { coalescedByKey } from './coalesce';
import { appendHistory, HistoryEntry, readHistory } from './history';
import { currentStoryOwner, describeOwner, isOrphaned, isOwnerGone, isThisProcess } from './ownership';
import { applyPatch, interruptOpenPhases, StoryPatch } from './patch';
import { assertStoryId, statePaths, StatePaths, storyIdOfFile } from './paths';
import { readStoryFile, serializeRecord } from './story-file';
import { OrchestrationState, summarizeStories } from './summary';

/** How a store is opened. */
export interface StateStoreOptions {
  workspaceRoot: string;
  /** Give up waiting for a story lock after this long (`LOCK_TIMEOUT`). Default 60 s. */
  lockTimeoutMs?: number;
  /** The clock, as ISO text; tests pass a fixed one. */
  now?: () => string;
}

/** A patch, or a function of the current record returning one (run under the lock: keep it quick). */
export type PatchInput = StoryPatch | ((current: StoryRecord) => StoryPatch);

/** Fields summarized in `orchestration-state.json` that a plain update can change. */
const SUMMARY_FIELDS: readonly string[] = ['awaitingReview', 'wave'];
/** Work under a story lock takes milliseconds: a live holder this old is hung (e.g. stopped). */
const STORY_LOCK_STALE_MS = 60_000;


/** The state store of one workspace. All methods take one named-arguments object. */
export class StateStore {
  /** Where everything lives. */
  readonly paths: StatePaths;
  private readonly lockTimeoutMs: number;
  private readonly now: () => string;

  constructor(options: StateStoreOptions) {
    this.paths = statePaths({ workspaceRoot: options.workspaceRoot });
    this.lockTimeoutMs = options.lockTimeoutMs ?? 60_000;
    this.now = options.now ?? (() => new Date().toISOString());
  }

  /** The story's record, or undefined when it has none yet (it is then Not Started). */
  async readStory(args: { storyId: string }): Promise<StoryRecord | undefined> {
    return this.readSync(args.storyId);
  }

  /** Every story record, in numeric id order; `STATE_CORRUPT` if any file is unreadable. */
  async listStories(): Promise<StoryRecord[]> {
    return this.storyIds().map((storyId) => this.readSync(storyId) as StoryRecord);
  }

  /** The story's record, created Not Started with `details` when it has none. */
  async ensureStory(args: {
    storyId: string;
    details?: Partial<StoryDetails>;
    maxReviewRounds?: number;
    maxConflictRounds?: number;
  }): Promise<StoryRecord> {
    const { storyId, ...init } = args;
    const { record, created } = await this.locked(storyId, 'create', () => {
      const existing = this.readSync(storyId);
      if (existing) return { record: existing, created: false };
      return { record: this.write(createStoryRecord({ storyId, now: this.now(), ...init })), created: true };
    });
    if (created) await this.refreshOrchestrationState();
    return record;
  }

  /**
   * Applies one lifecycle event (after an optional patch of non-status fields) and appends it to
   * history. `START`, `START_FIX` and `CONFLICT` make this process the owner unless the event names
   * one. Refused with `STORY_BUSY` while another live process owns the story, except `RESET`, and
   * a verdict on a story awaiting a human reviewer.
   */
  async transition(args: { storyId: string; event: StoryEvent; patch?: PatchInput }): Promise<AppliedEvent> {
    const { storyId, patch } = args;
    const applied = await this.locked(storyId, args.event.type, () => {
      const current = this.readOrFresh(storyId);
      const now = this.now();
      const event = this.withOwner(args.event, now);
      this.assertMayChange(current, event);
      const patched = patch ? applyPatch({ record: current, patch: typeof patch === 'function' ? patch(current) : patch }) : current;
      return this.commit(applyEvent({ record: patched, event, now }), event);
    });
    await this.refreshOrchestrationState();
    return applied;
  }

  /**
   * Changes non-status fields (usage, worktree, phases, ...) under the story's lock. The summary
   * file is rewritten only when the update can change it (new story, wave, review wait).
   */
  async update(args: { storyId: string; patch: PatchInput }): Promise<StoryRecord> {
    const { storyId, patch } = args;
    let touchesSummary = false;
    const record = await this.locked(storyId, 'update', () => {
      const existing = this.readSync(storyId);
      const current = existing ?? createStoryRecord({ storyId, now: this.now() });
      const resolved = typeof patch === 'function' ? patch(current) : patch;
      touchesSummary = !existing || Object.keys(resolved).some((key) => SUMMARY_FIELDS.includes(key));
      return this.write(this.stamp(applyPatch({ record: current, patch: resolved })));
    });
    if (touchesSummary) await this.refreshOrchestrationState();
    return record;
  }

  /**
   * Makes this process the story's owner. A gone owner is recovered first (`RECOVER` in history,
   * open phases marked interrupted); a live other owner is `STORY_BUSY`.
   */
  async claim(args: { storyId: string }): Promise<StoryRecord> {
    const { storyId } = args;
    const record = await this.locked(storyId, 'claim', () => {
      let current = this.readOrFresh(storyId);
      if (current.owner && isThisProcess(current.owner)) return current;
      this.assertMayChange(current, undefined);
      const now = this.now();
      if (isOrphaned(current)) current = this.recover(current, now).record;
      return this.write(this.stamp({ ...current, owner: currentStoryOwner({ now }) }));
    });
    return record;
  }

  /** Gives up this process's ownership (e.g. before waiting for a human); others' is left alone. */
  async release(args: { storyId: string }): Promise<StoryRecord | undefined> {
    const { storyId } = args;
    return this.locked(storyId, 'release', () => {
      const current = this.readSync(storyId);
      if (!current?.owner || !isThisProcess(current.owner)) return current;
      return this.write(this.stamp({ ...current, owner: null }));
    });
  }

  /** Sends `RECOVER` to every active story whose owner process is gone; returns what it did. */
  async recoverOrphans(): Promise<AppliedEvent[]> {
    const recovered: AppliedEvent[] = [];
    for (const storyId of this.storyIds()) {
      if (!isOrphaned(this.readOrFresh(storyId))) continue;
      const result = await this.locked(storyId, 'recover', () => {
        const current = this.readOrFresh(storyId);
        return isOrphaned(current) ? this.recover(current, this.now()) : undefined;
      });
      if (result) recovered.push(result);
    }
    if (recovered.length > 0) await this.refreshOrchestrationState();
    return recovered;
  }

  /** The summary derived from the story files right now (not from the written file). */
  async readOrchestrationState(): Promise<OrchestrationState> {
    return this.summarize();
  }

  /**
   * Re-derives `orchestration-state.json` from the story files and writes it; cleans stray temp
   * files. Calls made in this process while a refresh runs share the next one.
   */
  async refreshOrchestrationState(): Promise<OrchestrationState> {
    return coalescedByKey(this.paths.orchestrationFile, () => this.refreshNow())();
  }

  private refreshNow(): Promise<OrchestrationState> {
    return withFileLock({ lockPath: this.paths.orchestrationLock, timeoutMs: this.lockTimeoutMs, staleMs: STORY_LOCK_STALE_MS }, () => {
      cleanStrayTempFiles({ dir: this.paths.stateDir });
      const state = this.summarize();
      writeFileAtomic({ path: this.paths.orchestrationFile, content: `${JSON.stringify(state, null, 2)}\n` });
      return state;
    });
  }

  /**
   * Removes what killed processes left in the state folder: temp files of writes they did not
   * finish and lock files (and takeover guards) they held. Returns the removed paths.
   */
  tidy(): string[] {
    const removed = cleanStrayTempFiles({ dir: this.paths.stateDir }).map((name) => join(this.paths.stateDir, name));
    let names: string[] = [];
    try {
      names = readdirSync(this.paths.locksDir);
    } catch {
      return removed; // no locks folder yet
    }
    const lockPaths = new Set(names.filter((name) => /\.lock(\.takeover)?$/.test(name)).map((name) => join(this.paths.locksDir, name.replace(/\.takeover$/, ''))));
    for (const lockPath of lockPaths) removed.push(...removeLockIfStale({ lockPath, staleMs: STORY_LOCK_STALE_MS }));
    return removed;
  }

  /** Every transition recorded in `history.jsonl`, oldest first. */
  async readHistory(): Promise<HistoryEntry[]> {
    return readHistory({ file: this.paths.historyFile, display: this.paths.display(this.paths.historyFile) });
  }

  /** The story's log folder `.agent-orchestration/logs/<id>/`, created if needed. */
  logDir(args: { storyId: string }): string {
    const dir = this.paths.logDir(args.storyId);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  private storyIds(): string[] {
    let names: string[];
    try {
      names = readdirSync(this.paths.stateDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return names.map(storyIdOfFile).filter((id): id is string => id !== undefined).sort(compareStoryIds);
  }

  private summarize(): OrchestrationState {
    const records: StoryRecord[] = [];
    const unreadable: string[] = [];
    for (const storyId of this.storyIds()) {
      try {
        const record = this.readSync(storyId);
        if (record) records.push(record);
      } catch (error) {
        if (!(error instanceof StoriesError && error.code === 'STATE_CORRUPT')) throw error;
        unreadable.push(this.paths.display(this.paths.storyFile(storyId)));
      }
    }
    return summarizeStories({ records, unreadable });
  }

  private readSync(storyId: string): StoryRecord | undefined {
    const path = this.paths.storyFile(storyId);
    return readStoryFile({ path, storyId, display: this.paths.display(path) });
  }

  private readOrFresh(storyId: string): StoryRecord {
    return this.readSync(storyId) ?? createStoryRecord({ storyId, now: this.now() });
  }

  private locked<T>(storyId: string, purpose: string, work: () => T): Promise<T> {
    assertStoryId(storyId);
    mkdirSync(this.paths.locksDir, { recursive: true });
    return withFileLock(
      { lockPath: this.paths.storyLock(storyId), timeoutMs: this.lockTimeoutMs, staleMs: STORY_LOCK_STALE_MS, purpose: `${purpose} ${storyId}` },
      work,
    );
  }

  private stamp(record: StoryRecord): StoryRecord {
    return { ...record, revision: record.revision + 1, lastUpdate: this.now() };
  }

  /** Validates before writing, so a bad patch is refused instead of leaving an unreadable file. */
  private write(record: StoryRecord): StoryRecord {
    const path = this.paths.storyFile(record.storyId);
    try {
      parseStoryRecordV1({ data: record, source: this.paths.display(path) });
    } catch (error) {
      throw new StoriesError({
        code: 'ILLEGAL_TRANSITION',
        message: `story ${record.storyId}: refusing to write an invalid record (nothing was written):\n${(error as Error).message}`,
      });
    }
    writeFileAtomic({ path: this.paths.storyFile(record.storyId), content: serializeRecord(record) });
    return record;
  }

  /** Writes the record, then its history line (the record is the truth; history is its log). */
  private commit(applied: AppliedEvent, event: StoryEvent): AppliedEvent {
    this.write(applied.record);
    appendHistory({
      file: this.paths.historyFile,
      entry: {
        time: applied.record.lastUpdate,
        story: applied.record.storyId,
        from: applied.from,
        to: applied.to,
        event: event.type,
        reason: applied.reason,
        revision: applied.record.revision,
      },
    });
    return applied;
  }

  private recover(current: StoryRecord, now: string): AppliedEvent {
    const reason = `owner ${current.owner ? describeOwner(current.owner) : 'unknown'} is gone`;
    const event: StoryEvent = { type: 'RECOVER', reason };
    const interrupted = applyPatch({ record: current, patch: interruptOpenPhases({ record: current, now }) });
    return this.commit(applyEvent({ record: interrupted, event, now }), event);
  }

  private withOwner(event: StoryEvent, now: string): StoryEvent {
    const takesOwnership = event.type === 'START' || event.type === 'START_FIX' || event.type === 'CONFLICT';
    return takesOwnership && !event.owner ? { ...event, owner: currentStoryOwner({ now }) } : event;
  }

  private assertMayChange(current: StoryRecord, event: StoryEvent | undefined): void {
    const owner = current.owner;
    if (!owner || isThisProcess(owner) || isOwnerGone(owner)) return;
    if (event?.type === 'RESET') return;
    if (current.awaitingReview && (event?.type === 'APPROVE' || event?.type === 'REQUEST_CHANGES')) return;
    throw new StoriesError({
      code: 'STORY_BUSY',
      message: `story ${current.storyId} is ${current.status} and being worked on by ${describeOwner(owner)}${event ? `; ${event.type} refused` : ''}.`,
      hint: `Wait for that process to finish, or stop it; a story whose process is gone is recovered automatically. \`stories reset ${current.storyId}\` starts it over.`,
    });
  }
}
