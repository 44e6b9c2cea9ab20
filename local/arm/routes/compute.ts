import type { Emulator } from "../Emulator";
import { viewOf } from "../resources/resourceHooks";
import { instanceView, setPowerState, type PowerState } from "../resources/virtualMachineHook";
import { deleteResource } from "../resources/writeResource";
import { computeUsage, familyVCpus } from "../state/computeUsage";
import { configuredLimit } from "../state/quotaLimits";
import { DEFAULT_REGIONAL_VCPU_LIMIT, defaultFamilyLimit, REGIONAL_CORES, VM_SKUS } from "../state/vmSkus";
import type { EmuRequest, Router } from "../types";
import { checkLocks, requireResourceGroup, requireSubscription, requireWritableSubscription } from "./guards";

const VM = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/virtualMachines/{vmName}";

function requireVm(emu: Emulator, req: EmuRequest) {
  requireResourceGroup(emu, req.params.subscriptionId!, req.params.resourceGroupName!);
  const id = `/subscriptions/${req.params.subscriptionId}/resourceGroups/${req.params.resourceGroupName}/providers/Microsoft.Compute/virtualMachines/${req.params.vmName}`;
  const vm = emu.state.getResource(id);
  if (!vm) throw emu.armError(404, "ResourceNotFound", `The Resource 'Microsoft.Compute/virtualMachines/${req.params.vmName}' under resource group '${req.params.resourceGroupName}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
  return vm;
}

const ACTIONS: Record<string, PowerState> = { deallocate: "deallocated", start: "running", powerOff: "stopped", restart: "running" };

export function register(router: Router): void {
  router.add("GET", `${VM}/instanceView`, (req, emu) => ({ status: 200, body: instanceView(requireVm(emu, req)) }),
    { kind: "read", rbacAction: "Microsoft.Compute/virtualMachines/instanceView/read", operation: "virtualMachines.instanceView" });

  for (const [action, target] of Object.entries(ACTIONS)) {
    router.add("POST", `${VM}/${action}`, (req, emu) => {
      requireWritableSubscription(emu, req.params.subscriptionId!);
      const vm = requireVm(emu, req);
      checkLocks(emu, vm.id, "action");
      setPowerState(vm, target);
      (vm as any).systemData = emu.systemData(req.caller, (vm as any).systemData);
      return { status: 202, headers: emu.asyncOperation(req, "Microsoft.Compute", vm.location) };
    }, { kind: "action", rbacAction: `Microsoft.Compute/virtualMachines/${action}/action`, operation: `virtualMachines.${action}` });
  }

  router.add("DELETE", VM, (req, emu) => {
    requireResourceGroup(emu, req.params.subscriptionId!, req.params.resourceGroupName!);
    const vm = emu.state.getResource(req.path);
    const { status } = deleteResource(emu, req.path);
    if (status === 204) return { status: 204 };
    return { status: 202, headers: emu.asyncOperation(req, "Microsoft.Compute", vm?.location) };
  }, { kind: "delete", rbacAction: "Microsoft.Compute/virtualMachines/delete", operation: "virtualMachines.delete" });

  router.add("GET", VM, (req, emu) => ({ status: 200, body: viewOf(requireVm(emu, req), emu, req) }),
    { kind: "read", rbacAction: "Microsoft.Compute/virtualMachines/read", operation: "virtualMachines.get" });

  router.add("GET", "/subscriptions/{subscriptionId}/providers/Microsoft.Compute/skus", (req, emu) => {
    requireSubscription(emu, req.params.subscriptionId!);
    const filter = req.query.get("$filter");
    const m = filter ? /^\s*location\s+eq\s+'([^']+)'\s*$/i.exec(filter) : null;
    if (filter && !m) return emu.armError(400, "InvalidFilter", `The filter '${filter}' is not supported. Only "location eq '<location>'" is.`);
    const loc = m?.[1]!.toLowerCase().replace(/\s+/g, "");
    const rows = VM_SKUS.flatMap((s) => s.locations.filter((l) => !loc || l === loc).map((l) => ({ sku: s, location: l })))
      .map(({ sku, location }) => ({
        resourceType: "virtualMachines",
        name: sku.name,
        tier: "Standard",
        size: sku.name.replace(/^Standard_/, ""),
        family: sku.family,
        locations: [location],
        locationInfo: [{ location, zones: sku.gpus > 0 ? ["1", "2"] : ["1", "2", "3"], zoneDetails: [] }],
        capabilities: [
          { name: "vCPUs", value: String(sku.vCPUs) },
          { name: "vCPUsAvailable", value: String(sku.vCPUs) },
          { name: "MemoryGB", value: String(sku.memoryGB) },
          { name: "GPUs", value: String(sku.gpus) },
          { name: "HyperVGenerations", value: "V1,V2" },
          { name: "PremiumIO", value: "True" },
        ],
        restrictions: [],
      }));
    return { status: 200, body: emu.page(req, rows, 1000) };
  }, { kind: "read", rbacAction: "Microsoft.Compute/skus/read", operation: "resourceSkus.list" });

  router.add("GET", "/subscriptions/{subscriptionId}/providers/Microsoft.Compute/locations/{location}/usages", (req, emu) => {
    const sub = req.params.subscriptionId!;
    requireSubscription(emu, sub);
    const location = req.params.location!.toLowerCase().replace(/\s+/g, "");
    const usage = computeUsage(emu.state, sub, location);
    const families = new Map<string, string>();
    for (const s of VM_SKUS) if (s.locations.includes(location)) families.set(s.family, s.familyDisplayName);
    const row = (value: string, localized: string, current: number, limit: number) => ({ unit: "Count", currentValue: current, limit, name: { value, localizedValue: localized } });
    const rows = [
      row("availabilitySets", "Availability Sets", 0, 2500),
      row(REGIONAL_CORES.family, REGIONAL_CORES.familyDisplayName, usage.totalVCPUs, configuredLimit(emu.state, sub, location, REGIONAL_CORES.family) ?? DEFAULT_REGIONAL_VCPU_LIMIT),
      row("virtualMachines", "Virtual Machines", usage.virtualMachines, 25000),
      ...[...families].map(([family, display]) => row(family, display, familyVCpus(usage, family), configuredLimit(emu.state, sub, location, family) ?? defaultFamilyLimit(family))),
    ];
    return { status: 200, body: emu.page(req, rows, 1000) };
  }, { kind: "read", rbacAction: "Microsoft.Compute/locations/usages/read", operation: "compute.usages" });
}
