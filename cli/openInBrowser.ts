import { spawn } from "node:child_process";

/**
 * Opens a file in the person's browser: `$BROWSER` when set (the convention xdg-utils and many
 * CLIs follow), else the platform's opener. Resolves once the opener has started; the browser
 * outlives the CLI. Rejects with a message naming the command when it cannot be started.
 */
export function openInBrowser(file: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const [cmd, ...args] = env.BROWSER ? [env.BROWSER, file] : process.platform === "darwin" ? ["open", file] : process.platform === "win32" ? ["cmd", "/c", "start", "", file] : ["xdg-open", file];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd!, args, { stdio: "ignore", detached: true });
    child.once("error", (e) => reject(new Error(`could not open ${file} with ${cmd}: ${e.message}${env.BROWSER ? "" : " (set BROWSER to your browser's command)"}`)));
    child.once("spawn", () => {
      child.unref();
      resolve(cmd!);
    });
  });
}
