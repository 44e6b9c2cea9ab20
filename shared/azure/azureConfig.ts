import { z } from "zod";

/**
 * The control plane's own identity in local mode (fixed, documented in shared/azure/README.md).
 * The local world grants it infra/roles' roles in an RBAC-enforcing emulator (local/startLocal.ts).
 */
export const LOCAL_IDENTITY_OBJECT_ID = "00000000-0000-0000-0000-0000000a11ce";
/**
 * Same tenant as the emulator's default estate, so local tokens and estate agree.
 * @internal Exported for the settings-contract test, which fails when Azure would fall back to it. */
export const LOCAL_TENANT_ID = "7a11ce00-0000-4000-8000-000000000001";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const azureConfigSchema = z.object({
  AILZ_IDENTITY_OBJECT_ID: optionalString.pipe(z.string().default(LOCAL_IDENTITY_OBJECT_ID)),
  AILZ_TENANT_ID: optionalString,
  AZURE_TENANT_ID: optionalString,
  /** Client id of the user-assigned managed identity the Function App runs as. */
  AZURE_CLIENT_ID: optionalString,
  /** The public ARM endpoint that the SDK clients address (sovereign clouds differ). */
  AILZ_ARM_AUDIENCE_ENDPOINT: optionalString.pipe(z.url().default("https://management.azure.com")),
  AILZ_ARM_MAX_RETRIES: z.coerce.number().int().min(0).max(50).default(10),
  AILZ_ARM_RETRY_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(800),
  AILZ_ARM_MAX_RETRY_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(60_000),
});

export type AzureConfig = z.infer<typeof azureConfigSchema>;

/** Parse the Azure settings once at start-up; a bad value stops start-up with the setting named. */
export function loadAzureConfig(env: Record<string, string | undefined> = process.env): AzureConfig {
  const parsed = azureConfigSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid Azure settings: ${issues}`);
  }
  return parsed.data;
}

export function tenantIdOf(config: AzureConfig): string {
  return config.AILZ_TENANT_ID ?? config.AZURE_TENANT_ID ?? LOCAL_TENANT_ID;
}
