// Prints vitest's JSON results as the one closing line CI reads: "N passed, N failed[, N skipped]".
import fs from "node:fs";

const file = process.argv[2] ?? ".ailz/test-results.json";
const r = JSON.parse(fs.readFileSync(file, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
const skipped = r.numPendingTests + r.numTodoTests;
process.stdout.write(`Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}\n`);
