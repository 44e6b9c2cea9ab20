import { describe, expect, it } from "vitest";
import { nightlySweep } from "../../../orchestrations/sweep/nightlySweep";
import type { SweepRecord } from "../../../shared/telemetry/TelemetryRecords";
import { createWorld } from "./harness";
import { runOrchestrator } from "./runOrchestrator";

describe("sweep telemetry", () => {
  it("reports one completed sweep per night with its subscriptions and outcome", async () => {
    const w = createWorld();
    const records: SweepRecord[] = [];
    w.deps.telemetry = { sweepCompleted: (r) => void records.push(r) };
    const date = w.state.now.toISOString().slice(0, 10);
    await runOrchestrator(nightlySweep, { instanceId: date, input: { date, dryRun: false }, now: () => w.state.now, activities: w.activities });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ sweepId: date, outcome: "succeeded", subscriptions: 2 });
    expect(records[0]!.durationMs).toBeGreaterThanOrEqual(0);
  });
});
