// `ailz`: the operator's command line over a running ailz's public HTTP API (bin/ailz.js runs it).
// Exit codes a pipeline can use: 0 done; 1 the thing checked or asked for failed (an invalid
// policy, a refused call, --fail-on findings, a failed sweep or vending request); 2 bad input
// (an unknown flag, an unreadable file, a bad value, a 400 from the API).
import { Command, CommanderError, Option } from "commander";
import { ApiError } from "./ApiError";
import { registerActionCommands } from "./commands/actionCommands";
import { registerListCommands } from "./commands/listCommands";
import { registerPolicyCommands } from "./commands/policyCommands";
import { registerReportCommand } from "./commands/reportCommand";
import { registerSweepCommand } from "./commands/sweepCommand";
import { registerVendCommands } from "./commands/vendCommands";
import { createContext, type Context } from "./Context";
import { createOutput } from "./output";
import { UsageError } from "./UsageError";

const io = createOutput();

/** The exit code and message for anything a command throws; never a stack trace. */
function exitCodeOf(err: unknown): number {
  if (err instanceof UsageError) {
    io.err(`ailz: ${err.message}`);
    return 2;
  }
  if (err instanceof ApiError) {
    io.err(`ailz: ${err.status ? `${err.status} ${err.code}: ` : ""}${err.message}`);
    return err.status === 400 ? 2 : 1;
  }
  io.err(`ailz: unexpected error: ${err instanceof Error ? err.message : String(err)}${process.env.AILZ_DEBUG && err instanceof Error ? `\n${err.stack}` : ""}`);
  return 1;
}

const program = new Command("ailz")
  .description("guardrails control plane for Azure AI landing zones: the operator's command line")
  .option("--url <url>", "ailz base URL, e.g. http://127.0.0.1:7071 (env AILZ_URL, or the profile file)")
  .option("--key <key>", "function key (env AILZ_KEY, or the profile file)")
  .option("--profile <file>", "profile file with {url, key, principal} (env AILZ_PROFILE; default ~/.config/ailz/profile.json)")
  .option("--token <jwt>", "Entra ID access token for ailz's app, which Easy Auth validates (env AILZ_TOKEN)")
  .addOption(new Option("--as <name>", "local world only: act as this person (a local token the host's Easy Auth accepts; env AILZ_AS)"))
  .addOption(new Option("--role <role...>", "local world only: app roles of --as (e.g. ailz.Approver; env AILZ_ROLES)"))
  .option("--json", "print JSON instead of tables")
  .showHelpAfterError("(ailz --help lists the commands)")
  .exitOverride();

const run =
  (fn: (ctx: Context) => Promise<number> | number) =>
  async (): Promise<void> => {
    try {
      process.exitCode = await fn(createContext(io, program.opts()));
    } catch (err) {
      process.exitCode = exitCodeOf(err);
    }
  };

registerPolicyCommands(program, run);
registerSweepCommand(program, run);
registerListCommands(program, run);
registerActionCommands(program, run);
registerVendCommands(program, run);
registerReportCommand(program, run);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof CommanderError) {
    // --help and --version are exits 0; every parse error (unknown flag or command, missing argument) is 2.
    process.exitCode = err.exitCode === 0 ? 0 : 2;
    return;
  }
  process.exitCode = exitCodeOf(err);
});
