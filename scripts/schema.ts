// `npm run schema`: writes guardrails.schema.json next to guardrails.yaml for editors.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { policyJsonSchema } from "../shared/config/policyJsonSchema";

const out = join(__dirname, "..", "guardrails.schema.json");
writeFileSync(out, JSON.stringify(policyJsonSchema(), null, 2) + "\n");
process.stdout.write(`wrote ${out}\n`);
