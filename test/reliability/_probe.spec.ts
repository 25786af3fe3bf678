import { reliabilityWorkspace as nxWorkspace } from './support/workspace';
import { scriptedStory, offlineAgents, storyFileName } from './support/stories';
import { runNx } from './support/nx-process';

it('probe timing', async () => {
  const n = Number(process.env.PROBE_N ?? 8);
  const files: Record<string, string> = {};
  for (let i = 1; i <= n; i++) files[storyFileName(`1.${i}`)] = scriptedStory({ id: `1.${i}`, title: `S ${i}` });
  const ws = nxWorkspace(files);
  try {
    let t = Date.now();
    const r = await runNx({ cwd: ws.path, argv: ['show', 'projects'] });
    console.log('show projects', Date.now() - t, r.status);
    t = Date.now();
    const run = await runNx({ cwd: ws.path, argv: ['run-many', '-t', 'implement', '--parallel', process.env.PROBE_P ?? '8'] });
    console.log('run-many', Date.now() - t, run.status, 'peak', run.peakRssKiB, run.output.slice(-3000));
    t = Date.now();
    const again = await runNx({ cwd: ws.path, argv: ['run-many', '-t', 'implement', '--parallel', process.env.PROBE_P ?? '8', '--skip-nx-cache'] });
    console.log('rerun skip cache', Date.now() - t, again.status);
  } finally {
    ws.cleanup();
  }
}, 600000);
