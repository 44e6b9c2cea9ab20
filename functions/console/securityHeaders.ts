/**
 * Headers for every console response. The page holds the function key in its own URL, so: no
 * referrer leaves it, nothing may frame it, and only its own script runs (inline styles are
 * allowed for the report it shows in a sandboxed frame; scripts never are). `frame-src blob:`
 * lets it show report HTML it fetched with the key, without putting the key in a URL.
 */
const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "frame-src blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

export const securityHeaders: Readonly<Record<string, string>> = {
  "content-security-policy": CONSOLE_CSP,
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "cache-control": "no-store",
};
