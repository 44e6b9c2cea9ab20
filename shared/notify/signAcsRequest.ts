import { createHash, createHmac } from "node:crypto";

/**
 * Azure Communication Services access-key (HMAC-SHA256) request signing, as documented in
 * "Sign an HTTP request with HMAC": string to sign = VERB \n path?query \n date;host;content-hash,
 * keyed with the base64-decoded access key.
 */
export function signAcsRequest(opts: { method: string; url: string; body: string; accessKey: string; date?: Date }): Record<string, string> {
  const url = new URL(opts.url);
  const date = (opts.date ?? new Date()).toUTCString();
  const contentHash = createHash("sha256").update(opts.body, "utf8").digest("base64");
  const stringToSign = `${opts.method.toUpperCase()}\n${url.pathname}${url.search}\n${date};${url.host};${contentHash}`;
  const signature = createHmac("sha256", Buffer.from(opts.accessKey, "base64")).update(stringToSign, "utf8").digest("base64");
  return {
    "x-ms-date": date,
    "x-ms-content-sha256": contentHash,
    authorization: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`,
  };
}

/** `endpoint=https://x.communication.azure.com/;accesskey=...` -> its parts. */
export function parseAcsConnectionString(cs: string): { endpoint: string; accessKey: string } {
  const parts = Object.fromEntries(
    cs.split(";").filter(Boolean).map((kv) => {
      const i = kv.indexOf("=");
      return [kv.slice(0, i).trim().toLowerCase(), kv.slice(i + 1).trim()];
    }),
  );
  if (!parts.endpoint) throw new Error("ACS connection string: endpoint is missing");
  if (!parts.accesskey) throw new Error("ACS connection string: accesskey is missing");
  return { endpoint: parts.endpoint, accessKey: parts.accesskey };
}
