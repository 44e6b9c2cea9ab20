// `npm run bench:chaos`: faults survived, counted. On the demo estate, at the same time: a stream
// of people's writes through the ARM emulator (hand-made GPU VMs, tags; each becomes a resource
// event for the host), the night's sweep with some guardrails in enforce, and vending requests;
// meanwhile 20% of ARM requests (every family) fail with 429/500/503, Azurite is restarted once
// and the host is SIGKILLed twice at random points (and started again on the same data).
// The emulator runs in its own process, as ARM outlives a crashed Function App: its record of
// writes (the RBAC log: who wrote what, with which status) survives the kills and is reconciled
// afterwards with ailz's audit log, findings and orchestrations. Prints JSON lines (with the load
// average) and a final `chaos.summary`: actions expected, performed, duplicated, lost; findings
// lost; orchestrations stuck. Sizes: BENCH_CHAOS_EVENTS (people's writes, default 200),
// BENCH_CHAOS_VENDS (default 3), BENCH_CHAOS_FAULT_RATE (default 0.2), BENCH_CHAOS_SETTLE_MS
// (how long sweep and vending may take to finish once the faults stop, default 240000),
// BENCH_CHAOS_SEED (the random points).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildDemoEstate } from "../local/demo/buildDemoEstate";
import { appToken, demoAppClaims } from "../local/demo/demoAppRoles";
import { subScope, user } from "../local/demo/demoIds";
import type { RbacLogEntry } from "../local/arm/Emulator";
import { makeToken } from "../local/arm/tokens";
import { startAzurite, type Azurite } from "../local/azurite/startAzurite";
import { localEventsTarget } from "../local/localEventsTarget";
import { installLocalOverrides } from "../local/azure/installLocalOverrides";
import { wireResourceEvents } from "../local/wireResourceEvents";
import { createStores } from "../shared/store/createStores";
import { policyYaml } from "../test/functions/support/eventsWorld";
import { spawnLocal, type LocalProcess } from "../test/support/spawnLocal";
import { spawnEmulator } from "./support/spawnEmulator";

const EVENTS = Number(process.env.BENCH_CHAOS_EVENTS ?? 200);
const VENDS = Number(process.env.BENCH_CHAOS_VENDS ?? 3);
const FAULT_RATE = Number(process.env.BENCH_CHAOS_FAULT_RATE ?? 0.2);
const SETTLE_MS = Number(process.env.BENCH_CHAOS_SETTLE_MS ?? 240_000);
let seed = Number(process.env.BENCH_CHAOS_SEED ?? Date.now() % 100_000);
const SEED = seed;
/** Deterministic for a seed (mulberry32), so a run's kill points can be replayed. */
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const ENFORCED = ["shadowAi", "requiredTags", "aiHardening"];
const TERMINAL = new Set(["Completed", "Failed", "Rejected", "Cancelled", "Expired", "Terminated", "Canceled"]);
const SUB = "analytics-dev";
const RG = `${subScope(SUB)}/resourceGroups/rg-chaos`;
const PEOPLE = ["alice", "bob", "carol", "dave", "erin"];

const round = (x: number) => Math.round(x * 100) / 100;
const loadAverage = () => ({ oneFiveFifteen: os.loadavg().map(round), cpus: os.cpus().length });
const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ ...line, loadAverage: loadAverage() })}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const note = (msg: string) => process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

const personToken = (key: string) => {
  const u = user(key);
  return makeToken({ oid: u.objectId, upn: u.upn, name: u.displayName, idtyp: "user" });
};

interface Reply {
  status: number;
  body: any;
}

/** One call; a refused connection (host down) or a retryable status is tried again, as a client would. */
async function call(url: string, init: RequestInit, attempts = 60): Promise<Reply> {
  let last: Reply = { status: 0, body: undefined };
  for (let i = 0; i < attempts; i++) {
    try {
      const res = await fetch(url, init);
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      last = { status: res.status, body };
      if (![429, 500, 502, 503, 504].includes(res.status)) return last;
    } catch (err) {
      last = { status: 0, body: (err as Error).message };
    }
    await sleep(500);
  }
  return last;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-bench-chaos-"));
  const estate = buildDemoEstate(new Date()) as { settings?: Record<string, unknown>; quotaLimits: { subscriptionId: string; limit: number }[] };
  // Vending's waits (alias, provider registration, principal propagation) at 0: the faults are the point.
  estate.settings = { ...estate.settings, aliasDelayMs: 0, providerRegistrationDelayMs: 0, principalPropagationDelayMs: 0 };
  // Room for every hand-made VM: a quota refusal would be a person's failed write, not a fault survived.
  for (const q of estate.quotaLimits) if (`/subscriptions/${q.subscriptionId}` === subScope(SUB)) q.limit = 1_000_000;
  fs.writeFileSync(path.join(dir, "estate.json"), JSON.stringify(estate));
  const modes = Object.fromEntries(ENFORCED.map((g) => [g, "enforce"]));
  fs.writeFileSync(path.join(dir, "guardrails.yaml"), policyYaml(modes));
  note(`seed ${SEED}; emulator starting`);
  const emulator = await spawnEmulator(path.join(dir, "estate.json"), 120_000, { events: true });
  const emu = (method: string, route: string, body?: unknown) => call(`${emulator.url}${route}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }, 3);
  let world: LocalProcess | undefined;
  let azurite: Azurite | undefined;
  try {
    world = await spawnLocal({
      estate: false,
      env: {
        AILZ_ARM_ENDPOINT: emulator.url,
        AILZ_POLICY_PATH: path.join(dir, "guardrails.yaml"),
        AILZ_VENDING_PROVIDER_POLL_MS: "200",
        AILZ_VENDING_RETRY_FIRST_MS: "200",
        AILZ_LOG_LEVEL: "warn",
      },
    });
    const w = world;
    note(`world up at ${w.hostUrl}`);
    // What startLocal does for its own emulator: Event Grid's AzureFunction destination resolves
    // to this host, and every subscription's events are wired to resourceEvents (production code).
    // Event Grid retries a failed delivery for up to a day; here for a couple of minutes, which
    // outlasts a restart of the host.
    const target = localEventsTarget();
    await emu("PUT", "/_emulator/events", { functionApps: { [target.functionAppId]: { url: w.hostUrl, code: w.functionKey } }, retryDelaysMs: [500, 1000, 2000, 4000, 8000], maxAttempts: 30 });
    installLocalOverrides(emulator.url);
    const wired = await wireResourceEvents("eastus2", "resources");
    const rg = await call(`${emulator.url}${RG}?api-version=2024-07-01`, { method: "PUT", headers: { authorization: `Bearer ${personToken("alice")}`, "content-type": "application/json" }, body: JSON.stringify({ location: "eastus2" }) });
    if (rg.status >= 300) throw new Error(`creating ${RG} as alice: ${rg.status} ${JSON.stringify(rg.body)}`);
    await sleep(3000);
    await emu("DELETE", "/_emulator/rbac-log");
    const chaosStart = new Date().toISOString();
    print({ bench: "chaos.setup", seed: SEED, events: EVENTS, vends: VENDS, faultRate: FAULT_RATE, enforced: ENFORCED, wiredSubscriptions: wired });

    // 429, 500 and 503 in equal parts, FAULT_RATE in all, on every ARM path (the control API is not ARM).
    const each = FAULT_RATE / 3;
    for (const [i, status] of ([429, 500, 503] as const).entries()) {
      await emu("POST", "/_emulator/faults", { pathPattern: "^/(subscriptions|providers|tenants)", status, probability: each / (1 - each * i), ...(status === 500 ? {} : { retryAfter: 1 }) });
    }

    const appHeaders = (who: string) => ({ "x-functions-key": w.functionKey, "content-type": "application/json", authorization: `Bearer ${appToken(demoAppClaims(who))}` });
    const host = (method: string, route: string, who: string, body?: unknown, extra: Record<string, string> = {}) =>
      // Up to two minutes: a restart of the host on a loaded machine can take half a minute.
      call(`${w.hostUrl}${route}`, { method, headers: { ...appHeaders(who), ...extra }, body: body === undefined ? undefined : JSON.stringify(body) }, 240);

    // Drawn first, so a seed replays the same points whatever the stream draws later.
    const points = [random(), random(), random()].map((x) => Math.max(1, Math.floor((0.1 + 0.8 * x) * EVENTS)));
    const plan = [
      { at: points[0]!, what: "kill" },
      { at: points[1]!, what: "kill" },
      { at: points[2]!, what: "azurite" },
    ].sort((a, b) => a.at - b.at);

    // People's writes: every other one a hand-made GPU VM (shadow AI), the others tag an existing VM.
    const vms: string[] = [];
    const peopleWrites = { attempted: 0, succeeded: 0, failed: 0, firstFailures: [] as string[] };
    let written = 0;
    const stream = (async () => {
      for (let i = 0; i < EVENTS; i++) {
        const who = PEOPLE[i % PEOPLE.length]!;
        const tagging = i % 2 === 1 && vms.length > 0;
        const id = tagging ? vms[Math.floor(random() * vms.length)]! : `${RG}/providers/Microsoft.Compute/virtualMachines/gpu-hand-${i}`;
        const url = tagging ? `${emulator.url}${id}/providers/Microsoft.Resources/tags/default?api-version=2021-04-01` : `${emulator.url}${id}?api-version=2024-07-01`;
        const body = tagging
          ? { operation: "Merge", properties: { tags: { note: `edit-${i}` } } }
          : { location: "eastus2", tags: { owner: `${who}@contoso.com` }, properties: { hardwareProfile: { vmSize: "Standard_NC24ads_A100_v4" } } };
        peopleWrites.attempted++;
        // A person retries a failed portal action a few times, then gives up.
        const r = await call(url, { method: tagging ? "PATCH" : "PUT", headers: { authorization: `Bearer ${personToken(who)}`, "content-type": "application/json" }, body: JSON.stringify(body) }, 4);
        if (r.status >= 200 && r.status < 300) {
          peopleWrites.succeeded++;
          if (!tagging) vms.push(id);
        } else {
          peopleWrites.failed++;
          if (peopleWrites.firstFailures.length < 3) peopleWrites.firstFailures.push(`${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
        }
        written = i + 1;
        await sleep(50);
      }
    })();

    const today = new Date().toISOString().slice(0, 10);
    const sweepStart = await host("POST", `/api/sweeps?date=${today}`, "netops");
    const sweepId = String(sweepStart.body?.id ?? today);
    note(`sweep ${sweepId}: ${sweepStart.status}`);

    const vendIds: string[] = [];
    const vending = (async () => {
      for (let i = 0; i < VENDS; i++) {
        const archetype = i % 2 === 0 ? "sandbox" : "online";
        const body = {
          workloadName: `chaos-${archetype}-${i}`, archetype, environment: "dev", owners: ["alice@contoso.com"], costCenter: "cc-1234",
          budget: { amount: 500 }, regions: { primary: "eastus2" }, gpuQuota: [], network: { size: 26 }, dataClassification: "internal", justification: "chaos bench",
          ...(archetype === "sandbox" ? { expiresOn: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) } : {}),
        };
        const r = await host("POST", "/api/vending/requests", "pipeline", body, { "idempotency-key": `chaos-${SEED}-${i}` });
        if (r.body?.id) vendIds.push(String(r.body.id));
        else note(`vending request ${i}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      }
    })();

    // The faults: two host kills and one Azurite restart, at random points of the people's stream.
    const faultsDone: Record<string, unknown>[] = [];
    for (const step of plan) {
      while (written < step.at) await sleep(50);
      const t0 = Date.now();
      if (step.what === "kill") {
        // Our Azurite (after its restart) holds the ports the world's own start needs: it goes first.
        await azurite?.stop();
        azurite = undefined;
        await w.restart();
      } else {
        // Azurite restarted under a running host: stopped (it saves its data on SIGTERM) and
        // started again on the same ports and data, here, since the world does not supervise it.
        const pid = azuritePid(w.pid());
        if (pid) {
          process.kill(pid, "SIGTERM");
          while (isAlive(pid)) await sleep(100);
          await sleep(1000);
          azurite = await startAzurite({ dataDir: w.dataDir, ports: { blob: w.ports.blob, queue: w.ports.queue, table: w.ports.table } });
        }
      }
      faultsDone.push({ fault: step.what === "kill" ? "host SIGKILL + restart" : "Azurite restart", atWrite: step.at, downMs: Date.now() - t0 });
      note(`${step.what} at write ${step.at} (${Date.now() - t0} ms)`);
    }
    await stream;
    await vending;
    await emu("DELETE", "/_emulator/faults");
    print({ bench: "chaos.faults", faults: faultsDone, peopleWrites });

    // Settle: deliveries retried out, the sweep and every vending request terminal (or the timeout).
    const deadline = Date.now() + SETTLE_MS;
    const statusOf = async () => {
      const sweep = await host("GET", `/api/sweeps/${sweepId}`, "netops");
      const vends = await Promise.all(vendIds.map(async (id) => (await host("GET", `/api/vending/requests/${id}`, "pipeline")).body));
      return { sweep: String(sweep.body?.runtimeStatus ?? sweep.status), vends };
    };
    let st = await statusOf();
    while (Date.now() < deadline && (!TERMINAL.has(st.sweep) || st.vends.some((v) => !TERMINAL.has(String(v?.status))))) {
      await sleep(2000);
      st = await statusOf();
    }
    await sleep(5000);
    const stuck = [...(TERMINAL.has(st.sweep) ? [] : [`sweep ${sweepId}: ${st.sweep}`]), ...st.vends.filter((v) => !TERMINAL.has(String(v?.status))).map((v) => `vending ${v?.id}: ${v?.status}`)];
    print({ bench: "chaos.orchestrations", sweep: st.sweep, vending: st.vends.map((v) => ({ id: v?.id, status: v?.status, subscriptionId: v?.subscriptionId })), settleMs: SETTLE_MS });

    const summary = await reconcile(emulator.url, w.storageConnectionString, chaosStart, vms, st.vends);
    print({ bench: "chaos.summary", ...summary, orchestrationsStuck: stuck.length, stuck });
  } finally {
    await azurite?.stop();
    await world?.stop();
    await emulator.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Action types that change ARM (the others notify or record in ailz's own storage). */
const ARM_ACTIONS = new Set(["tag", "addTags", "removeTags", "deallocate", "setAmlMinNodes", "disablePublicNetworkAccess", "disableLocalAuth", "lowerQuotaAllocation", "moveToManagementGroup", "deleteResourceGroup", "createBudget", "createDiagnosticSetting"]);

/**
 * ailz's writes as the emulator saw them against what ailz's audit log says it did.
 * - expected: ARM-changing guardrail actions the audit log records as carried out (not dry run,
 *   not a no-op), one per (guardrail, action, resource);
 * - performed: those with a successful write by ailz (an app identity; people are users) on the
 *   resource in the emulator;
 * - lost: expected but never performed, plus ailz writes on a resource no audit entry names
 *   (vending's writes, on the subscriptions it vends, are accounted to their request);
 * - duplicated: one (guardrail, action, resource) carried out twice from the same observed state
 *   (equal `before`: the second did not see the first's effect), or a non-idempotent action
 *   (POST) that succeeded more than once on the same resource. Carried out again after the state
 *   changed (a person removed the tag again) is a second action, not a duplicate;
 * - vending: a Completed request whose subscription the emulator does not have is lost, more
 *   subscription aliases than requests are duplicates.
 */
async function reconcile(emulatorUrl: string, connectionString: string, since: string, vms: string[], vends: any[]) {
  const log = ((await (await fetch(`${emulatorUrl}/_emulator/rbac-log`)).json()) as { value: RbacLogEntry[] }).value;
  // A linked entry is the permission a write needs on another resource (joining a DDoS plan), not a write of its own.
  const ailzWrites = log.filter((e) => e.caller.idtyp === "app" && !e.linkedFrom && e.status >= 200 && e.status < 300 && e.method !== "GET" && !/\/read$/i.test(e.action) && e.time >= since);
  const stores = createStores({ connectionString });
  const audit = await stores.audit.query({ since, limit: 100_000 });
  const carried = audit.filter((a) => a.action.startsWith("action.") && !a.dryRun && a.outcome === "succeeded" && (a.details as { noop?: boolean } | undefined)?.noop !== true);
  const armCarried = carried.filter((a) => ARM_ACTIONS.has(a.action.slice("action.".length)));
  const keyOf = (a: { guardrail?: string; action: string; resourceId?: string }) => `${a.guardrail} ${a.action} ${String(a.resourceId).toLowerCase()}`;
  const groups = new Map<string, typeof carried>();
  for (const a of carried) groups.set(keyOf(a), [...(groups.get(keyOf(a)) ?? []), a]);
  const touches = (e: RbacLogEntry, id: string) => e.path.toLowerCase().includes(id.toLowerCase());
  const expected = [...new Set(armCarried.map(keyOf))];
  const resourceOf = (k: string) => k.split(" ")[2]!;
  const performed = expected.filter((k) => ailzWrites.some((e) => touches(e, resourceOf(k))));
  const audited = [...new Set(audit.map((a) => String(a.resourceId ?? "").toLowerCase()).filter(Boolean))];
  const vendedSubs = vends.map((v) => String(v?.subscriptionId ?? "")).filter(Boolean).map((s) => `/subscriptions/${s.toLowerCase()}`);
  const vendingWrite = (p: string) => vendedSubs.some((s) => p.toLowerCase().includes(s)) || /^\/providers\/microsoft\.(subscription|billing)\//i.test(p);
  const queries = (e: RbacLogEntry) => e.method === "POST" && /resourcegraph|\/querytables?$|\/query$|\/listkeys$|\/forecast$/i.test(e.path);
  const unaudited = ailzWrites.filter((e) => !queries(e) && !vendingWrite(e.path) && !audited.some((r) => touches(e, r)));
  const posts = new Map<string, number>();
  for (const e of ailzWrites.filter((x) => x.method === "POST" && !queries(x))) posts.set(`${e.action} ${e.path.toLowerCase()}`, (posts.get(`${e.action} ${e.path.toLowerCase()}`) ?? 0) + 1);
  // Which change each trigger was (the emulator's delivery log names the event's type and subject).
  const deliveries = ((await (await fetch(`${emulatorUrl}/_emulator/events/deliveries`)).json()) as { value: { eventIds: string[]; subjects: string[] }[] }).value;
  const subjectOf = new Map<string, string>();
  for (const d of deliveries) d.eventIds.forEach((id, i) => subjectOf.set(id, d.subjects[i] ?? ""));
  const describeTrigger = (a: (typeof carried)[number]) => {
    const trigger = String((a.details as { trigger?: string } | undefined)?.trigger);
    const subject = subjectOf.get(trigger);
    return `${a.at.slice(11, 23)} ${subject === undefined ? trigger : subject.toLowerCase() === String(a.resourceId).toLowerCase() ? "event: write of the resource" : `event: write of ${subject.slice(String(a.resourceId).length) || subject}`}`;
  };
  const duplicatedAudit = [...groups.entries()].flatMap(([k, g]) => {
    const seen = new Map<string, typeof g>();
    for (const a of g) seen.set(JSON.stringify(a.before ?? null), [...(seen.get(JSON.stringify(a.before ?? null)) ?? []), a]);
    // Under one trigger they are different decisions (audit ids are per trigger and rule): not a duplicate.
    const triggerOf = (a: (typeof g)[number]) => String((a.details as { trigger?: string } | undefined)?.trigger);
    return [...seen.values()].filter((same) => new Set(same.map(triggerOf)).size > 1).map((same) => `${k} carried out ${same.length}x from the same state (${same.map(describeTrigger).join("; ")})`);
  });
  // Provider registration is idempotent by contract (a second register of a Registered provider
  // changes nothing and answers Registered): asked again when an activity re-runs after a crash or
  // a failed sibling call, so it is counted apart, not as a duplicated action.
  const idempotentByContract = (k: string) => /\/register\/action /i.test(k);
  const repeated = [...posts.entries()].filter(([, n]) => n > 1);
  const duplicatedPosts = repeated.filter(([k]) => !idempotentByContract(k)).map(([k, n]) => `${k} ${n}x in the emulator`);
  const idempotentRepeats = repeated.filter(([k]) => idempotentByContract(k)).map(([k, n]) => `${k} ${n}x in the emulator`);
  const findings = await Promise.all(vms.map(async (id) => ({ id, open: (await stores.findings.openOn(id)).some((f) => f.guardrail === "shadowAi") })));
  const lostFindings = findings.filter((f) => !f.open).map((f) => f.id);
  const lost = [...expected.filter((k) => !performed.includes(k)).map((k) => `audited, not in the emulator: ${k}`), ...unaudited.map((e) => `in the emulator, not audited: ${e.method} ${e.path} (${e.action})`)];
  // Vending: one subscription per request (aliases by ailz, distinct names), each present in the emulator.
  const aliases = new Set(ailzWrites.filter((e) => e.method === "PUT" && /^\/providers\/microsoft\.subscription\/aliases\//i.test(e.path)).map((e) => e.path.toLowerCase()));
  const completed = vends.filter((v) => v?.status === "Completed");
  const missing: string[] = [];
  for (const v of completed) {
    const res = await fetch(`${emulatorUrl}/subscriptions/${v.subscriptionId}?api-version=2022-12-01`, { headers: { authorization: `Bearer ${personToken("platform.lead")}` } });
    await res.arrayBuffer();
    if (res.status !== 200) missing.push(`vending ${v.id}: Completed, subscription ${v.subscriptionId} ${res.status} in the emulator`);
  }
  const duplicatedVending = aliases.size > vends.length ? [`${aliases.size} subscription aliases for ${vends.length} vending requests`] : [];
  lost.push(...missing);
  const byType: Record<string, number> = {};
  for (const a of carried) byType[a.action] = (byType[a.action] ?? 0) + 1;
  return {
    ailzWritesInEmulator: ailzWrites.length,
    auditedActionsCarriedOut: byType,
    actionsExpected: expected.length,
    actionsPerformed: performed.length,
    actionsDuplicated: duplicatedAudit.length + duplicatedPosts.length + duplicatedVending.length,
    actionsLost: lost.length,
    vending: { requests: vends.length, completed: completed.length, subscriptionAliases: aliases.size },
    idempotentRepeats,
    handMadeVms: vms.length,
    findingsLost: lostFindings.length,
    examples: { duplicated: [...duplicatedAudit, ...duplicatedPosts, ...duplicatedVending].slice(0, 10), lost: lost.slice(0, 10), findingsLost: lostFindings.slice(0, 10) },
  };
}

/** The Azurite child of the world's process (Linux /proc). */
function azuritePid(worldPid: number | undefined): number | undefined {
  if (!worldPid) return undefined;
  for (const t of fs.readdirSync(`/proc/${worldPid}/task`)) {
    for (const c of fs.readFileSync(`/proc/${worldPid}/task/${t}/children`, "utf8").trim().split(/\s+/).filter(Boolean)) {
      if (fs.readFileSync(`/proc/${c}/cmdline`, "utf8").includes("azurite")) return Number(c);
    }
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:chaos failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
