import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// The azd hooks on a clean machine: shellcheck on every hook (when installed; .ci/run installs
// it), and the POSIX hooks run against a stand-in `az` on PATH that logs its calls, so what they
// do without a session, with one, with bad input and when run twice is observable.

const root = path.resolve(__dirname, "..", "..");
const hooks = path.join(root, "infra", "hooks");
const SUB = "6a1b2c3d-0000-4000-8000-000000000042";
const RG = `/subscriptions/${SUB}/resourceGroups/rg-ailz/providers`;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const hasShellcheck = spawnSync("shellcheck", ["--version"]).status === 0;

/** A fake `az`: logs each call (and any --parameters @file's content) and answers what the hooks read. */
function fakeAz(signedIn: boolean): { bin: string; log: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-hooks-"));
  dirs.push(dir);
  const log = path.join(dir, "az.log");
  const script = `#!/bin/sh
printf 'az %s\\n' "$*" >> "${log}"
case "$1 $2" in
  "account show") ${signedIn ? "exit 0" : "echo 'Please run az login to setup account.' >&2; exit 1"} ;;
  "account set") exit 0 ;;
  "resource show") echo "${RG}/Microsoft.Web/sites/func-ailz/functions/resourceEvents"; exit 0 ;;
  "functionapp show") echo "func-ailz.azurewebsites.net"; exit 0 ;;
  "functionapp keys") echo "fn-key-1"; exit 0 ;;
esac
for a in "$@"; do case "$a" in @*) printf 'params %s\\n' "$(tr -d '\\n' < "\${a#@}")" >> "${log}" ;; esac; done
exit 0
`;
  fs.writeFileSync(path.join(dir, "az"), script, { mode: 0o755 });
  return { bin: dir, log };
}

const azdEnv = (bin: string, extra: Record<string, string> = {}) => ({
  PATH: `${bin}:/usr/bin:/bin`,
  AZURE_SUBSCRIPTION_ID: SUB,
  AZURE_TENANT_ID: "72f988bf-86f1-41af-91ab-2d7cd011db47",
  AZURE_ENV_NAME: "dev",
  AZURE_LOCATION: "eastus2",
  AZURE_FUNCTION_APP_ID: `${RG}/Microsoft.Web/sites/func-ailz`,
  AILZ_STORAGE_ACCOUNT_ID: `${RG}/Microsoft.Storage/storageAccounts/stailz01`,
  AILZ_IDENTITY_ID: `${RG}/Microsoft.ManagedIdentity/userAssignedIdentities/id-ailz`,
  AILZ_LOG_ANALYTICS_WORKSPACE_ID: `${RG}/Microsoft.OperationalInsights/workspaces/log-ailz`,
  AILZ_ACTION_GROUP_ID: `${RG}/Microsoft.Insights/actionGroups/ag-ailz`,
  AILZ_IDENTITY_PRINCIPAL_ID: "9b2d4e61-7c3a-4f0e-8e51-2d6b0c9a7f14",
  ...extra,
});

function run(hook: string, env: Record<string, string>) {
  const r = spawnSync("sh", [path.join("infra", "hooks", hook)], { cwd: root, env, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const calls = (log: string) => (fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : []);

describe("azd hooks", () => {
  it("shellcheck finds nothing in any hook (sourced files followed)", (ctx) => {
    if (!hasShellcheck) ctx.skip();
    const scripts = fs.readdirSync(hooks).filter((f) => f.endsWith(".sh")).map((f) => path.join("infra", "hooks", f));
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    const r = spawnSync("shellcheck", ["-x", "-s", "sh", ...scripts], { cwd: root, encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("shellcheck would catch an unquoted expansion (the check can fail)", (ctx) => {
    if (!hasShellcheck) ctx.skip();
    const r = spawnSync("shellcheck", ["-s", "sh", "-"], { input: 'x=$1\necho $x\n', encoding: "utf8" });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toContain("SC2086");
  });

  it("postdeploy stops with a clear message when az is not signed in, before deploying anything", () => {
    const az = fakeAz(false);
    const r = run("postdeploy.sh", azdEnv(az.bin));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("az is not signed in (azd auth login does not sign in the Azure CLI)");
    expect(calls(az.log).filter((c) => /deployment|appsettings/.test(c))).toEqual([]);
  });

  it("postdeploy selects azd's subscription first, deploys the wiring with checked values, and reruns the same way", () => {
    const az = fakeAz(true);
    const env = azdEnv(az.bin, { AILZ_WATCHED_SUBSCRIPTION_IDS: " c0c0c0c0-0000-4000-8000-000000000003 , 6a1b2c3d-0000-4000-8000-000000000042" });
    for (const pass of [1, 2]) {
      const r = run("postdeploy.sh", env);
      expect(r.status, `${pass}: ${r.stderr}`).toBe(0);
    }
    // Each run writes its parameters to a fresh temporary file; otherwise the runs are the same.
    const log = calls(az.log).map((c) => c.replace(/@\S+/g, "@<params>"));
    const firstRun = log.slice(0, log.length / 2);
    expect(log.slice(log.length / 2)).toEqual(firstRun);
    const set = firstRun.findIndex((c) => c === `az account set --only-show-errors --subscription ${SUB}`);
    const deploy = firstRun.findIndex((c) => c.startsWith("az deployment sub create"));
    expect(set).toBeGreaterThanOrEqual(0);
    expect(deploy).toBeGreaterThan(set);
    const params = JSON.parse(firstRun.find((c) => c.startsWith("params "))!.slice("params ".length));
    expect(params.parameters).toEqual({
      functionAppId: { value: env.AZURE_FUNCTION_APP_ID },
      deadLetterStorageAccountId: { value: env.AILZ_STORAGE_ACCOUNT_ID },
      identityId: { value: env.AILZ_IDENTITY_ID },
      workspaceId: { value: env.AILZ_LOG_ANALYTICS_WORKSPACE_ID },
      actionGroupId: { value: env.AILZ_ACTION_GROUP_ID },
      watchedSubscriptionIds: { value: ["c0c0c0c0-0000-4000-8000-000000000003", SUB] },
      eventFamilies: { value: "resources" },
    });
    expect(firstRun.find((c) => c.includes("appsettings set"))).toContain("AILZ_BUDGET_WEBHOOK_URL=https://func-ailz.azurewebsites.net/api/budget-alerts?code=fn-key-1");
  });

  it("postdeploy refuses a value that could break its JSON, naming the setting, before calling az", () => {
    const az = fakeAz(true);
    const r = run("postdeploy.sh", azdEnv(az.bin, { AILZ_WATCHED_SUBSCRIPTION_IDS: 'c0c0c0c0-0000-4000-8000-000000000003"],"x":["' }));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("AILZ_WATCHED_SUBSCRIPTION_IDS must be a comma-separated list of subscription ids");
    expect(calls(az.log)).toEqual([]);
  });

  it("postprovision selects azd's subscription and grants the roles at the management group", () => {
    const az = fakeAz(true);
    const r = run("postprovision.sh", azdEnv(az.bin, { AILZ_ROOT_MANAGEMENT_GROUP_ID: "contoso", AILZ_VENDING_MANAGEMENT_GROUP_IDS: "contoso-corp,contoso-online" }));
    expect(r.status, r.stderr).toBe(0);
    const log = calls(az.log);
    expect(log.indexOf(`az account set --only-show-errors --subscription ${SUB}`)).toBeGreaterThanOrEqual(0);
    expect(log.find((c) => c.startsWith("az deployment mg create"))).toContain("--management-group-id contoso");
    expect(JSON.parse(log.find((c) => c.startsWith("params "))!.slice(7)).parameters.vendingManagementGroupIds.value).toEqual(["contoso-corp", "contoso-online"]);
  });

  it("postprovision without a root management group explains how to grant the roles and calls nothing", () => {
    const az = fakeAz(false);
    const r = run("postprovision.sh", azdEnv(az.bin));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("azd env set AILZ_ROOT_MANAGEMENT_GROUP_ID");
    expect(calls(az.log)).toEqual([]);
  });
});

