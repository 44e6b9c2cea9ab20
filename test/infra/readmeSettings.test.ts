import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppSettings, settingMeta } from "../../shared/config/appSettings";

// infra/README.md true line by line: every setting or azd value it names has a reader. An app
// setting is in the contract (shared/config/appSettings.ts, whose own test proves the code or the
// Functions host reads it); an azd environment value is read by main.parameters.json or a hook;
// an azd output is declared by main.bicep and named as an output where the README mentions it.

const root = path.resolve(__dirname, "..", "..");
const read = (rel: string) => fs.readFileSync(path.join(root, rel), "utf8");
const NAME = /\b(?:AILZ|AZURE|APPLICATIONINSIGHTS|DURABLE|OTEL|WEBSITE)_[A-Z0-9_]+\b/g;

/** Names the platform sets and the app reads (not in the contract, which lists what Bicep, hooks and operators set). */
const PLATFORM_READ: Record<string, string> = { WEBSITE_AUTH_ENABLED: "functions/auth" };

function readers(): { parameters: string; hooks: string; outputs: Set<string>; code: string } {
  const hooks = fs.readdirSync(path.join(root, "infra", "hooks")).map((f) => read(path.join("infra", "hooks", f))).join("\n");
  const outputs = new Set([...read("infra/main.bicep").matchAll(/^output (\w+) /gm)].map((m) => m[1]!));
  const code: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts")) code.push(read(p));
    }
  };
  walk("functions");
  walk("shared");
  return { parameters: read("infra/main.parameters.json"), hooks, outputs, code: code.join("\n") };
}

describe("infra/README.md names only settings something reads", () => {
  it("each AILZ_/AZURE_/... name is an app setting of the contract, an azd value main.parameters.json or a hook reads, or a main.bicep output", () => {
    const readme = read("infra/README.md");
    const r = readers();
    const names = [...new Set(readme.match(NAME) ?? [])].sort();
    expect(names.length).toBeGreaterThan(20);
    const unread = names.filter((n) => {
      if (settingMeta(n) && n in AppSettings.shape) return false;
      if (r.parameters.includes(`\${${n}`) || new RegExp(`\\$\\{?${n}\\b`).test(r.hooks)) return false;
      if (r.outputs.has(n)) return false;
      if (PLATFORM_READ[n] && new RegExp(`\\b${n}\\b`).test(r.code)) return false;
      return true;
    });
    expect(unread, "names in infra/README.md that nothing reads (or that are not outputs)").toEqual([]);
  });

  it("the check can fail: a made-up setting is reported", () => {
    const r = readers();
    const n = "AILZ_NOT_A_SETTING";
    expect(settingMeta(n)).toBeUndefined();
    expect(r.parameters.includes(`\${${n}`) || r.hooks.includes(n) || r.outputs.has(n)).toBe(false);
  });

  it("the README's azd environment values table lists only values main.parameters.json or a hook reads", () => {
    const readme = read("infra/README.md");
    const section = readme.slice(readme.indexOf("### azd environment values"), readme.indexOf("\n## ", readme.indexOf("### azd environment values")));
    const rows = [...section.matchAll(/^\| `([A-Z0-9_]+)`/gm)].map((m) => m[1]!);
    expect(rows.length).toBeGreaterThan(5);
    const r = readers();
    // Values azd passes to Bicep or a hook reads; a few rows name app settings set from them, which the contract covers.
    const unread = rows.filter((n) => !r.parameters.includes(`\${${n}`) && !new RegExp(`\\$\\{?${n}\\b`).test(r.hooks) && !(settingMeta(n) && n in AppSettings.shape));
    expect(unread).toEqual([]);
  });
});
