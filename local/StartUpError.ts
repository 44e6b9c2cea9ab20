/**
 * A reason the local world cannot start that the user can fix (a setting, a file, a port): its
 * message is the whole story, so it is printed without a stack trace.
 */
export class StartUpError extends Error {
  override readonly name = "StartUpError";
}
