// The one message a failed start-up prints. Errors the user can fix (a setting, the policy, a
// taken port) are their message alone; anything else says it is unexpected. Stack traces only
// with AILZ_DEBUG=1, and secrets masked either way.
import { PolicyError } from "../shared/config/PolicyError";
import { PortInUseError } from "./azurite/checkPortFree";
import { redactSecrets } from "./log/redactSecrets";
import { StartUpError } from "./StartUpError";

export function formatStartUpError(err: unknown, debug: boolean): string {
  const known = err instanceof StartUpError || err instanceof PolicyError || err instanceof PortInUseError;
  const message = err instanceof Error ? err.message : String(err);
  let text = known ? `ailz: ${message}` : `ailz: failed to start: ${message}`;
  if (debug && err instanceof Error && err.stack) text += `\n${err.stack}`;
  else if (!known) text += "\n(AILZ_DEBUG=1 shows the stack trace)";
  return redactSecrets(text) + "\n";
}
