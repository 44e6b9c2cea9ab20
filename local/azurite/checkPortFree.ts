// Detects a taken port before anything starts, so the failure names the port.
import net from "node:net";

export class PortInUseError extends Error {
  override readonly name = "PortInUseError";
  constructor(
    readonly port: number,
    readonly role: string,
    /** The environment variable that sets this port (`AILZ_HOST_PORT`, ...), when there is one. */
    readonly setting?: string,
  ) {
    super(
      setting
        ? `Port ${port} (${role}, ${setting}) is already in use. Stop whatever is listening there or set ${setting} to a free port.`
        : `Port ${port} (${role}) is already in use. Stop whatever is listening there or choose another port.`,
    );
  }
}

export function checkPortFree(port: number, role: string, host = "127.0.0.1", setting?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (err: NodeJS.ErrnoException) => {
      reject(err.code === "EADDRINUSE" || err.code === "EACCES" ? new PortInUseError(port, role, setting) : err);
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve()));
  });
}
