// RPC cookie -> Set-Cookie header value (RFC 6265), as the host writes them.
import type { RpcHttpCookie } from "./coreTypes";

export function formatSetCookie(c: RpcHttpCookie): string {
  const parts = [`${c.name ?? ""}=${c.value ?? ""}`];
  if (c.domain?.value) parts.push(`Domain=${c.domain.value}`);
  if (c.path?.value) parts.push(`Path=${c.path.value}`);
  const seconds = c.expires?.value?.seconds;
  if (typeof seconds === "number") parts.push(`Expires=${new Date(seconds * 1000).toUTCString()}`);
  if (typeof c.maxAge?.value === "number") parts.push(`Max-Age=${Math.trunc(c.maxAge.value)}`);
  if (c.secure?.value) parts.push("Secure");
  if (c.httpOnly?.value) parts.push("HttpOnly");
  if (c.sameSite === "lax") parts.push("SameSite=Lax");
  else if (c.sameSite === "strict") parts.push("SameSite=Strict");
  else if (c.sameSite === "explicitNone") parts.push("SameSite=None");
  return parts.join("; ");
}
