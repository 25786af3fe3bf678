/** What a pipeline step tells its executor: success or not, and the line to end the task with. */
export interface StepResult {
  success: boolean;
  message: string;
}

/** A step that ended well. */
export const succeeded = (message: string): StepResult => ({ success: true, message });

/** A step that ended badly (the story's record says why). */
export const failed = (message: string): StepResult => ({ success: false, message });
