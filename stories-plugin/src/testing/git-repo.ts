import { execFileSync } from 'node:child_process';
import { tempDir, TempDir } from './temp-dir';

/** A temp folder that is a real git repository with one commit on `main`. */
export interface GitRepo extends TempDir {
  /** Runs git in the repository with an argument array; returns trimmed stdout. */
  git(...args: string[]): string;
  /** Writes files, stages everything and commits; returns the new commit id. */
  commit(message: string, files?: Record<string, string>): string;
}

/** Git settings that keep tests deterministic: no auto gc, no background maintenance, no signing. */
export const TEST_GIT_ENV: Record<string, string> = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** Creates a repository on branch `main` whose first commit holds `files` (or a README). */
export function gitRepo(files: Record<string, string> = { 'README.md': '# test\n' }, prefix = 'nx-stories-git-'): GitRepo {
  const dir = tempDir(prefix);
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir.path, env: { ...process.env, ...TEST_GIT_ENV }, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'main');
  for (const [key, value] of [
    ['user.name', 'Test'],
    ['user.email', 'test@example.com'],
    ['gc.auto', '0'],
    ['maintenance.auto', 'false'],
    ['commit.gpgsign', 'false'],
  ]) {
    git('config', key, value);
  }
  const repo: GitRepo = {
    ...dir,
    git,
    commit(message, more = {}) {
      dir.write(more);
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD');
    },
  };
  repo.commit('initial', files);
  return repo;
}
