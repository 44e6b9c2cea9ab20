/** One request the sink received, as `GET /messages` returns it. */
export interface SinkMessage {
  id: string;
  channel: "webhook" | "teams" | "email" | "eventgrid";
  /** Channel name from the path (/webhook/<name>, /teams/<name>), else the channel. */
  name: string;
  receivedAt: string;
  to: string[];
  title?: string;
  /** Which auth the sender presented (not verified locally): hmac, bearer, sas-key or none. */
  auth: "hmac" | "bearer" | "sas-key" | "none";
  body: unknown;
}
