// What a directory holds, to prove a run left it exactly as it was: every entry's relative path,
// type, mode and (for files) content hash; "absent" when the directory does not exist.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export function snapshotDir(dir: string): string[] | "absent" {
  if (!fs.existsSync(dir)) return "absent";
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(rel, entry.name);
      const st = fs.statSync(path.join(dir, p));
      if (entry.isDirectory()) {
        out.push(`${p}/ ${st.mode.toString(8)}`);
        walk(p);
      } else {
        out.push(`${p} ${st.mode.toString(8)} ${st.size} ${createHash("sha256").update(fs.readFileSync(path.join(dir, p))).digest("hex")}`);
      }
    }
  };
  walk("");
  return out;
}
