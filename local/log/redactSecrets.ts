// The last line of defence before a log line leaves the process: whatever a message or an error
// happens to carry (a connection string, a SAS URL, a bearer token, a URL with the function key in
// `code=`), the terminal and the log file get it masked.

const MASK = "[redacted]";

// name=value pairs of connection strings, SAS query strings and keyed URLs.
const ASSIGNMENT = /\b(AccountKey|SharedAccessKey|SharedAccessSignature|AccessKey|InstrumentationKey|sig|code|client_secret|password)=([^;&\s"'<>]+)/gi;
// Secrets that travel as headers, in `name: value` or JSON `"name":"value"` form.
const HEADER = /(["']?\b(?:x-functions-key|authorization|api-key|ocp-apim-subscription-key|aeg-sas-key|aeg-sas-token)["']?\s*[:=]\s*["']?)(?!Bearer\b)([^"'\s,;}]+)/gi;
const SCHEME = /\b(Bearer|SharedAccessSignature|Basic)\s+([A-Za-z0-9\-._~+/=%&]{8,})/g;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

export function redactSecrets(line: string): string {
  return line
    .replace(JWT, MASK)
    .replace(SCHEME, (_m, scheme: string) => `${scheme} ${MASK}`)
    .replace(ASSIGNMENT, (_m, name: string) => `${name}=${MASK}`)
    .replace(HEADER, (_m, name: string) => `${name}${MASK}`);
}
