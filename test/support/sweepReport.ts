/** A fetch against ailz's /api/ with the key and a signed-in caller (each suite builds its own). */
type Api = (path: string, init?: RequestInit) => Promise<Response>;

/**
 * Starts a sweep (a dry run when asked) through the API, follows it until it completes (throws
 * when it fails or does not finish) and returns its morning report as JSON.
 */
export async function sweepReport(api: Api, dryRun = false): Promise<any> {
  const r = await api(`sweeps${dryRun ? "?dryRun=true" : ""}`, { method: "POST" });
  const text = await r.text();
  if (r.status !== 200 && r.status !== 202) throw new Error(`starting the sweep: ${r.status} ${text}`);
  const { id } = JSON.parse(text) as { id: string };
  for (let i = 0; ; i++) {
    if (i === 900) throw new Error(`sweep ${id} did not finish in 180 s`);
    const s = await api(`sweeps/${id}`);
    if (s.status === 200) {
      const status = (await s.json()) as { runtimeStatus: string };
      if (status.runtimeStatus === "Completed") break;
      if (status.runtimeStatus === "Failed") throw new Error(`sweep ${id} failed: ${JSON.stringify(status)}`);
    }
    await new Promise((res) => setTimeout(res, 200));
  }
  return (await api(`reports/${id.replace(/-dryrun$/, "")}?format=json${dryRun ? "&dryRun=true" : ""}`)).json();
}
