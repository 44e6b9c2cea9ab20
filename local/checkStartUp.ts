// Everything start-up can get wrong that the user can fix, checked before anything is written:
// a failed check leaves the data folder as it was (not even created). Settings and files first,
// then the policy, then every port, so one run names every taken port at once.
import fs from "node:fs";
import { loadPolicy } from "../shared/config/loadPolicy";
import { checkPortFree, PortInUseError } from "./azurite/checkPortFree";
import { findFunctionKey } from "./host/functionKey";
import { StartUpError } from "./StartUpError";

export interface PlannedPort {
  role: string;
  /** 0 = any free port, never taken. */
  port: number;
  /** The environment variable that sets it. */
  setting: string;
}

export interface StartUpPlan {
  dataDir: string;
  appEntry: string;
  /** An estate JSON file the emulator will load. */
  estateFile?: string;
  /** The policy file the app will load; validated with the settings in process.env. */
  policyFile?: string;
  functionKey?: string;
  ports: PlannedPort[];
  host?: string;
}

export async function checkStartUp(plan: StartUpPlan): Promise<void> {
  const dataDir = fs.statSync(plan.dataDir, { throwIfNoEntry: false });
  if (dataDir && !dataDir.isDirectory()) throw new StartUpError(`AILZ_DATA_DIR: ${plan.dataDir} exists and is not a directory`);
  if (!fs.existsSync(plan.appEntry)) throw new StartUpError(`AILZ_APP_ENTRY: no such file ${plan.appEntry}`);
  if (plan.estateFile !== undefined && !fs.existsSync(plan.estateFile)) throw new StartUpError(`AILZ_ESTATE: no such file ${plan.estateFile}`);
  findFunctionKey(plan.dataDir, plan.functionKey);
  // The app loads the policy again itself; this load only makes a bad file fail before any write.
  if (plan.policyFile !== undefined) loadPolicy(plan.policyFile, { env: process.env });

  const fixed = plan.ports.filter((p) => p.port !== 0);
  for (const [i, p] of fixed.entries()) {
    const twin = fixed.slice(0, i).find((q) => q.port === p.port);
    if (twin) throw new StartUpError(`${twin.setting} and ${p.setting} are both ${p.port}; every part of the local world needs its own port`);
  }
  const outcomes = await Promise.allSettled(fixed.map((p) => checkPortFree(p.port, p.role, plan.host, p.setting)));
  const taken: PortInUseError[] = [];
  for (const o of outcomes) {
    if (o.status === "fulfilled") continue;
    if (!(o.reason instanceof PortInUseError)) throw o.reason;
    taken.push(o.reason);
  }
  if (taken.length === 1) throw taken[0];
  if (taken.length > 1) throw new StartUpError([`${taken.length} ports are already in use:`, ...taken.map((e) => `  ${e.message}`)].join("\n"));
}
