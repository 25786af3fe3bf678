/**
 * The spec's out-of-scope question on a terminal: the warning, then `Enter your choice (1-3):`
 * until the answer is one of the three. End of input counts as cancel.
 */
import { createInterface } from 'node:readline';
import { parseOutOfScopeChoice, renderOutOfScopeWarning, type OutOfScopeDecision, type OutOfScopeFinding } from '../scope';
import type { CliIo } from './io';

/** Asks the user what to do about the out-of-scope dependencies. */
export async function askOutOfScope(args: { io: Pick<CliIo, 'stdin' | 'stdout'>; finding: OutOfScopeFinding }): Promise<OutOfScopeDecision> {
  const { io } = args;
  io.stdout.write(renderOutOfScopeWarning({ finding: args.finding, prompt: true }));
  const lines = createInterface({ input: io.stdin, terminal: false });
  try {
    return await new Promise<OutOfScopeDecision>((resolve) => {
      lines.on('line', (answer) => {
        const decision = parseOutOfScopeChoice(answer);
        if (decision) resolve(decision);
        else io.stdout.write('Please enter 1 (expand), 2 (skip) or 3 (cancel): ');
      });
      lines.once('close', () => resolve('cancel'));
    });
  } finally {
    lines.close();
  }
}
