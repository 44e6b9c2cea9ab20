// The metrics the emulator publishes, by metric namespace (lower-case), with the names, units and
// dimensions of Azure Monitor's supported-metrics reference: VM and scale-set host metrics
// (Microsoft.Compute), the GPU guest metric the Azure Monitor agent sends as a custom metric
// (namespace Azure.VM.Linux.GuestMetrics, the DCGM exporter's field name), and the Azure ML
// workspace's node counts per compute cluster (dimension ClusterName).

type MetricKind = "cpu" | "networkIn" | "networkOut" | "gpu" | "activeNodes" | "idleNodes" | "totalNodes";

export interface MetricDef {
  name: string;
  kind: MetricKind;
  unit: "Percent" | "Bytes" | "Count";
  description: string;
  /** The dimension whose values split the series (Azure ML: one series per cluster). */
  dimension?: string;
}

const HOST: MetricDef[] = [
  { name: "Percentage CPU", kind: "cpu", unit: "Percent", description: "The percentage of allocated compute units that are currently in use by the Virtual Machine(s)" },
  { name: "Network In Total", kind: "networkIn", unit: "Bytes", description: "The number of bytes received on all network interfaces by the Virtual Machine(s) (Incoming Traffic)" },
  { name: "Network Out Total", kind: "networkOut", unit: "Bytes", description: "The number of bytes out on all network interfaces by the Virtual Machine(s) (Outgoing Traffic)" },
];

export const GPU_GUEST_NAMESPACE = "azure.vm.linux.guestmetrics";

export const METRIC_CATALOG: Readonly<Record<string, { resourceType: string; metrics: MetricDef[] }>> = {
  "microsoft.compute/virtualmachines": { resourceType: "microsoft.compute/virtualmachines", metrics: HOST },
  "microsoft.compute/virtualmachinescalesets": { resourceType: "microsoft.compute/virtualmachinescalesets", metrics: HOST },
  [GPU_GUEST_NAMESPACE]: {
    resourceType: "microsoft.compute/virtualmachines",
    metrics: [{ name: "DCGM_FI_DEV_GPU_UTIL", kind: "gpu", unit: "Percent", description: "GPU utilization (DCGM exporter through the Azure Monitor agent)" }],
  },
  "microsoft.machinelearningservices/workspaces": {
    resourceType: "microsoft.machinelearningservices/workspaces",
    metrics: [
      { name: "Active Nodes", kind: "activeNodes", unit: "Count", description: "Number of Acitve nodes. These are the nodes which are actively running a job.", dimension: "ClusterName" },
      { name: "Idle Nodes", kind: "idleNodes", unit: "Count", description: "Number of idle nodes. Idle nodes are the nodes which are not running any jobs but can accept new job if available.", dimension: "ClusterName" },
      { name: "Total Nodes", kind: "totalNodes", unit: "Count", description: "Number of total nodes. This total includes some of Active Nodes, Idle Nodes, Unusable Nodes, Premepted Nodes, Leaving Nodes", dimension: "ClusterName" },
    ],
  },
};
