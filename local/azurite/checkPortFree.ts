// Detects a taken port before anything starts, so the failure names the port.
import net from "node:net";

export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly role: string,
  ) {
    super(`Port ${port} (${role}) is already in use. Stop whatever is listening there or choose another port.`);
    this.name = "PortInUseError";
  }
}

export function checkPortFree(port: number, role: string, host = "127.0.0.1"): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (err: NodeJS.ErrnoException) => {
      reject(err.code === "EADDRINUSE" || err.code === "EACCES" ? new PortInUseError(port, role) : err);
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve()));
  });
}
