/**
 * A real pseudo-terminal for end-to-end tests of the interactive parts (the out-of-scope prompt,
 * redrawn progress): the command runs in a detached tmux session on its own server socket; the
 * test reads the screen, types keys, and waits for the exit status. tmux's own `pane_dead_status`
 * is sometimes never filled in (tmux 3.3a), so a small Node wrapper writes the status to a file.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../testing/temp-dir';

/** A command running in a terminal. */
export interface TerminalSession {
  /** The screen and its scrollback, as text. */
  screen(): string;
  /** Types `text`, then Enter. */
  typeLine(text: string): void;
  /** Waits until the screen matches `pattern`; throws with the screen after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Waits for the command to end; its exit status. */
  exitStatus(timeoutMs?: number): Promise<number>;
  /** Stops the tmux server and removes its files. */
  close(): void;
}

/** True when tmux is installed. */
export function hasTmux(): boolean {
  return spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts `argv` in `cwd` on a 160x50 terminal with `env` added to the environment. */
export function startInTerminal(args: { cwd: string; argv: string[]; env: Record<string, string> }): TerminalSession {
  const dir = tempDir('nx-stories-tmux-');
  const socket = `nx-stories-${process.pid}-${randomBytes(4).toString('hex')}`;
  const config = join(dir.path, 'tmux.conf');
  const statusFile = join(dir.path, 'exit-status');
  const wrapper = join(dir.path, 'record-exit-status.js');
  writeFileSync(config, 'set-option -g remain-on-exit on\nset-option -g history-limit 10000\nset-option -g status off\n');
  writeFileSync(
    wrapper,
    "const { spawnSync } = require('node:child_process');\n" +
      "const [statusFile, command, ...rest] = process.argv.slice(2);\n" +
      "const result = spawnSync(command, rest, { stdio: 'inherit' });\n" +
      "require('node:fs').writeFileSync(statusFile, String(result.status ?? 128));\n",
  );
  const tmux = (...tmuxArgs: string[]) => {
    const result = spawnSync('tmux', ['-L', socket, '-f', config, ...tmuxArgs], { encoding: 'utf8', env: { ...process.env, ...args.env, TMUX: '' } });
    if (result.status !== 0) throw new Error(`tmux ${tmuxArgs.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  };
  // Several arguments after the session options: tmux runs them directly, without a shell.
  tmux('new-session', '-d', '-s', 'main', '-x', '160', '-y', '50', '-c', args.cwd, process.execPath, wrapper, statusFile, ...args.argv);
  const session: TerminalSession = {
    screen: () => tmux('capture-pane', '-p', '-J', '-t', 'main', '-S', '-10000'),
    typeLine(text) {
      tmux('send-keys', '-t', 'main', '-l', text);
      tmux('send-keys', '-t', 'main', 'Enter');
    },
    async waitFor(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const screen = session.screen();
        if (pattern.test(screen)) return screen;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} on the screen:\n${screen}`);
        await sleep(100);
      }
    },
    async exitStatus(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (existsSync(statusFile) && readFileSync(statusFile, 'utf8') !== '') return Number(readFileSync(statusFile, 'utf8'));
        if (Date.now() > deadline) throw new Error(`the command did not end in time; the screen:\n${session.screen()}`);
        await sleep(200);
      }
    },
    close() {
      spawnSync('tmux', ['-L', socket, 'kill-server'], { encoding: 'utf8' });
      dir.cleanup();
    },
  };
  return session;
}
