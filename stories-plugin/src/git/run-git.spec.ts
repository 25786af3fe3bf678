import { writeFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { gitRepo, GitRepo } from '../testing/git-repo';
import { GitError, isGitLockMessage, runGit } from './run-git';

describe('runGit', () => {
  let repo: GitRepo;
  beforeEach(() => (repo = gitRepo()));
  afterEach(() => repo.cleanup());

  it('returns untrimmed stdout and the exit code', async () => {
    const result = await runGit({ cwd: repo.path, args: ['rev-parse', 'HEAD'] });
    expect(result).toEqual({ stdout: `${repo.git('rev-parse', 'HEAD')}\n`, stderr: '', exitCode: 0 });
  });

  it('throws GIT_FAILED naming the command, the folder and git\'s message', async () => {
    const error = (await runGit({ cwd: repo.path, args: ['rev-parse', '--verify', 'no-such-ref'] }).catch((e) => e)) as GitError;
    expect(error).toBeInstanceOf(GitError);
    expect(error.code).toBe('GIT_FAILED');
    expect(error.args).toEqual(['rev-parse', '--verify', 'no-such-ref']);
    expect(error.message).toContain(`git rev-parse --verify no-such-ref failed in ${repo.path} (exit code 128)`);
    expect(error.stderr).toMatch(/Needed a single revision/);
  });

  it('returns failures when allowed, without retrying them', async () => {
    const started = Date.now();
    const result = await runGit({ cwd: repo.path, args: ['rev-parse', '--verify', 'nope'], allowFailure: true, lockRetryDelaysMs: [2000] });
    expect(result.exitCode).toBe(128);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('reports a missing folder or git as GIT_FAILED', async () => {
    await expect(runGit({ cwd: join(repo.path, 'missing'), args: ['status'] })).rejects.toMatchObject({
      code: 'GIT_FAILED',
      message: expect.stringContaining('the folder does not exist'),
    });
  });

  it('runs without prompts or pagers, ignores GIT_DIR from the caller and keeps the identity', async () => {
    const saved = { ...process.env };
    try {
      process.env.GIT_DIR = '/nonexistent';
      process.env.GIT_INDEX_FILE = '/nonexistent/index';
      process.env.GIT_AUTHOR_NAME = 'Ada Lovelace';
      const variables = (await runGit({ cwd: repo.path, args: ['var', '-l'] })).stdout;
      expect(variables).toContain('GIT_EDITOR=true');
      expect(variables).toContain('GIT_PAGER=cat');
      expect(variables).toMatch(/GIT_AUTHOR_IDENT=Ada Lovelace </);
    } finally {
      process.env = saved;
    }
  });

  it('retries while another git holds index.lock, and succeeds once it is released', async () => {
    repo.write({ 'new.txt': 'x' });
    const lock = join(repo.path, '.git', 'index.lock');
    writeFileSync(lock, '');
    setTimeout(() => unlinkSync(lock), 300);
    await runGit({ cwd: repo.path, args: ['add', 'new.txt'] });
    expect(repo.git('diff', '--cached', '--name-only')).toBe('new.txt');
  });

  it('gives up after the bounded retries with a hint about a left-over lock file', async () => {
    writeFileSync(join(repo.path, '.git', 'index.lock'), '');
    repo.write({ 'new.txt': 'x' });
    const started = Date.now();
    const error = await runGit({ cwd: repo.path, args: ['add', 'new.txt'], lockRetryDelaysMs: [100, 100] }).catch((e) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(error).toMatchObject({ code: 'GIT_FAILED', hint: expect.stringContaining('delete it') });
    expect(error.stderr).toMatch(/index\.lock/);
  });

  it('recognizes only git lock messages', () => {
    expect(isGitLockMessage("fatal: Unable to create '/r/.git/index.lock': File exists.")).toBe(true);
    expect(isGitLockMessage('error: could not lock config file .git/config: File exists')).toBe(true);
    expect(isGitLockMessage("fatal: Unable to create '/r/.git/refs/heads/main.lock': File exists.")).toBe(true);
    expect(isGitLockMessage("fatal: cannot lock ref 'refs/heads/main': is at a but expected b")).toBe(false);
    expect(isGitLockMessage('fatal: not a git repository')).toBe(false);
  });
});
