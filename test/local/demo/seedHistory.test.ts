import { describe, expect, it } from "vitest";
import { createMemoryStores } from "../../support/memory/createMemoryStores";
import { demoHistory, seedDemoHistory, DEMO_HISTORY_DAYS } from "../../../local/demo/seedHistory";
import { DEMO_ALLOCATIONS } from "../../../local/demo/quotaPlan";
import { DEMO_SANDBOX_GROUPS, DEMO_SUBSCRIPTIONS, sandboxGroupScope, subId } from "../../../local/demo/demoIds";

const NOW = new Date("2026-03-18T10:00:00Z");

describe("seedDemoHistory", () => {
  it("writes 45 days of quota samples per allocation and one activity per sandbox (subscription or resource group), once", async () => {
    const stores = createMemoryStores();
    const first = await seedDemoHistory(stores, NOW);
    expect(first.quotaSamples).toBe(DEMO_ALLOCATIONS.length * (DEMO_HISTORY_DAYS + 1));
    expect(first.sandboxActivities).toBe(DEMO_SUBSCRIPTIONS.filter((s) => s.sandbox).length + DEMO_SANDBOX_GROUPS.length);
    expect(first.sandboxActivities).toBe(11);
    expect(await seedDemoHistory(stores, NOW)).toEqual({ quotaSamples: 0, sandboxActivities: 0 });

    const since = new Date(NOW.getTime() - 50 * 86_400_000).toISOString();
    const idle = await stores.quotaSamples.peak(subId(13), "eastus2", "standardNCADSA100v4Family", since);
    expect(idle).toMatchObject({ peakUsage: 24, limit: 192, samples: DEMO_HISTORY_DAYS + 1 });
    const spike = await stores.quotaSamples.peak(subId(23), "westeurope", "standardNCASv3_T4Family", since);
    expect(spike.peakUsage).toBe(16);
    const carol = await stores.sandboxActivity.last(`/subscriptions/${subId(33)}`);
    expect(carol).toMatchObject({ by: "carol@contoso.com", at: new Date(NOW.getTime() - 18 * 86_400_000).toISOString() });
    const jun = await stores.sandboxActivity.last(sandboxGroupScope({ sub: "search-test", rg: "rg-sbx-jun-prompts" }));
    expect(jun).toMatchObject({ by: "jun@contoso.com", at: new Date(NOW.getTime() - 36 * 86_400_000).toISOString() });
  });

  it("grows usage as VMs appear: the third inference VM (30 days old) is missing from older samples", () => {
    const s = demoHistory(NOW).quotaSamples.filter((x) => x.subscriptionId === subId(11));
    expect(s[0]!.usage).toBe(72);
    expect(s.at(-1)!.usage).toBe(96);
  });
});
