import type { AccessToken, TokenCredential } from "@azure/core-auth";

export interface LocalTokenClaims {
  oid: string;
  tid: string;
  appid?: string;
  idtyp?: "user" | "app";
  upn?: string;
  name?: string;
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/**
 * An unsigned JWT (alg "none") for the ARM emulator, which reads the caller from the payload
 * without verifying a signature; the claim names are those Entra ID puts in ARM tokens.
 */
function mintLocalToken(claims: LocalTokenClaims, lifetimeSeconds = 24 * 3600): { token: string; expiresOnTimestamp: number } {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const exp = nowSeconds + lifetimeSeconds;
  const payload = {
    aud: "https://management.azure.com/",
    iss: `https://sts.windows.net/${claims.tid}/`,
    iat: nowSeconds,
    nbf: nowSeconds,
    exp,
    idtyp: claims.idtyp ?? "app",
    ...claims,
  };
  return { token: `${b64url({ alg: "none", typ: "JWT" })}.${b64url(payload)}.`, expiresOnTimestamp: exp * 1000 };
}

/** A credential that always hands out the same bearer token: the emulator checks no signature. */
export class StaticTokenCredential implements TokenCredential {
  constructor(private readonly source: () => { token: string; expiresOnTimestamp: number }) {}

  static fromToken(token: string): StaticTokenCredential {
    // The emulator ignores expiry; tell the SDK the token is good for a day so it never refreshes mid-test.
    return new StaticTokenCredential(() => ({ token, expiresOnTimestamp: Date.now() + 24 * 3600 * 1000 }));
  }

  static forIdentity(claims: LocalTokenClaims): StaticTokenCredential {
    return new StaticTokenCredential(() => mintLocalToken(claims));
  }

  async getToken(): Promise<AccessToken> {
    return this.source();
  }
}
