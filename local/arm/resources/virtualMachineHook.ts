import { randomUUID } from "node:crypto";
import { armError } from "../armError";
import type { Emulator } from "../Emulator";
import { familyUsage } from "../state/computeUsage";
import { configuredLimit } from "../state/quotaLimits";
import type { ArmResource } from "../state/schemas";
import { vmSku } from "../state/vmSkus";
import type { EmuRequest } from "../types";
import { registerResourceHook } from "./resourceHooks";

// VMs keep their power state where Resource Graph shows it
// (properties.extended.instanceView.powerState); ARM responses never carry `extended`.

export type PowerState = "running" | "deallocated" | "stopped" | "starting" | "deallocating" | "stopping";

const DISPLAY: Record<PowerState, string> = {
  running: "VM running", deallocated: "VM deallocated", stopped: "VM stopped", starting: "VM starting", deallocating: "VM deallocating", stopping: "VM stopping",
};

function powerStateOf(vm: ArmResource): PowerState {
  const code = String((vm.properties as any)?.extended?.instanceView?.powerState?.code ?? "PowerState/running");
  return code.replace(/^PowerState\//i, "").toLowerCase() as PowerState;
}

export function setPowerState(vm: ArmResource, state: PowerState): void {
  const props = (vm.properties ??= {});
  const extended = (props.extended ??= {});
  extended.instanceView = { ...(extended.instanceView ?? {}), powerState: { code: `PowerState/${state}`, level: "Info", displayStatus: DISPLAY[state] } };
}

export function instanceView(vm: ArmResource): Record<string, unknown> {
  const state = powerStateOf(vm);
  const at = (vm as any).systemData?.lastModifiedAt;
  return {
    computerName: vm.name,
    osName: (vm.properties as any)?.storageProfile?.imageReference?.offer ?? "ubuntu",
    statuses: [
      { code: "ProvisioningState/succeeded", level: "Info", displayStatus: "Provisioning succeeded", ...(at ? { time: at } : {}) },
      { code: `PowerState/${state}`, level: "Info", displayStatus: DISPLAY[state] },
    ],
  };
}

function view(doc: ArmResource, _emu: Emulator, req?: EmuRequest): ArmResource {
  const { extended: _x, ...props } = (doc.properties ?? {}) as Record<string, unknown>;
  const out: ArmResource = { ...doc, properties: props };
  if ((req?.query.get("$expand") ?? "").toLowerCase() === "instanceview") out.properties = { ...props, instanceView: instanceView(doc) };
  return out;
}

registerResourceHook("Microsoft.Compute/virtualMachines", {
  beforeWrite(doc, { emu, existing }) {
    const props = doc.properties!;
    const size: string | undefined = props.hardwareProfile?.vmSize;
    const sku = vmSku(size);
    const location = doc.location ?? "";
    if (sku && !sku.locations.includes(location)) {
      throw armError(409, "SkuNotAvailable", `The requested VM size '${size}' is currently not available in location '${location}'. Please try another size or deploy to a different location or different zone.`);
    }
    const sub = /^\/subscriptions\/([^/]+)/i.exec(doc.id)![1]!;
    const previous = vmSku((existing?.properties as any)?.hardwareProfile?.vmSize);
    if (sku && previous?.name !== sku.name) {
      const limit = configuredLimit(emu.state, sub, location, sku.family);
      if (limit !== undefined) {
        const used = familyUsage(emu.state, sub, location, sku.family);
        const release = previous?.family === sku.family ? previous.vCPUs : 0;
        const after = used - release + sku.vCPUs;
        if (after > limit) {
          throw armError(409, "OperationNotAllowed", `Operation could not be completed as it results in exceeding approved ${sku.family} Cores quota. Additional details - Deployment Model: Resource Manager, Location: ${location}, Current Limit: ${limit}, Current Usage: ${used}, Additional Required: ${sku.vCPUs}, (Minimum) New Limit Required: ${after}. Submit a request for Quota increase at https://aka.ms/ProdportalCRP.`);
        }
      }
    }
    props.vmId = (existing?.properties as any)?.vmId ?? randomUUID();
    props.timeCreated = (existing?.properties as any)?.timeCreated ?? emu.nowIso();
    // The stored power state survives updates; a new VM starts running.
    const prior = (existing?.properties as any)?.extended;
    delete props.extended;
    if (prior) props.extended = prior;
    else setPowerState(doc, "running");
  },
  view,
});
