/** The parts of an ARM resource id that guardrails need. */
export interface ResourceIdParts {
  subscriptionId?: string;
  resourceGroup?: string;
  /** Lower-case full type, e.g. `microsoft.cognitiveservices/accounts/deployments`. */
  type?: string;
  name?: string;
  managementGroup?: string;
}

/** Splits an ARM id; tolerant of case and of a trailing slash, never throws. */
export function parseResourceId(id: string): ResourceIdParts {
  const segs = id.split("/").filter((s) => s.length > 0);
  const parts: ResourceIdParts = {};
  let i = 0;
  while (i < segs.length) {
    const key = segs[i]!.toLowerCase();
    if (key === "subscriptions" && segs[i + 1]) {
      parts.subscriptionId = segs[i + 1]!.toLowerCase();
      i += 2;
    } else if (key === "resourcegroups" && segs[i + 1]) {
      parts.resourceGroup = segs[i + 1];
      i += 2;
    } else if (key === "providers" && segs[i + 1]) {
      const namespace = segs[i + 1]!;
      const rest = segs.slice(i + 2);
      if (namespace.toLowerCase() === "microsoft.management" && rest[0]?.toLowerCase() === "managementgroups") {
        parts.managementGroup = rest[1];
      }
      // Nested types alternate type/name: accounts/a1/deployments/d1.
      const types: string[] = [];
      let name: string | undefined;
      for (let j = 0; j < rest.length; j += 2) {
        types.push(rest[j]!);
        name = rest[j + 1];
      }
      if (types.length > 0) parts.type = `${namespace}/${types.join("/")}`.toLowerCase();
      if (name !== undefined) parts.name = name;
      break;
    } else {
      i += 1;
    }
  }
  return parts;
}
