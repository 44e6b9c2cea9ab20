/**
 * `APPLICATIONINSIGHTS_AUTHENTICATION_STRING` as Azure Functions documents it:
 * `Authorization=AAD` (system-assigned identity) or `Authorization=AAD;ClientId=<guid>`
 * (user-assigned). Returns undefined when unset; throws naming the setting when malformed.
 */
export function parseAuthenticationString(value: string | undefined): { clientId?: string } | undefined {
  if (!value?.trim()) return undefined;
  const parts = new Map<string, string>();
  for (const part of value.split(";")) {
    if (!part.trim()) continue;
    const eq = part.indexOf("=");
    if (eq <= 0) throw new Error(`APPLICATIONINSIGHTS_AUTHENTICATION_STRING: expected key=value pairs, got "${part}"`);
    parts.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  if (parts.get("authorization")?.toUpperCase() !== "AAD") throw new Error("APPLICATIONINSIGHTS_AUTHENTICATION_STRING: Authorization must be AAD");
  const clientId = parts.get("clientid");
  return clientId ? { clientId } : {};
}
