// `npm start` configuration from the environment (what spawnLocal and users set), validated once,
// before anything starts: a bad value stops start-up with the variable's name.
import { z } from "zod";
import { EventRetentionDays } from "../shared/store/createStores";
import { EventFamilies } from "../shared/azure/eventGrid/eventFamilyTopics";
import { StartUpError } from "./StartUpError";

const PORT_RULE = "must be a port number from 0 to 65535 (0 = any free port)";
const Port = z
  .string()
  .regex(/^\d{1,5}$/, PORT_RULE)
  .transform(Number)
  .refine((n) => n <= 65535, PORT_RULE);

/** The setting behind each port of the local world, for messages that tell the user what to change. */
export const PORT_SETTINGS = {
  host: "AILZ_HOST_PORT",
  emulator: "AILZ_EMULATOR_PORT",
  sink: "AILZ_SINK_PORT",
  blob: "AILZ_AZURITE_BLOB_PORT",
  queue: "AILZ_AZURITE_QUEUE_PORT",
  table: "AILZ_AZURITE_TABLE_PORT",
} as const;

export const StartEnv = z.object({
  AILZ_HOST_PORT: Port.default(7071),
  AILZ_EMULATOR_PORT: Port.default(7072),
  AILZ_SINK_PORT: Port.default(7073),
  AILZ_AZURITE_BLOB_PORT: Port.default(10000),
  AILZ_AZURITE_QUEUE_PORT: Port.default(10001),
  AILZ_AZURITE_TABLE_PORT: Port.default(10002),
  AILZ_DATA_DIR: z.string().min(1, "must not be empty").default(".ailz"),
  AILZ_APP_ENTRY: z.string().min(1, "must not be empty").default("functions/index.ts"),
  /** "false" runs without the ARM emulator; otherwise a path to an estate JSON file. */
  AILZ_ESTATE: z.string().min(1, "must not be empty").optional(),
  /** The lowest level the terminal shows once the world is up; the log file always gets everything. */
  AILZ_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"], "must be one of debug, info, warn, error").default("info"),
  /** Default <data dir>/ailz.log. */
  AILZ_LOG_FILE: z.string().min(1, "must not be empty").optional(),
  /** Which topic families the local wiring subscribes to resourceEvents (as infra's `eventFamilies`). */
  AILZ_EVENT_FAMILIES: z.enum(EventFamilies.options, "must be one of resources, resourceNotifications, both").default("both"),
  /**
   * "enforce": the ARM emulator enforces RBAC (Azure's 403 AuthorizationFailed) and ailz's identity
   * holds exactly what infra/roles grants it; "record" (default): every call allowed and logged.
   */
  AILZ_EMULATOR_RBAC: z.enum(["record", "enforce"], "must be one of record, enforce").default("record"),
  /** The role files the enforced grants come from; default infra/roles (a test withholds a grant with a copy). */
  AILZ_EMULATOR_ROLES_DIR: z.string().min(1, "must not be empty").optional(),
  /**
   * "disk" (default): Azurite keeps its data under the data folder across restarts. "memory":
   * nothing is written to disk, and none of the whole-database saves Azurite's disk mode makes
   * every 5 s on the thread that serves requests (each one pauses every table call in flight for
   * as long as the save takes, which grows with the data): for benches and throwaway worlds.
   */
  AILZ_AZURITE_PERSISTENCE: z.enum(["disk", "memory"], "must be one of disk, memory").default("disk"),
  /** The app's own setting (shared/store/createStores.ts), checked here so a bad value stops `npm start` before anything is written. */
  AILZ_EVENT_RETENTION_DAYS: EventRetentionDays,
});
export type StartEnv = z.infer<typeof StartEnv>;

export function readStartEnv(env: NodeJS.ProcessEnv = process.env): StartEnv {
  const parsed = StartEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    throw new StartUpError(`${name}: ${issue.message}, got "${env[name]}"`);
  }
  return parsed.data;
}

/** `AILZ_DEBUG=1` (any value but empty, 0 or false): start-up errors come with their stack trace. */
export function debugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.AILZ_DEBUG?.trim().toLowerCase();
  return v !== undefined && v !== "" && v !== "0" && v !== "false";
}
