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

/**
 * Reads the Functions storage settings: AzureWebJobsStorage (connection string), or the
 * identity-based AzureWebJobsStorage__accountName with optional __credential=managedidentity,
 * __clientId (user-assigned identity), __tableServiceUri and __blobServiceUri; AILZ_TABLE_PREFIX.
 */
export function storeConfigFromEnv(
  env: Record<string, string | undefined>,
  makeCredential: (opts: { clientId?: string; managedIdentity: boolean }) => TokenCredential,
): StoreConfig {
  const tablePrefix = env.AILZ_TABLE_PREFIX ?? "";
  const cs = env.AzureWebJobsStorage?.trim();
  if (cs) return parseStoreConfig({ connectionString: cs, tablePrefix });
  const accountName = env.AzureWebJobsStorage__accountName?.trim();
  if (!accountName) {
    throw new StoreConfigError(
      "AzureWebJobsStorage",
      "storage is not configured: set AzureWebJobsStorage (connection string) or AzureWebJobsStorage__accountName (identity-based)",
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
    tableEndpoint: env.AzureWebJobsStorage__tableServiceUri || undefined,
    blobEndpoint: env.AzureWebJobsStorage__blobServiceUri || undefined,
    tablePrefix,
  });
}
