/** Required tag names absent from `tags` (tag names compare case-insensitively, as in Azure). */
export function missingTags(tags: Record<string, string>, required: readonly string[]): string[] {
  const present = new Set(Object.keys(tags).map((k) => k.toLowerCase()));
  return required.filter((t) => !present.has(t.toLowerCase()));
}
