// App entry with only the event path's functions: the e2e tests and the bench exercise this path
// without depending on every other module of functions/index.ts loading.
import "../../../functions/resourceEvents";
import "../../../functions/exemptions";
import "../../../functions/findings";
import "../../../functions/audit";
