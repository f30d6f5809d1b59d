// Shared values for the SSH transport tests.
import type { Connection } from "../../../../provider/types";
import type { TestSshServer } from "./test-server";

export const USER = "root";
export const PASSWORD = "correct horse battery staple";

/** A connection to `server` that pins its current host key; `overrides` replace any field. */
export function connectionTo(server: TestSshServer, overrides: Partial<Connection> = {}): Connection {
  return {
    host: server.host,
    port: server.port,
    user: USER,
    password: PASSWORD,
    hostKey: server.hostKeyLine,
    ...overrides,
  };
}

/** Collects progress messages. */
export function progressLog(): { messages: string[]; onProgress: (message: string) => void } {
  const messages: string[] = [];
  return { messages, onProgress: (message) => messages.push(message) };
}

/** Resolves once `condition` holds, polling; fails after `limitMs` (a guard against hanging, not a timing check). */
export async function eventually(condition: () => boolean, limitMs = 5000): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > limitMs) throw new Error(`condition not met within ${limitMs} ms: ${condition}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
