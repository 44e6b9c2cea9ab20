/**
 * The allocation to keep: peak plus headroom, at least the floor, never below current usage
 * (Azure refuses a limit under usage).
 */
export function reclaimTarget(peakUsage: number, currentUsage: number, headroomFactor: number, floor: number): number {
  return Math.max(Math.ceil(peakUsage * headroomFactor), floor, Math.ceil(currentUsage));
}
