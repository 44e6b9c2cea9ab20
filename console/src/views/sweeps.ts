import { api, notDeployed, problem } from "../api";
import { el, pill, setBody, setNote, table, when } from "../dom";
import { reportLinks } from "./reportLinks";

interface Sweep {
  id: string;
  runtimeStatus?: string;
  createdTime?: string;
  lastUpdatedTime?: string;
  progress?: { phase?: string; batchesTotal?: number; batchesDone?: number; dryRun?: boolean; failedBatches?: number[] } | null;
  output?: { totals?: { done: number; wouldDo: number; flagged: number; failed: number } };
}

const TERMINAL = new Set(["Completed", "Failed", "Terminated", "Canceled"]);
const POLL_MS = 1000;
const sweeps = new Map<string, Sweep>();
const polling = new Set<string>();
const isDry = (s: Sweep) => !!s.progress?.dryRun || /-dryrun$/.test(s.id);

function render(): void {
  const ids = [...sweeps.keys()].sort().reverse();
  if (ids.length === 0) {
    setNote("sweeps", "No sweep today yet. Start a dry run to see what the nightly sweep would do (nothing is changed).");
    setBody("sweeps", []);
    return;
  }
  setNote("sweeps", "");
  const rows = ids.map((id) => {
    const s = sweeps.get(id)!;
    const p = s.progress ?? {};
    const total = Number(p.batchesTotal) || 0;
    const done = Number(p.batchesDone) || 0;
    const bar = el("progress", { attrs: { max: String(total || 1), value: String(total ? done : s.runtimeStatus === "Completed" ? 1 : 0), "aria-label": `Sweep ${id} batches done` } });
    const out = s.output?.totals;
    return [
      el("td", {}, [el("code", { className: "token", text: id })]),
      el("td", {}, [pill(s.runtimeStatus ?? "Unknown"), isDry(s) ? " " : "", isDry(s) ? pill("dry run", "dry") : null]),
      el("td", {}, [el("span", { text: `${p.phase ?? "—"} · ${done}/${total} batches ` }), bar, p.failedBatches?.length ? el("span", { className: "warnline", text: `failed batches: ${p.failedBatches.join(", ")}` }) : null]),
      el("td", { text: out ? `${out.done} done, ${out.wouldDo} would do, ${out.flagged} flagged, ${out.failed} failed` : "—" }),
      when(s.createdTime),
      when(s.lastUpdatedTime),
    ];
  });
  const nodes: Node[] = [table("Sweeps started today or from this page", ["Sweep", "Status", "Progress", "Outcome", "Started", "Updated"], rows)];
  for (const id of ids) {
    if (sweeps.get(id)!.runtimeStatus === "Completed" && /-dryrun$/.test(id)) nodes.push(el("h3", { text: `Report of ${id}` }), reportLinks(`reports/${id.replace(/-dryrun$/, "")}?dryRun=true&`, "the dry-run report"));
  }
  setBody("sweeps", nodes);
}

async function poll(id: string, onDone: () => void): Promise<void> {
  if (polling.has(id)) return;
  polling.add(id);
  try {
    for (;;) {
      const r = await api<Sweep>("GET", `sweeps/${encodeURIComponent(id)}`);
      if (r.status !== 200 || !r.body) {
        if (r.status !== 401) setNote("sweeps", `Could not read sweep ${id}. ${problem(r)}`, true);
        return;
      }
      sweeps.set(id, r.body);
      render();
      if (TERMINAL.has(r.body.runtimeStatus ?? "")) return onDone();
      await new Promise((res) => setTimeout(res, POLL_MS));
    }
  } finally {
    polling.delete(id);
  }
}

/** Today's sweep and dry run, followed until they finish; `onDone` refreshes what a sweep changes. */
export async function loadSweeps(onDone: () => void): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  const found = await Promise.all([today, `${today}-dryrun`].map(async (id) => ({ id, r: await api<Sweep>("GET", `sweeps/${id}`) })));
  for (const { id, r } of found) {
    if (r.status === 401) return;
    if (notDeployed(r)) {
      setNote("sweeps", "Sweeps are not available: this ailz deployment has no sweeps API (404).");
      (document.getElementById("start-sweep") as HTMLButtonElement).disabled = true;
      return;
    }
    if (r.status === 200 && r.body) {
      sweeps.set(id, r.body);
      if (!TERMINAL.has(r.body.runtimeStatus ?? "")) void poll(id, onDone);
    }
  }
  render();
}

export async function startSweep(onDone: () => void): Promise<void> {
  const button = document.getElementById("start-sweep") as HTMLButtonElement;
  button.disabled = true;
  try {
    const r = await api<{ id: string; runtimeStatus: string; started: boolean }>("POST", "sweeps?dryRun=true");
    if (notDeployed(r)) return setNote("sweeps", "Sweeps are not available: this ailz deployment has no sweeps API (404).");
    if ((r.status !== 202 && r.status !== 200) || !r.body) {
      if (r.status !== 401) setNote("sweeps", `Could not start a sweep. ${problem(r)}`, true);
      return;
    }
    if (!sweeps.has(r.body.id)) sweeps.set(r.body.id, { id: r.body.id, runtimeStatus: r.body.runtimeStatus, progress: null });
    render();
    if (!r.body.started) setNote("sweeps", `Today's dry run ${r.body.id} already exists (${r.body.runtimeStatus}); showing it.`);
    await poll(r.body.id, onDone);
  } finally {
    button.disabled = false;
  }
}
