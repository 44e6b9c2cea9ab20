/** Input the user can fix (a bad flag value, an unreadable file, no connection settings): exit 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
