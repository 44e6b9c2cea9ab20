/** True when `scope` is `target` or one of its ARM ancestors (path prefix at a segment boundary, case-insensitive). */
export function scopeCovers(scope: string, target: string): boolean {
  const s = scope.toLowerCase().replace(/\/+$/, "");
  const t = target.toLowerCase().replace(/\/+$/, "");
  return t === s || t.startsWith(s + "/");
}
