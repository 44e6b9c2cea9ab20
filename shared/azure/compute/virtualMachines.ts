import type { ComputeManagementClient } from "@azure/arm-compute";
import { call } from "../AzureError";
import { startLro, type LroStart } from "../lroStart";

/** `running`, `deallocated`, `stopped`... from the instance view's `PowerState/*` status (undefined when absent). */
export async function getPowerState(client: ComputeManagementClient, resourceGroupName: string, vmName: string): Promise<string | undefined> {
  const view = await call(() => client.virtualMachines.instanceView(resourceGroupName, vmName));
  const code = view.statuses?.find((s) => s.code?.startsWith("PowerState/"))?.code;
  return code?.slice("PowerState/".length);
}

/** Starts a deallocation (releases the compute, keeps quota consumed) without waiting for it. */
export async function deallocateVirtualMachine(client: ComputeManagementClient, resourceGroupName: string, vmName: string): Promise<LroStart> {
  return call(() => startLro(client.virtualMachines.deallocate(resourceGroupName, vmName)));
}
