import { KqlError } from "./KqlError";
import type { Token } from "./lexer";

/**
 * Kusto runs regular expressions on RE2 (linear time); JavaScript backtracks. Patterns that
 * could backtrack catastrophically (a quantified group that itself holds a quantifier, or a
 * backreference) are refused so one query cannot stall the emulator.
 */
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*(?:[+*]|\{\d+,?\d*\})/;

export function safeRegex(pattern: string, at: Token, flags = ""): RegExp {
  let src = pattern;
  let f = flags;
  // RE2 inline case-insensitivity at the start of the pattern.
  if (src.startsWith("(?i)")) {
    src = src.slice(4);
    if (!f.includes("i")) f += "i";
  }
  if (src.length > 1000 || NESTED_QUANTIFIER.test(src) || /\\[1-9]/.test(src)) {
    throw new KqlError("InvalidArgument", "Regular expression is not supported (nested quantifiers, backreferences or too long).", pattern.slice(0, 50), at.line, at.col);
  }
  try {
    return new RegExp(src, f);
  } catch {
    throw new KqlError("InvalidArgument", `Invalid regular expression '${pattern.slice(0, 50)}'.`, pattern.slice(0, 50), at.line, at.col);
  }
}
