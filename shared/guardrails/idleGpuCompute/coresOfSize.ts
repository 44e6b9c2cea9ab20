/** vCPUs from a VM size name (`Standard_NC24ads_A100_v4` -> 24, `Standard_ND96isr_H100_v5` -> 96): the cores a node holds. */
export const coresOfSize = (size: string): number => Number(/^standard_[a-z]+?(\d+)/i.exec(size)?.[1] ?? 0);
