// The SSH layer survives Pulumi's closure serialization after being used in the same process: no live pool,
// Map or Set is captured, and the serialized provider works in a fresh process (as the provider host runs it).
import { execFile } from "child_process";
import { promisify } from "util";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import * as pulumi from "@pulumi/pulumi";
import { runScript, withHostLock } from "../../../provider/ssh";
import type { Connection } from "../../../provider/types";
import { connectionTo } from "./helpers/fixtures";
import type { TestSshServer } from "./helpers/test-server";
import { usePasswordServer } from "./helpers/password-server";

let server: TestSshServer;
usePasswordServer((s) => (server = s));

/** A provider shaped like a dynamic provider: methods only, no state. */
const provider = {
  async create(inputs: { connection: Connection }) {
    const result = await withHostLock(inputs.connection, () => runScript(inputs.connection, "echo created by $0"));
    return { id: "x", outs: { stdout: result.stdout } };
  },
};

test("a provider using the pool serializes, and runs in a fresh process", async () => {
  // Use the pool first, so that per-process state exists while serializing.
  await provider.create({ connection: connectionTo(server) });
  const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  expect(serialized.text).not.toMatch(/__pulumiFreebsdLaggPool"?\s*[:=]\s*\{/);

  const dir = mkdtempSync(join(tmpdir(), "ssh-serialized-"));
  const module = join(dir, "provider.js");
  writeFileSync(module, serialized.text);
  const runner = [
    `const provider = require(${JSON.stringify(module)}).${serialized.exportName}();`,
    `provider.create({ connection: ${JSON.stringify(connectionTo(server))} })`,
    "  .then((r) => { console.log(r.outs.stdout.trim()); process.exit(0); }, (e) => { console.error(e); process.exit(1); });",
  ].join("\n");
  // Asynchronously: the server answering the child lives in this process.
  const child = await promisify(execFile)(process.execPath, ["-e", runner], {
    env: { ...process.env, NODE_PATH: join(__dirname, "../../../node_modules") },
    timeout: 30_000,
  });
  expect(child.stderr).toBe("");
  expect(child.stdout.trim()).toBe("created by /bin/sh");
});
