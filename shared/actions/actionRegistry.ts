import type { z } from "zod";
import * as A from "../estate/Action";
import type { Action, ActionOf, ActionType } from "../estate/Action";
import type { Decision } from "../estate/Decision";
import type { ActionContext } from "./ActionContext";
import type { ActionResult } from "./ActionResult";
import { addTags } from "./addTags";
import { createBudget } from "./createBudget";
import { createDiagnosticSetting } from "./createDiagnosticSetting";
import { deallocateVm } from "./deallocateVm";
import { deleteResourceGroup } from "./deleteResourceGroup";
import { disableLocalAuth } from "./disableLocalAuth";
import { disablePublicNetworkAccess } from "./disablePublicNetworkAccess";
import { lowerQuotaAllocation } from "./lowerQuotaAllocation";
import { moveToManagementGroup } from "./moveToManagementGroup";
import { notifyOnly } from "./notifyOnly";
import { recordActivity } from "./recordActivity";
import { removeTags } from "./removeTags";
import { setAmlMinNodes } from "./setAmlMinNodes";
import { tagResource } from "./tagResource";

/** What the engine knows of one kind of action. */
export interface ActionKind<T extends ActionType> {
  schema: z.ZodType<ActionOf<T>>;
  /** One line for the audit log, dry-run records, the report. */
  describe(action: ActionOf<T>, resourceId: string): string;
  /** Carries the action out; idempotent (a second run finds the target state and says so). */
  run(decision: Decision, action: ActionOf<T>, ctx: ActionContext): Promise<ActionResult>;
  /**
   * Not a change to anything a team runs — telling people, keeping ailz's own books — so it runs in
   * dry run too (every mode but `off`). Every other action waits for `enforce`.
   */
  runsInDryRun?: true;
}

const tags = (t: Record<string, string>) => Object.entries(t).map(([k, v]) => `${k}=${v}`).join(", ");

/** Every action by type; the dispatcher, the describer and dry run all read this one table. */
export const actionRegistry: { [T in ActionType]: ActionKind<T> } = {
  tag: { schema: A.TagAction, describe: (a, id) => `set tags ${tags(a.tags)} on ${id}`, run: (d, a, ctx) => tagResource(d.resourceId, a, ctx) },
  addTags: { schema: A.AddTagsAction, describe: (a, id) => `add missing tags ${tags(a.tags)} on ${id}`, run: (d, a, ctx) => addTags(d.resourceId, a, ctx) },
  removeTags: { schema: A.RemoveTagsAction, describe: (a, id) => `remove tags ${a.tagNames.join(", ")} from ${id}`, run: (d, a, ctx) => removeTags(d.resourceId, a, ctx) },
  deallocate: { schema: A.DeallocateAction, describe: (a) => `deallocate VM ${a.vmId}`, run: (_d, a, ctx) => deallocateVm(a, ctx) },
  setAmlMinNodes: { schema: A.SetAmlMinNodesAction, describe: (a) => `set the minimum nodes of AML cluster ${a.computeId} from ${a.fromMinNodes} to ${a.toMinNodes}`, run: (_d, a, ctx) => setAmlMinNodes(a, ctx) },
  disablePublicNetworkAccess: {
    schema: A.DisablePublicNetworkAccessAction,
   
    describe: (_a, id) => `disable public network access on ${id}`,
    run: (d, a, ctx) => disablePublicNetworkAccess(d.resourceId, a, ctx),
  },
  disableLocalAuth: { schema: A.DisableLocalAuthAction, describe: (_a, id) => `disable local (key) auth on ${id}`, run: (d, a, ctx) => disableLocalAuth(d.resourceId, a, ctx) },
  lowerQuotaAllocation: {
    schema: A.LowerQuotaAllocationAction,
   
    describe: (a) => `lower ${a.family} quota in ${a.location} for ${a.subscriptionId} from ${a.fromLimit} to ${a.toLimit}`,
    run: (_d, a, ctx) => lowerQuotaAllocation(a, ctx),
  },
  moveToManagementGroup: {
    schema: A.MoveToManagementGroupAction,
   
    describe: (a) => `move subscription ${a.subscriptionId} to management group ${a.managementGroupId}`,
    run: (_d, a, ctx) => moveToManagementGroup(a, ctx),
  },
  deleteResourceGroup: { schema: A.DeleteResourceGroupAction, describe: (a) => `delete resource group ${a.resourceGroupId}`, run: (_d, a, ctx) => deleteResourceGroup(a, ctx) },
  createBudget: { schema: A.CreateBudgetAction, describe: (a) => `create budget ${a.name} of ${a.amount} on ${a.scope}`, run: (_d, a, ctx) => createBudget(a, ctx) },
  createDiagnosticSetting: {
    schema: A.CreateDiagnosticSettingAction,
    describe: (a, id) => `create diagnostic setting ${a.name} (${a.categoryGroups.join(", ")}) on ${id} to workspace ${a.workspaceId}`,
    run: (d, a, ctx) => createDiagnosticSetting(d.resourceId, a, ctx),
  },
  notifyOnly: { schema: A.NotifyOnlyAction, runsInDryRun: true, describe: (a) => `notify ${a.contacts.join(", ") || "the resource's owners"}`, run: (d, a, ctx) => notifyOnly(d, a, ctx) },
  recordActivity: {
    schema: A.RecordActivityAction,
   
    runsInDryRun: true,
    describe: (a) => `record activity in sandbox ${a.sandboxId} at ${a.at}`,
    run: (d, a, ctx) => recordActivity(String(d.evidence["writtenResourceId"] ?? d.resourceId), a, ctx),
  },
};

const kindOf = <T extends ActionType>(action: ActionOf<T>) => actionRegistry[action.type as T] as ActionKind<T>;

/** A one-line description of an action. */
export const describeAction = (action: Action, resourceId: string): string => kindOf(action).describe(action, resourceId);

/** Dispatches one action to its executor. Throws only for failures worth retrying (the caller decides). */
export const runAction = (decision: Decision, action: Action, ctx: ActionContext): Promise<ActionResult> => kindOf(action).run(decision, action, ctx);
