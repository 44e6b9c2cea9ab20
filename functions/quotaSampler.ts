import { app, type InvocationContext } from "@azure/functions";
import { collectQuotaAllocations } from "../shared/sweep/collectQuotaAllocations";
import { mapLimit } from "../shared/sweep/mapLimit";
import { getSweepDeps } from "./sweepDeps";

/**
 * Hourly GPU quota sample: usage and limit per subscription, region and family, only for the
 * pairs that hold GPU quota in the quota group (one group read per region, two reads per pair).
 */
async function sampleQuota(now: Date): Promise<number> {
  const { reader, policy, stores } = getSweepDeps();
  const allocations = await collectQuotaAllocations(reader, policy);
  const pairs = [...new Map(allocations.map((a) => [`${a.subscriptionId}|${a.location}`, a])).values()];
  const wanted = new Set(allocations.map((a) => `${a.subscriptionId}|${a.location}|${a.family.toLowerCase()}`));
  const hour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000).toISOString();
  const written = await mapLimit(pairs, 16, async (p) => {
    const rows = (await reader.computeQuota(p.subscriptionId, p.location)).filter((q) => wanted.has(`${p.subscriptionId}|${p.location}|${q.family.toLowerCase()}`));
    await Promise.all(rows.map((q) => stores.quotaSamples.record({ subscriptionId: p.subscriptionId, location: p.location, family: q.family, at: hour, usage: q.usage ?? 0, limit: q.limit ?? 0 })));
    return rows.length;
  });
  return written.reduce((a, b) => a + b, 0);
}

app.timer("quotaSampler", {
  schedule: "0 0 * * * *",
  handler: async (_timer: unknown, context: InvocationContext) => {
    context.log(JSON.stringify({ quotaSamples: await sampleQuota(new Date()) }));
  },
});
