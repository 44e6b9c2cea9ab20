import { KqlError } from "./KqlError";

type TokenKind = "ident" | "string" | "number" | "timespan" | "op" | "typedlit" | "eof";

export interface Token {
  kind: TokenKind;
  /** Identifier or operator text; for strings the decoded value. */
  text: string;
  /** Numbers: the value; timespans: milliseconds. */
  num?: number;
  /** typedlit (`datetime(...)`, `timespan(...)`): the raw text between the parentheses. */
  raw?: string;
  line: number;
  /** 0-based character position in the line, as Resource Graph reports it. */
  col: number;
  /** Offset of the token's first character in the query text. */
  offset: number;
}

/** Hyphenated operator names are lexed as one token so errors can name them (mv-apply, ...). */
const HYPHENATED = new Set([
  "project-away", "project-rename", "project-keep", "project-reorder", "mv-expand", "mv-apply",
  "make-series", "top-nested", "top-hitters", "parse-where", "parse-kv",
]);

/** Word operators that may follow `!` (negation) or carry a `~` suffix. */
const NEGATABLE = new Set([
  "in", "has", "contains", "startswith", "endswith", "has_cs", "contains_cs", "startswith_cs",
  "endswith_cs", "hasprefix", "hassuffix", "between", "has_any", "has_all", "in~", "matches",
]);

const TIMESPAN_UNITS: Record<string, number> = {
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  m: 60_000, min: 60_000, minute: 60_000, minutes: 60_000,
  s: 1000, sec: 1000, second: 1000, seconds: 1000,
  ms: 1, milli: 1, millis: 1, millisecond: 1, milliseconds: 1,
  microsecond: 0.001, microseconds: 0.001, tick: 0.0001, ticks: 0.0001,
};

const TWO_CHAR_OPS = ["==", "!=", "=~", "!~", "<=", ">=", ".."];
const ONE_CHAR_OPS = "|()[],.=<>+-*/%$:;{}";

/** Queries longer than this are refused before lexing: Resource Graph caps query text too. */
const MAX_QUERY_LENGTH = 100_000;

function isIdentStart(c: string): boolean {
  return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_";
}
function isIdentPart(c: string): boolean {
  return isIdentStart(c) || (c >= "0" && c <= "9");
}
function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}

export function tokenize(src: string): Token[] {
  if (src.length > MAX_QUERY_LENGTH) {
    throw new KqlError("QueryLimitExceeded", `Query text is longer than ${MAX_QUERY_LENGTH} characters.`, "<query>", 1, 0);
  }
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const at = (k = 0) => src[i + k] ?? "";
  const push = (kind: TokenKind, text: string, start: number, startLine: number, startCol: number, num?: number) => {
    // `start` is kept in the signature so every token records where it began in `src`.
    tokens.push({ kind, text, num, line: startLine, col: startCol, offset: start });
  };

  while (i < src.length) {
    const c = src[i];
    if (c === "\n") {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") {
      i++;
      continue;
    }
    if (c === "/" && at(1) === "/") {
      while (i < src.length && src[i] !== "\n") i++;
      continue;
    }
    const start = i;
    const col = i - lineStart;
    const startLine = line;

    // Strings: '...', "...", verbatim @'...' / @"...", and h'...' obfuscated strings.
    if (c === "'" || c === '"' || ((c === "@" || c === "h" || c === "H") && (at(1) === "'" || at(1) === '"'))) {
      const verbatim = c === "@";
      if (c !== "'" && c !== '"') i++;
      const quote = src[i];
      i++;
      let value = "";
      let closed = false;
      while (i < src.length) {
        const ch = src[i];
        if (ch === "\n") break;
        if (ch === quote) {
          if (verbatim && at(1) === quote) {
            value += quote;
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        if (ch === "\\" && !verbatim) {
          const n = at(1);
          const esc: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', "0": "\0" };
          if (n in esc) {
            value += esc[n];
            i += 2;
            continue;
          }
          if (n === "u" && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) {
            value += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16));
            i += 6;
            continue;
          }
          value += n;
          i += 2;
          continue;
        }
        value += ch;
        i++;
      }
      if (!closed) throw new KqlError("ParserFailure", "ParserFailure", src.slice(start, Math.min(i, start + 20)), startLine, col);
      push("string", value, start, startLine, col);
      continue;
    }

    if (isDigit(c) || (c === "." && isDigit(at(1)))) {
      let j = i;
      if (c === "0" && (at(1) === "x" || at(1) === "X")) {
        j += 2;
        while (j < src.length && /[0-9a-fA-F]/.test(src[j])) j++;
        push("number", src.slice(i, j), start, startLine, col, parseInt(src.slice(i + 2, j), 16));
        i = j;
        continue;
      }
      while (j < src.length && isDigit(src[j])) j++;
      if (src[j] === "." && isDigit(src[j + 1] ?? "")) {
        j++;
        while (j < src.length && isDigit(src[j])) j++;
      }
      if ((src[j] === "e" || src[j] === "E") && /[0-9+-]/.test(src[j + 1] ?? "")) {
        let k = j + 1;
        if (src[k] === "+" || src[k] === "-") k++;
        if (isDigit(src[k] ?? "")) {
          while (k < src.length && isDigit(src[k])) k++;
          j = k;
        }
      }
      const numText = src.slice(i, j);
      const value = Number(numText);
      // Timespan literal suffix: 1d, 2h, 30m, 10s, 100ms, 3days ...
      let k = j;
      while (k < src.length && /[a-zA-Z]/.test(src[k])) k++;
      const suffix = src.slice(j, k);
      if (suffix) {
        const unit = TIMESPAN_UNITS[suffix.toLowerCase()];
        if (unit === undefined) throw new KqlError("ParserFailure", "ParserFailure", src.slice(i, k), startLine, col);
        push("timespan", src.slice(i, k), start, startLine, col, value * unit);
        i = k;
        continue;
      }
      push("number", numText, start, startLine, col, value);
      i = j;
      continue;
    }

    if (isIdentStart(c)) {
      let j = i;
      while (j < src.length && isIdentPart(src[j])) j++;
      let word = src.slice(i, j);
      if (src[j] === "-" && isIdentStart(src[j + 1] ?? "")) {
        let k = j + 1;
        while (k < src.length && isIdentPart(src[k])) k++;
        const joined = `${word}-${src.slice(j + 1, k)}`;
        if (HYPHENATED.has(joined.toLowerCase())) {
          word = joined;
          j = k;
        }
      }
      // datetime(2024-01-01T00:00:00Z) holds unquoted text that is not made of KQL tokens.
      const lower = word.toLowerCase();
      if (lower === "datetime" || lower === "timespan" || lower === "time") {
        let k = j;
        while (src[k] === " " || src[k] === "\t") k++;
        if (src[k] === "(") {
          const close = src.indexOf(")", k);
          const inner = close < 0 ? "" : src.slice(k + 1, close).trim();
          if (close >= 0 && !inner.startsWith("'") && !inner.startsWith('"')) {
            tokens.push({ kind: "typedlit", text: lower === "time" ? "timespan" : lower, raw: inner, line: startLine, col, offset: start });
            i = close + 1;
            continue;
          }
        }
      }
      if (src[j] === "~" && (word === "in" || word === "has_any" || word === "has_all")) {
        word += "~";
        j++;
      }
      push("ident", word, start, startLine, col);
      i = j;
      continue;
    }

    // `!word` negated string operators (`!in~`, `!has`, `!contains` ...).
    if (c === "!" && isIdentStart(at(1))) {
      let j = i + 1;
      while (j < src.length && isIdentPart(src[j])) j++;
      let word = src.slice(i + 1, j);
      if (src[j] === "~" && word === "in") {
        word += "~";
        j++;
      }
      if (NEGATABLE.has(word.toLowerCase())) {
        push("op", `!${word.toLowerCase()}`, start, startLine, col);
        i = j;
        continue;
      }
      throw new KqlError("ParserFailure", "ParserFailure", `!${word}`, startLine, col);
    }

    const two = src.slice(i, i + 2);
    if (TWO_CHAR_OPS.includes(two)) {
      push("op", two, start, startLine, col);
      i += 2;
      continue;
    }
    if (ONE_CHAR_OPS.includes(c)) {
      push("op", c, start, startLine, col);
      i++;
      continue;
    }
    throw new KqlError("ParserFailure", "ParserFailure", c, startLine, col);
  }
  tokens.push({ kind: "eof", text: "<EOF>", line, col: i - lineStart, offset: i });
  return tokens;
}
