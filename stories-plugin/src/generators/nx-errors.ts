/**
 * Nx prints only an error's message when a generator fails, so the hint of a `StoriesError` must
 * travel inside the message to reach the user.
 */
import { describeError, StoriesError } from '../errors';

/** Runs a generator body; a `StoriesError` leaves it with its hint folded into the message. */
export async function withHintsInMessages<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof StoriesError) || !error.hint) throw error;
    throw new StoriesError({ code: error.code, message: describeError(error), problems: error.problems });
  }
}
