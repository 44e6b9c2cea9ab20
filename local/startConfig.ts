// `npm start` configuration from the environment (what spawnLocal and users set), validated once.
import { z } from "zod";

const Port = z.coerce.number().int().min(0).max(65535);

export const StartEnv = z.object({
  AILZ_HOST_PORT: Port.default(7071),
  AILZ_EMULATOR_PORT: Port.default(7072),
  AILZ_SINK_PORT: Port.default(7073),
  AILZ_AZURITE_BLOB_PORT: Port.default(10000),
  AILZ_AZURITE_QUEUE_PORT: Port.default(10001),
  AILZ_AZURITE_TABLE_PORT: Port.default(10002),
  AILZ_DATA_DIR: z.string().min(1).default(".ailz"),
  AILZ_APP_ENTRY: z.string().min(1).default("functions/index.ts"),
  /** "false" runs without the ARM emulator; otherwise a path to an estate JSON file. */
  AILZ_ESTATE: z.string().min(1).optional(),
});
export type StartEnv = z.infer<typeof StartEnv>;

export function readStartEnv(env: NodeJS.ProcessEnv = process.env): StartEnv {
  const parsed = StartEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}
