/** A mistake in flags, inputs or configuration: the message names it and the fix; exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
