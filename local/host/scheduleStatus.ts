// Timer schedule status, the record Azure keeps per timer function (blob
// azure-webjobs-hosts/timers/<host>/<function>/status); locally a JSON file per function.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

export const ScheduleStatus = z.object({
  last: z.iso.datetime(),
  next: z.iso.datetime(),
  lastUpdated: z.iso.datetime(),
  /** Local addition: the expression the status was computed for, to notice schedule changes. */
  schedule: z.string().optional(),
});
export type ScheduleStatus = z.infer<typeof ScheduleStatus>;

/** @internal */
export function statusFile(dataDir: string, functionName: string): string {
  return path.join(dataDir, "timers", `${functionName}.status.json`);
}

export function readScheduleStatus(dataDir: string, functionName: string): ScheduleStatus | undefined {
  const file = statusFile(dataDir, functionName);
  if (!fs.existsSync(file)) return undefined;
  const parsed = ScheduleStatus.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
  // A damaged status is treated as absent: the timer restarts its schedule from now.
  return parsed.success ? parsed.data : undefined;
}

export function writeScheduleStatus(dataDir: string, functionName: string, status: ScheduleStatus): void {
  const file = statusFile(dataDir, functionName);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(status, null, 2) + "\n");
  fs.renameSync(tmp, file);
}
