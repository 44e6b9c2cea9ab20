import { app, type HttpRequest, type InvocationContext } from "@azure/functions";
import * as df from "durable-functions";
import { z } from "zod";
import { NIGHTLY_SWEEP } from "../orchestrations/sweep/names";
import { getPolicy } from "./deps";
import { APP_ROLES } from "./auth/appRoles";
import { protectedRoute } from "./auth/httpRoute";
import { HttpError } from "./http/HttpError";
import { jsonReply } from "./http/jsonReply";
import { statusOf } from "./sweepDeps";

const RESTARTABLE = new Set(["Failed", "Terminated", "Canceled"]);

/** Instance id of a night's sweep: its date; a forced dry run has its own. */
const sweepInstanceId = (date: string, dryRun: boolean) => (dryRun ? `${date}-dryrun` : date);

/**
 * Starts the night's sweep unless it already exists. A running or completed sweep is reported,
 * never doubled; a failed one is started again on the same id (its completed activities are
 * idempotent, so nothing is done twice).
 */
async function startSweep(client: df.DurableClient, date: string, dryRun: boolean, startedBy: string): Promise<{ instanceId: string; started: boolean; runtimeStatus?: string }> {
  const instanceId = sweepInstanceId(date, dryRun);
  const existing = await statusOf(client, instanceId);
  if (existing && !RESTARTABLE.has(String(existing.runtimeStatus))) return { instanceId, started: false, runtimeStatus: String(existing.runtimeStatus) };
  try {
    await client.startNew(NIGHTLY_SWEEP, { instanceId, input: { date, dryRun, startedBy } });
  } catch (err) {
    // The timer and an HTTP start can race for the same night: the loser reports the winner's sweep.
    if (!/\b409\b|already exists/i.test(err instanceof Error ? err.message : String(err))) throw err;
    const now = await statusOf(client, instanceId);
    return { instanceId, started: false, runtimeStatus: String(now?.runtimeStatus ?? "Pending") };
  }
  return { instanceId, started: true, runtimeStatus: "Pending" };
}

/** A real calendar date YYYY-MM-DD (2025-02-30 is not one). */
const isDate = (s: string) => z.iso.date().safeParse(s).success;

const today = () => new Date().toISOString().slice(0, 10);

app.timer("nightlySweepTimer", {
  schedule: getPolicy().sweep.schedule,
  extraInputs: [df.input.durableClient()],
  handler: async (_timer: unknown, context: InvocationContext) => {
    const r = await startSweep(df.getClient(context), today(), false, "timer");
    context.log(JSON.stringify({ sweep: r.instanceId, started: r.started, runtimeStatus: r.runtimeStatus }));
  },
});

protectedRoute("sweepsStart", {
  route: "sweeps",
  methods: ["POST"],
  access: APP_ROLES.operator,
  extraInputs: [df.input.durableClient()],
  handler: async (request: HttpRequest, context: InvocationContext, principal) => {
    const dryRunParam = request.query.get("dryRun");
    if (dryRunParam !== null && dryRunParam !== "true" && dryRunParam !== "false") throw new HttpError(400, "InvalidRequest", "dryRun: must be true or false", "dryRun");
    const date = request.query.get("date") ?? today();
    if (!isDate(date)) throw new HttpError(400, "InvalidRequest", "date: must be YYYY-MM-DD", "date");
    const r = await startSweep(df.getClient(context), date, dryRunParam === "true", principal.name);
    return jsonReply(r.started ? 202 : 200, { id: r.instanceId, started: r.started, runtimeStatus: r.runtimeStatus, statusUrl: `/api/sweeps/${r.instanceId}` }, { location: `/api/sweeps/${r.instanceId}` });
  },
});

protectedRoute("sweepsGet", {
  route: "sweeps/{id}",
  methods: ["GET"],
  access: APP_ROLES.reader,
  extraInputs: [df.input.durableClient()],
  handler: async (request: HttpRequest, context: InvocationContext) => {
    const id = request.params.id ?? "";
    if (!isDate(id.replace(/-dryrun$/, ""))) throw new HttpError(400, "InvalidRequest", "id: must be a sweep date YYYY-MM-DD (or YYYY-MM-DD-dryrun)", "id");
    const s = await statusOf(df.getClient(context), id);
    if (!s) throw new HttpError(404, "NotFound", `no sweep ${id}`);
    return jsonReply(200, { id, runtimeStatus: s.runtimeStatus, progress: s.customStatus ?? null, output: s.output ?? null, createdTime: s.createdTime, lastUpdatedTime: s.lastUpdatedTime });
  },
});
