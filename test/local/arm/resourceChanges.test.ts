import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appToken, APP_ID, rgPath, startHarness, SUB, SUB2, type Harness } from "./emulatorHarness";

// Resource Graph's `resourcechanges` table in the emulator: a change record per ARM write or
// delete (learn.microsoft.com/azure/governance/resource-graph/how-to/get-resource-changes), with
// the documented properties, queryable with KQL for 14 days.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const graph = async (query: string, subscriptions = [SUB]) => {
  const r = await h.call("POST", "/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01", { subscriptions, query });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.data as any[];
};

describe("resourcechanges", () => {
  it("records Create, Update (a tags write too) and Delete with who, when and the operation", async () => {
    const rg = rgPath(SUB, "rg-changes");
    const st = `${rg}/providers/Microsoft.Storage/storageAccounts/stchanges`;
    await h.control("PUT", "/_emulator/clock", { now: "2031-03-01T10:00:00.000Z" });
    expect((await h.call("PUT", rg, { location: "eastus" })).status).toBeLessThan(300);
    expect((await h.call("PUT", st, { location: "eastus", properties: {} })).status).toBeLessThan(300);
    await h.control("PUT", "/_emulator/clock", { now: "2031-03-01T11:00:00.000Z" });
    expect((await h.call("PUT", st, { location: "eastus", properties: { minimumTlsVersion: "TLS1_2" } }, appToken)).status).toBeLessThan(300);
    expect((await h.call("PATCH", `${st}/providers/Microsoft.Resources/tags/default`, { operation: "Merge", properties: { tags: { a: "b" } } })).status).toBe(200);
    expect((await h.call("DELETE", st)).status).toBeLessThan(300);

    const rows = await graph(`resourcechanges
| where resourceGroup == 'rg-changes'
| extend changeTime = todatetime(properties.changeAttributes.timestamp), targetResourceId = tostring(properties.targetResourceId), changeType = tostring(properties.changeType), changedBy = tostring(properties.changeAttributes.changedBy), operation = tostring(properties.changeAttributes.operation)
| order by changeTime asc
| project id, type, subscriptionId, resourceGroup, changeTime, targetResourceId, changeType, changedBy, operation`);
    expect(rows.map((r) => [r.changeType, r.targetResourceId, r.changedBy])).toEqual([
      ["Create", rg, "alice@contoso.com"],
      ["Create", st, "alice@contoso.com"],
      ["Update", st, APP_ID],
      ["Update", st, "alice@contoso.com"],
      ["Delete", st, "alice@contoso.com"],
    ]);
    expect(rows[1]).toMatchObject({ type: "microsoft.resources/changes", subscriptionId: SUB, resourceGroup: "rg-changes", operation: "Microsoft.Storage/storageAccounts/write" });
    expect(rows[1].changeTime).toMatch(/^2031-03-01T10:00:0/);
    expect(rows[1].id).toMatch(new RegExp(`^${st.replace(/\//g, "\\/")}/providers/Microsoft\\.Resources/changes/[0-9a-f-]{36}$`));
    const [raw] = await graph(`resourcechanges | where tostring(properties.changeType) == 'Delete' | project properties`);
    expect(Object.keys(raw.properties).sort()).toEqual(["changeAttributes", "changeType", "changes", "targetResourceId", "targetResourceType"]);
    expect(raw.properties.targetResourceType).toBe("microsoft.storage/storageaccounts");
    expect(raw.properties.changeAttributes).toMatchObject({ changedByType: "User", clientType: "ARM", operation: "Microsoft.Storage/storageAccounts/delete" });
    expect(raw.properties.changeAttributes.timestamp).toMatch(/^2031-03-01T11:00:0/);

    // Scoped like every table, summarised like any KQL, and gone after 14 days.
    expect(await graph("resourcechanges | summarize n = count()", [SUB2])).toEqual([{ n: 0 }]);
    const [last] = await graph("resourcechanges | where resourceGroup == 'rg-changes' | summarize last = max(todatetime(properties.changeAttributes.timestamp)) by resourceGroup");
    expect(last).toEqual({ resourceGroup: "rg-changes", last: raw.properties.changeAttributes.timestamp });
    await h.control("PUT", "/_emulator/clock", { now: "2031-03-15T10:30:00.000Z" });
    expect((await graph("resourcechanges | where resourceGroup == 'rg-changes' | project changeType = tostring(properties.changeType)")).map((r) => r.changeType)).toEqual(["Update", "Update", "Delete"]);
    await h.control("PUT", "/_emulator/clock", { now: "2031-03-16T00:00:00.000Z" });
    expect(await graph("resourcechanges | where resourceGroup == 'rg-changes' | project id")).toEqual([]);
  });
});
