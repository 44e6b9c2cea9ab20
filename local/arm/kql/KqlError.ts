/**
 * A query the engine refuses. Carries what Resource Graph puts in the second entry of
 * `error.details` (code, token, line, characterPositionInLine) so the route can answer with
 * Azure's body; the engine throws nothing else for a bad query.
 */
export type KqlErrorCode =
  | "ParserFailure"
  | "InvalidQueryLanguage"
  | "UnknownFunction"
  | "FailedToResolveScalarExpression"
  | "FailedToResolveEntity"
  | "InvalidArgument"
  | "QueryLimitExceeded";

export interface KqlErrorDetail {
  code: KqlErrorCode;
  message: string;
  line: number;
  characterPositionInLine: number;
  token: string;
}

export class KqlError extends Error {
  readonly code: KqlErrorCode;
  readonly token: string;
  readonly line: number;
  readonly characterPositionInLine: number;

  constructor(code: KqlErrorCode, message: string, token: string, line = -1, characterPositionInLine = -1) {
    super(message);
    this.name = "KqlError";
    this.code = code;
    this.token = token;
    this.line = line;
    this.characterPositionInLine = characterPositionInLine;
  }

  detail(): KqlErrorDetail {
    return {
      code: this.code,
      message: this.message,
      line: this.line,
      characterPositionInLine: this.characterPositionInLine,
      token: this.token,
    };
  }
}

export function isKqlError(e: unknown): e is KqlError {
  return e instanceof KqlError;
}
