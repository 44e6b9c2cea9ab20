import * as df from "durable-functions";
import { nightlySweep } from "../orchestrations/sweep/nightlySweep";
import { quotaReclaim } from "../orchestrations/sweep/quotaReclaim";
import { NIGHTLY_SWEEP, QUOTA_RECLAIM, SweepActivity } from "../orchestrations/sweep/names";
import { createSweepActivities } from "../orchestrations/sweep/createSweepActivities";
import { createReclaimActivities } from "../orchestrations/sweep/createReclaimActivities";
import { getSweepDeps, starterFor } from "./sweepDeps";

// Registers the sweep's orchestrators and activities. Activities are built from the injected
// dependencies on first use (the same functions unit tests call with in-memory ones).

df.app.orchestration(NIGHTLY_SWEEP, nightlySweep);
df.app.orchestration(QUOTA_RECLAIM, quotaReclaim);

let sweep: ReturnType<typeof createSweepActivities> | undefined;
let reclaim: ReturnType<typeof createReclaimActivities> | undefined;
const s = () => (sweep ??= createSweepActivities(getSweepDeps()));
const r = () => (reclaim ??= createReclaimActivities(getSweepDeps()));

df.app.activity(SweepActivity.listScope, { handler: (input: any) => s().listScope(input) });
df.app.activity(SweepActivity.collectShared, { handler: (input: any) => s().collectShared(input) });
df.app.activity(SweepActivity.sweepBatch, { handler: (input: any) => s().sweepBatch(input) });
df.app.activity(SweepActivity.startReclaims, { extraInputs: [df.input.durableClient()], handler: (input: any, context) => s().startReclaims(input, starterFor(context)) });
df.app.activity(SweepActivity.publishReport, { handler: (input: any) => s().publishReport(input) });
df.app.activity(SweepActivity.reclaimNotify, { handler: (input: any) => r().reclaimNotify(input) });
df.app.activity(SweepActivity.reclaimKeep, { handler: (input: any) => r().reclaimKeep(input) });
df.app.activity(SweepActivity.reclaimLower, { handler: (input: any) => r().reclaimLower(input) });
