// Helpers over ARM resource ids ("/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}/...").

export interface ParsedResourceId {
  subscriptionId?: string;
  resourceGroup?: string;
  /** e.g. "Microsoft.Compute" */
  namespace?: string;
  /** Full type, e.g. "Microsoft.Network/virtualNetworks/subnets" */
  type?: string;
  name?: string;
  /** Id of the parent resource for child resources. */
  parentId?: string;
}

export function subscriptionOf(id: string): string | undefined {
  const m = /^\/subscriptions\/([^/]+)/i.exec(id);
  return m ? m[1] : undefined;
}

export function resourceGroupOf(id: string): string | undefined {
  const m = /^\/subscriptions\/[^/]+\/resourcegroups\/([^/]+)/i.exec(id);
  return m ? m[1] : undefined;
}

/** Parses the last `providers/{ns}/...` section (extension resources nest under another id). */
export function parseResourceId(id: string): ParsedResourceId {
  const segs = id.split("/").filter(Boolean);
  const out: ParsedResourceId = { subscriptionId: subscriptionOf(id), resourceGroup: resourceGroupOf(id) };
  let p = -1;
  for (let i = segs.length - 1; i >= 0; i--) if (segs[i]!.toLowerCase() === "providers") { p = i; break; }
  if (p < 0 || p + 3 > segs.length) return out;
  const rest = segs.slice(p + 2);
  out.namespace = segs[p + 1];
  const types: string[] = [];
  for (let i = 0; i < rest.length; i += 2) types.push(rest[i]!);
  out.type = [out.namespace, ...types].join("/");
  out.name = rest.length % 2 === 0 ? rest[rest.length - 1] : undefined;
  if (rest.length >= 4) out.parentId = "/" + segs.slice(0, segs.length - 2).join("/");
  return out;
}

export function normalizeId(id: string): string {
  return id.replace(/\/+$/, "").toLowerCase();
}
