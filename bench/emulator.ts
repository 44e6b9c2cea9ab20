import { ResourceGraphClient } from "@azure/arm-resourcegraph";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { startEmulator } from "../local/arm/startEmulator";
import { EstateState } from "../local/arm/state/EstateState";
import { makeToken } from "../local/arm/tokens";
import { emulatorRedirectPolicy } from "../local/azure/emulatorRedirectPolicy";

// npm run bench:emulator [-- --resources 1000000 --subscriptions 1000 --budget-ms 240000]
// Builds a deterministic synthetic estate in memory, starts the ARM emulator on a free port and
// pages Resource Graph queries through the real ResourceGraphClient with $top 1000.
// Prints one JSON line per measurement.

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : Number.NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

const RESOURCES = arg("resources", 1_000_000);
const SUBSCRIPTIONS = arg("subscriptions", 1_000);
const BUDGET_MS = arg("budget-ms", 240_000);

const LOCATIONS = ["eastus", "eastus2", "westeurope", "swedencentral", "northeurope", "westus3"];
const VM_SIZES = ["Standard_D4s_v5", "Standard_D8s_v5", "Standard_E4s_v5", "Standard_NC24ads_A100_v4", "Standard_ND96isr_H100_v5", "Standard_NC4as_T4_v3"];
const OTHER_TYPES = ["Microsoft.Storage/storageAccounts", "Microsoft.Network/networkInterfaces", "Microsoft.Compute/disks", "Microsoft.KeyVault/vaults", "Microsoft.CognitiveServices/accounts"];

function print(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function rssMb(): number {
  // maxRSS is in kilobytes.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Deterministic generator (LCG), so every run measures the same estate. */
function buildState(): EstateState {
  let seed = 1234567;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  const subs = Array.from({ length: SUBSCRIPTIONS }, (_, i) => `${(i + 1).toString(16).padStart(8, "0")}-0000-4000-8000-${(i + 1).toString(16).padStart(12, "0")}`);
  const state = new EstateState({
    subscriptions: subs.map((s, i) => ({ subscriptionId: s, displayName: `sub-${i}`, tags: { env: i % 3 === 0 ? "prod" : "dev" } })),
  });
  for (let i = 0; i < RESOURCES; i++) {
    const sub = subs[i % subs.length];
    const rg = `rg-${Math.floor(rnd() * 20)}`;
    const location = LOCATIONS[Math.floor(rnd() * LOCATIONS.length)];
    const isVm = rnd() < 0.4;
    const type = isVm ? "Microsoft.Compute/virtualMachines" : OTHER_TYPES[Math.floor(rnd() * OTHER_TYPES.length)];
    const name = `${isVm ? "vm" : "res"}-${i}`;
    state.putResource({
      id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/${type}/${name}`,
      name,
      type,
      location,
      tags: { "cost-center": `cc-${i % 50}`, owner: `user${i % 200}` },
      properties: isVm
        ? { hardwareProfile: { vmSize: VM_SIZES[Math.floor(rnd() * VM_SIZES.length)] }, extended: { instanceView: { powerState: { code: rnd() < 0.7 ? "PowerState/running" : "PowerState/deallocated" } } } }
        : { provisioningState: "Succeeded" },
    });
  }
  return state;
}

async function pageAll(client: ResourceGraphClient, query: string, label: string, deadline: number): Promise<void> {
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  let rows = 0;
  let pages = 0;
  let firstPageMs = 0;
  let total = 0;
  let skipToken: string | undefined;
  let stoppedEarly = false;
  do {
    const page = await client.resources({ query, options: { top: 1000, resultFormat: "objectArray", ...(skipToken ? { skipToken } : {}) } });
    if (pages === 0) {
      firstPageMs = performance.now() - started;
      total = page.totalRecords;
    }
    pages++;
    rows += (page.data as unknown[]).length;
    skipToken = page.skipToken;
    if (skipToken && performance.now() > deadline) stoppedEarly = true;
  } while (skipToken && !stoppedEarly);
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  print({
    bench: "emulator.resourceGraph",
    query: label,
    estateResources: RESOURCES,
    totalRecords: total,
    rows,
    pages,
    totalMs: Math.round(ms),
    firstPageMs: Math.round(firstPageMs),
    rowsPerSec: Math.round(rows / (ms / 1000)),
    msPerPageAfterFirst: pages > 1 ? Math.round(((ms - firstPageMs) / (pages - 1)) * 100) / 100 : null,
    // Client and emulator share this process: CPU time shows the cost when the machine is busy.
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    stoppedEarly,
    peakRssMb: rssMb(),
  });
}

async function main(): Promise<void> {
  const deadline = performance.now() + BUDGET_MS;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const state = buildState();
  const cpu = process.cpuUsage(cpu0);
  print({ bench: "emulator.estate", resources: RESOURCES, subscriptions: SUBSCRIPTIONS, buildMs: Math.round(performance.now() - t0), cpuMs: Math.round((cpu.user + cpu.system) / 1000), peakRssMb: rssMb() });

  const emu = await startEmulator({ port: 0, eventsEnabled: false });
  emu.emulator.replaceState(state);
  const token = makeToken({ oid: "bench0000-0000-4000-8000-000000000001", upn: "bench@contoso.com" });
  const credential: TokenCredential = { getToken: async (): Promise<AccessToken> => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
  const client = new ResourceGraphClient(credential, {
    additionalPolicies: [{ policy: emulatorRedirectPolicy("https://management.azure.com", emu.url), position: "perRetry" }],
  });
  try {
    await pageAll(
      client,
      "Resources | where type =~ 'microsoft.compute/virtualmachines' and tostring(properties.hardwareProfile.vmSize) startswith 'Standard_N' | project id, name, location, vmSize = tostring(properties.hardwareProfile.vmSize), resourceGroup, subscriptionId",
      "gpu-vms-where-project",
      deadline,
    );
    await pageAll(client, "Resources | where isnotempty(id) | project id, name, type, location, tags", "all-resources-where-project", deadline);
  } finally {
    await emu.close();
  }
}

main().catch((err: unknown) => {
  print({ bench: "emulator", error: err instanceof Error ? err.message : String(err) });
  process.exitCode = 1;
});
