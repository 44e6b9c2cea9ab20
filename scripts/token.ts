// Prints a bearer token for the local ARM emulator, to act as a Contoso person or as the
// approved pipeline (the emulator reads the caller from the token; it does not check signatures),
// or, with --app, for ailz's own HTTP API (the local host plays Easy Auth and reads its roles).
//   npm run -s token -- omar                 a person (see local/demo/demoIds.ts)
//   npm run -s token -- --pipeline           the ailz-pipeline service principal (an approved deployer)
//   npm run -s token -- --app platform.lead  ailz's API as Pat (ailz.Approver); --app pipeline for the pipeline
import { makeToken } from "../local/arm/tokens";
import { appToken, demoAppClaims, demoAppRolesOf } from "../local/demo/demoAppRoles";
import { PIPELINE, USERS, user } from "../local/demo/demoIds";

const arg = process.argv[2];
if (!arg || arg === "--help") {
  const people = Object.keys(USERS).map((k) => `${k} (${demoAppRolesOf(k).join(", ")})`);
  process.stderr.write(`usage: npm run -s token -- <person>|--pipeline|--app <person>|--app pipeline\npeople (app roles): ${people.join(", ")}\n`);
  process.exit(arg ? 0 : 2);
}
try {
  if (arg === "--app") {
    process.stdout.write(appToken(demoAppClaims(process.argv[3] ?? "")) + "\n");
  } else if (arg === "--pipeline") {
    process.stdout.write(makeToken({ oid: PIPELINE.objectId, appid: PIPELINE.appId, idtyp: "app", name: PIPELINE.name }) + "\n");
  } else {
    const u = user(arg);
    process.stdout.write(makeToken({ oid: u.objectId, upn: u.upn, name: u.displayName, idtyp: "user" }) + "\n");
  }
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
}
