import type { ProgressStory } from '../report/types';
import { startProgressLoop } from './progress-loop';

function recorder(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, output: { isTTY, columns: 80, write: (text: string) => chunks.push(text) } };
}

const at = (status: ProgressStory['status']): ProgressStory[] => [{ id: '1.1', title: 'Sign up', wave: 1, status }];

describe('startProgressLoop', () => {
  it('prints one line per change without a terminal, and the final state on stop', async () => {
    let current = at('Not Started');
    const { chunks, output } = recorder(false);
    const loop = startProgressLoop({ output, mode: 'lines', intervalMs: 5, read: async () => current });
    await new Promise((resolve) => setTimeout(resolve, 30));
    current = at('In Progress');
    await new Promise((resolve) => setTimeout(resolve, 30));
    current = at('Merged');
    await loop.stop();
    expect(chunks.join('')).toMatch(/^\[\d\d:\d\d:\d\d\] 1\.1 Sign up: Not Started\n\[\d\d:\d\d:\d\d\] 1\.1 Sign up: Not Started -> In Progress\n\[\d\d:\d\d:\d\d\] 1\.1 Sign up: In Progress -> Merged\n$/);
  });

  it('redraws the frame in place on a terminal, only when it changed, and survives a failed read', async () => {
    let call = 0;
    const { chunks, output } = recorder(true);
    const loop = startProgressLoop({
      output,
      mode: 'redraw',
      intervalMs: 5,
      read: async () => {
        call += 1;
        if (call === 2) throw new Error('file being replaced');
        return call < 4 ? at('In Progress') : at('Merged');
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 40));
    await loop.stop();
    expect(chunks).toHaveLength(2);
    expect(chunks[0]).toMatch(/^📊 Story Implementation Progress\n[\s\S]*⏳ 1\.1 - Sign up \(In Progress\)/);
    expect(chunks[1]).toMatch(/^\u001b\[\d+F\u001b\[0J📊[\s\S]*✅ 1\.1 - Sign up \(Completed\)/);
  });
});
