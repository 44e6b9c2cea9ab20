import { beforeAll, describe, expect, it } from "vitest";
import { promises as fs } from "node:fs";
import path from "node:path";
import type { Node } from "web-tree-sitter";
import { parseBicep } from "./parseBicep";
import { AppSettings, parseAppSettings, settingMeta } from "../../shared/config/appSettings";
import { storeConfigFromEnv } from "../../shared/store/storeConfig";
import { LOCAL_IDENTITY_OBJECT_ID, LOCAL_TENANT_ID, loadAzureConfig, tenantIdOf } from "../../shared/azure/azureConfig";
import { parsePolicy } from "../../shared/config/parsePolicy";
import { loadVendingSettings, eventsTargetOf, budgetWebhookOf } from "../../functions/vendingSettings";
import { localEventsTarget } from "../../local/localEventsTarget";

// The Function App's settings as infra/app/api.bicep writes them, held to the contract in
// shared/config/appSettings.ts, then fed to the app's own loaders: in Azure nothing may fall back
// to the local world (loopback URLs, the dummy tenant and identity, the demo estate's names).

const root = path.resolve(__dirname, "..", "..");
const LOOPBACK = /127\.0\.0\.1|localhost|7a11ce00-|0000000a11ce|c0c0c0c0-/i;

interface BicepSetting {
  name: string;
  value: string;
}

/** Keys of every object literal in the `*Settings` variables, each with a literal value or a placeholder. */
function settingsOf(rootNode: Node): BicepSetting[] {
  const out: BicepSetting[] = [];
  for (const v of rootNode.descendantsOfType("variable_declaration")) {
    if (!v || !/Settings$/.test(v.namedChildren[0]!.text)) continue;
    for (const p of v.descendantsOfType("object_property")) {
      if (!p) continue;
      const name = p.namedChildren[0]!.text.replace(/^'|'$/g, "");
      const valueNode = p.namedChildren[1]!;
      const meta = settingMeta(name);
      let value: string;
      if (valueNode.type === "string" && !/^'@Microsoft\.KeyVault/.test(valueNode.text)) {
        // Interpolations stand for ids and names; the contract's example replaces a whole-GUID one.
        value = valueNode.text.replace(/^'|'$/g, "").replace(/\$\{[^}]*\}/g, meta?.example && /^[0-9a-f-]{36}$/.test(meta.example) ? meta.example : "placeholder1");
      } else {
        value = meta?.example ?? `<no example for ${name}>`;
      }
      out.push({ name, value });
    }
  }
  return out;
}

let bicep: BicepSetting[] = [];
let env: Record<string, string> = {};
let postdeploy = "";
let policyText = "";

beforeAll(async () => {
  const source = await fs.readFile(path.join(root, "infra", "app", "api.bicep"), "utf8");
  bicep = settingsOf((await parseBicep(source)).rootNode);
  postdeploy = await fs.readFile(path.join(root, "infra", "hooks", "postdeploy.sh"), "utf8");
  policyText = await fs.readFile(path.join(root, "guardrails.yaml"), "utf8");
  env = Object.fromEntries(bicep.map((s) => [s.name, s.value]));
  // What the hook and the platform add after provisioning.
  for (const [name, schema] of Object.entries(AppSettings.shape)) {
    const m = settingMeta(name)!;
    if ((m.setBy === "postdeploy" || m.setBy === "platform") && !schema.safeParse(undefined).success) env[name] = m.example!;
  }
});

describe("production settings contract", () => {
  it("api.bicep sets every setting the contract requires from Bicep, and none the contract does not know", () => {
    const unknown = bicep.filter((s) => !settingMeta(s.name)).map((s) => s.name);
    expect(unknown, "settings in api.bicep that nothing reads").toEqual([]);
    const set = new Set(bicep.map((s) => s.name));
    const missing = Object.entries(AppSettings.shape)
      .filter(([name, schema]) => settingMeta(name)!.setBy === "bicep" && !schema.safeParse(undefined).success && !set.has(name))
      .map(([name]) => name);
    expect(missing, "required settings api.bicep does not set").toEqual([]);
    expect(() => parseAppSettings(env)).not.toThrow();
  });

  it("postdeploy sets the settings the contract leaves to it", () => {
    for (const name of Object.keys(AppSettings.shape).filter((n) => settingMeta(n)!.setBy === "postdeploy")) expect(postdeploy).toContain(`${name}=`);
  });

  it("every setting the contract says ailz reads is read by the code, and every AILZ_ name the code reads is in the contract", async () => {
    const files: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const e of await fs.readdir(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else if (/\.ts$/.test(e.name) && !p.endsWith(path.join("config", "appSettings.ts"))) files.push(p);
      }
    };
    for (const d of ["shared", "functions", "orchestrations"]) await walk(path.join(root, d));
    const code = (await Promise.all(files.map((f) => fs.readFile(f, "utf8")))).join("\n") + policyText + (await fs.readFile(path.join(root, "host.json"), "utf8"));
    const unread = Object.keys(AppSettings.shape).filter((n) => settingMeta(n)!.readBy === "app" && !new RegExp(`\\b${n}\\b`).test(code));
    expect(unread, "contract settings no code reads").toEqual([]);
    const readNames = new Set(code.match(/\bAILZ_[A-Z0-9_]+\b/g) ?? []);
    const uncontracted = [...readNames].filter((n) => !settingMeta(n));
    expect(uncontracted, "settings the code reads that the contract does not list").toEqual([]);
  });

  it("the stores load from exactly those settings, identity-based against the deployed account", () => {
    const cfg = storeConfigFromEnv(env, () => ({ getToken: async () => null }));
    expect(cfg).toMatchObject({ accountName: "stailzexample01", blobEndpoint: env.AzureWebJobsStorage__blobServiceUri, tableEndpoint: env.AzureWebJobsStorage__tableServiceUri });
  });

  it("tenant and identity come from the settings, not the local defaults", () => {
    const cfg = loadAzureConfig(env);
    expect(tenantIdOf(cfg)).not.toBe(LOCAL_TENANT_ID);
    expect(cfg.AILZ_IDENTITY_OBJECT_ID).not.toBe(LOCAL_IDENTITY_OBJECT_ID);
  });

  it("every ${NAME} in guardrails.yaml is set, so no local fallback applies, and the policy names nothing local", () => {
    const refs = [...policyText.replace(/^\s*#.*$/gm, "").matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
    expect(refs.filter((n) => env[n] === undefined), "policy references with no Azure setting").toEqual([]);
    // Strip the fallbacks: parsing fails on any reference the settings leave unset.
    const noFallbacks = policyText.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*):-[^}]*\}/g, "${$1}");
    const policy = parsePolicy(noFallbacks, "guardrails.yaml", { env });
    expect(JSON.stringify(policy)).not.toMatch(LOOPBACK);
    expect(policy.managementGroups.root).toBe(env.AILZ_ROOT_MANAGEMENT_GROUP_ID);
    expect(policy.quotaGroup).toMatchObject({ managementGroupId: env.AILZ_ROOT_MANAGEMENT_GROUP_ID, name: env.AILZ_QUOTA_GROUP_NAME });
    expect(policy.notifications.channels.some((c) => c.type === "eventGrid")).toBe(true);
  });

  it("vending's endpoints come from the settings", () => {
    const s = loadVendingSettings(env);
    const target = eventsTargetOf(s);
    expect(target).toEqual({ functionAppId: env.AILZ_FUNCTION_APP_ID, deadLetterStorageAccountId: env.AILZ_STORAGE_ACCOUNT_ID, identityId: env.AILZ_IDENTITY_ID });
    const local = localEventsTarget({});
    for (const [k, v] of Object.entries(target)) expect(v, k).not.toBe(local[k as keyof typeof local]);
    expect(budgetWebhookOf(s)).not.toMatch(LOOPBACK);
  });
});

describe("the scaffold's names match the policy's settings", () => {
  it("main.bicep's defaults for the prefix and quota group are infra/landing-zone's", async () => {
    const main = await fs.readFile(path.join(root, "infra", "main.bicep"), "utf8");
    const lz = await fs.readFile(path.join(root, "infra", "landing-zone", "main.bicep"), "utf8");
    const def = (src: string, p: string) => new RegExp(`param ${p} string = '([^']*)'`).exec(src)?.[1];
    expect(def(main, "landingZonePrefix")).toBe(def(lz, "prefix"));
    expect(def(main, "quotaGroupName")).toBe(def(lz, "quotaGroupName"));
    expect(main).toContain("managementGroupPrefix: '${landingZonePrefix}-'");
  });
});
