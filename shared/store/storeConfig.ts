import type { TokenCredential } from "@azure/identity";
import { z } from "zod";
import { StoreConfigError } from "./errors";

// Either a connection string (Azurite locally, or a key-based account) or an account name plus a
// TokenCredential (identity-based AzureWebJobsStorage, as deployed: shared keys are disabled on
// the account). The prefix lets tests and side-by-side deployments share one account.

const tablePrefix = z
  .string()
  .regex(/^([A-Za-z][A-Za-z0-9]{0,29})?$/, "tablePrefix must be letters and digits, starting with a letter, at most 30 chars")
  .default("");

const isCredential = (v: unknown): v is TokenCredential => typeof (v as TokenCredential | null)?.getToken === "function";

export const StoreConfig = z.union([
  z.object({ connectionString: z.string().min(1), tablePrefix }),
  z.object({
    accountName: z.string().regex(/^[a-z0-9]{3,24}$/, "accountName must be 3-24 lower-case letters and digits"),
    credential: z.custom<TokenCredential>(isCredential, "credential must be a TokenCredential"),
    tableEndpoint: z.url().optional(),
    blobEndpoint: z.url().optional(),
    tablePrefix,
  }),
]);
export type StoreConfig = z.infer<typeof StoreConfig>;
export type StoreConfigInput = z.input<typeof StoreConfig>;

export function parseStoreConfig(input: unknown): StoreConfig {
  const r = StoreConfig.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues.flatMap((i) => ("errors" in i && Array.isArray(i.errors) ? i.errors.flat() : [i]));
  const first = issues.find((i) => i.path.length > 0) ?? issues[0];
  const field = first?.path.join(".") || "connectionString|accountName";
  throw new StoreConfigError(field, `store config: ${field}: ${first?.message ?? "invalid"}`);
}

/** The account a service URI names: `https://<account>.<service>.core.windows.net/`, or Azurite's path-style `http://host:port/<account>`. */
function accountOfServiceUri(uri: string, setting: string): string {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new StoreConfigError(setting, `${setting} must be an absolute URL, got "${uri}"`);
  }
  const pathAccount = url.pathname.split("/").find((s) => s !== "");
  if (pathAccount && /^[0-9.]+$|^localhost$/i.test(url.hostname)) return pathAccount;
  return url.hostname.split(".")[0]!;
}

/**
 * Reads the Functions storage settings: AzureWebJobsStorage (connection string), or the
 * identity-based form: AzureWebJobsStorage__accountName, or the service URIs
 * (__blobServiceUri + __tableServiceUri; the host needs __queueServiceUri too, which ailz's own
 * code does not use), with optional __credential=managedidentity and __clientId (user-assigned
 * identity); AILZ_TABLE_PREFIX. The service-URI form is what infra/app/api.bicep deploys.
 */
export function storeConfigFromEnv(
  env: Record<string, string | undefined>,
  makeCredential: (opts: { clientId?: string; managedIdentity: boolean }) => TokenCredential,
): StoreConfig {
  const tablePrefix = env.AILZ_TABLE_PREFIX ?? "";
  const cs = env.AzureWebJobsStorage?.trim();
  if (cs) return parseStoreConfig({ connectionString: cs, tablePrefix });
  const blobEndpoint = env.AzureWebJobsStorage__blobServiceUri?.trim() || undefined;
  const tableEndpoint = env.AzureWebJobsStorage__tableServiceUri?.trim() || undefined;
  let accountName = env.AzureWebJobsStorage__accountName?.trim();
  if (!accountName && (blobEndpoint || tableEndpoint)) {
    // With service URIs and no account name, both services ailz uses must be named.
    if (!blobEndpoint) throw new StoreConfigError("AzureWebJobsStorage__blobServiceUri", "AzureWebJobsStorage__blobServiceUri is required with AzureWebJobsStorage__tableServiceUri");
    if (!tableEndpoint) throw new StoreConfigError("AzureWebJobsStorage__tableServiceUri", "AzureWebJobsStorage__tableServiceUri is required with AzureWebJobsStorage__blobServiceUri");
    const fromBlob = accountOfServiceUri(blobEndpoint, "AzureWebJobsStorage__blobServiceUri");
    const fromTable = accountOfServiceUri(tableEndpoint, "AzureWebJobsStorage__tableServiceUri");
    if (fromBlob !== fromTable) {
      throw new StoreConfigError("AzureWebJobsStorage__tableServiceUri", `AzureWebJobsStorage__blobServiceUri and __tableServiceUri name different accounts ("${fromBlob}", "${fromTable}")`);
    }
    accountName = fromBlob;
  }
  if (!accountName) {
    throw new StoreConfigError(
      "AzureWebJobsStorage",
      "storage is not configured: set AzureWebJobsStorage (connection string), AzureWebJobsStorage__accountName, or AzureWebJobsStorage__blobServiceUri and __tableServiceUri (identity-based)",
    );
  }
  const clientId = env.AzureWebJobsStorage__clientId?.trim() || undefined;
  const credentialKind = env.AzureWebJobsStorage__credential?.trim().toLowerCase();
  if (credentialKind && credentialKind !== "managedidentity") {
    throw new StoreConfigError("AzureWebJobsStorage__credential", `AzureWebJobsStorage__credential must be "managedidentity", got "${credentialKind}"`);
  }
  return parseStoreConfig({
    accountName,
    credential: makeCredential({ clientId, managedIdentity: credentialKind === "managedidentity" || clientId !== undefined }),
    tableEndpoint,
    blobEndpoint,
    tablePrefix,
  });
}
