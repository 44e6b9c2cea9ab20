import path from "node:path";
import { Language, Parser, type Node, type Tree } from "web-tree-sitter";

export interface BicepSyntaxProblem {
  file: string;
  line: number;
  column: number;
  kind: "ERROR" | "MISSING";
  text: string;
}

let parserPromise: Promise<Parser> | undefined;

/** One parser per process: loading the wasm grammar is the slow part. */
function bicepParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    await Parser.init();
    const wasm = path.join(path.dirname(require.resolve("tree-sitter-bicep/package.json")), "tree-sitter-bicep.wasm");
    const lang = await Language.load(wasm);
    const parser = new Parser();
    parser.setLanguage(lang);
    return parser;
  })();
  return parserPromise;
}

/**
 * tree-sitter-bicep 1.1 predates Bicep's `extension '<registry ref>'` statement (the Microsoft Graph
 * extension, infra/app/app-registration.bicep): such a line becomes blanks of the same length, so
 * every other position and the rest of the file still parse and report as written.
 */
const EXTENSION_LINE = /^extension\s+'br:[^']+'(\s+as\s+\w+)?\s*$/gm;

export async function parseBicep(source: string): Promise<Tree> {
  const tree = (await bicepParser()).parse(source.replace(EXTENSION_LINE, (line) => " ".repeat(line.length)));
  if (!tree) throw new Error("tree-sitter returned no tree");
  return tree;
}

/** Every ERROR and MISSING node, with 1-based line and column. */
export function syntaxProblems(file: string, tree: Tree): BicepSyntaxProblem[] {
  const out: BicepSyntaxProblem[] = [];
  const visit = (node: Node): void => {
    if (node.isError || node.isMissing) {
      out.push({
        file,
        line: node.startPosition.row + 1,
        column: node.startPosition.column + 1,
        kind: node.isMissing ? "MISSING" : "ERROR",
        text: node.text.slice(0, 80),
      });
    }
    if (!node.hasError && !node.isMissing) return;
    for (const child of node.children) if (child) visit(child);
  };
  visit(tree.rootNode);
  return out;
}
