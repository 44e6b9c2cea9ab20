// The parts of host.json the local host honours, read from the function app's root.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

const HostJson = z.looseObject({
  version: z.string().optional(),
  extensions: z
    .looseObject({
      durableTask: z
        .looseObject({
          hubName: z.string().optional(),
          maxConcurrentActivityFunctions: z.number().int().positive().optional(),
          maxConcurrentOrchestratorFunctions: z.number().int().positive().optional(),
        })
        .optional(),
    })
    .optional(),
});

export interface HostSettings {
  taskHub: string;
  maxConcurrentActivities?: number;
  maxConcurrentOrchestrations?: number;
}

const DEFAULT_TASK_HUB = "ailzlocal";

/** The function app root: the nearest folder at or above the entry holding host.json or package.json. */
export function findAppRoot(appEntry: string): string {
  let dir = path.dirname(path.resolve(appEntry));
  for (;;) {
    if (fs.existsSync(path.join(dir, "host.json")) || fs.existsSync(path.join(dir, "package.json"))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return path.dirname(path.resolve(appEntry));
    dir = up;
  }
}

export function readHostJson(appRoot: string): HostSettings {
  const file = path.join(appRoot, "host.json");
  if (!fs.existsSync(file)) return { taskHub: DEFAULT_TASK_HUB };
  const parsed = HostJson.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join(".")}: ${issue.message}`);
  }
  const dt = parsed.data.extensions?.durableTask;
  // `%Name%` in host.json is an app setting reference, resolved as the host does.
  const hub = (dt?.hubName ?? DEFAULT_TASK_HUB).replace(/%([^%]+)%/g, (_, name: string) => process.env[name] ?? "");
  const taskHub = hub || DEFAULT_TASK_HUB;
  if (!/^[A-Za-z][A-Za-z0-9]{2,44}$/.test(taskHub)) throw new Error(`${file}: extensions.durableTask.hubName: "${taskHub}" must be 3-45 letters and digits, starting with a letter`);
  return { taskHub, maxConcurrentActivities: dt?.maxConcurrentActivityFunctions, maxConcurrentOrchestrations: dt?.maxConcurrentOrchestratorFunctions };
}
