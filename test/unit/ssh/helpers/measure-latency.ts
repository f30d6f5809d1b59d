// Measures the warm exec round trip of runScript against the in-process server, next to ssh2 with its defaults
// (Nagle on, waiting for the channel's close). A measurement script, not a test: it prints numbers.
//   npx tsc --outDir /tmp/ssh-measure --rootDir . --module commonjs --target ES2022 --esModuleInterop --skipLibCheck \
//     --types node test/unit/ssh/helpers/measure-latency.ts && ln -sfn "$PWD/node_modules" /tmp/ssh-measure/node_modules \
//     && node /tmp/ssh-measure/test/unit/ssh/helpers/measure-latency.js        (RUNS=300 by default)
import { performance } from "perf_hooks";
import { Client } from "ssh2";
import { closeAllConnections, runScript } from "../../../../provider/ssh";
import { connectionTo, PASSWORD, USER } from "./fixtures";
import { TestSshServer } from "./test-server";

const RUNS = Number(process.env.RUNS ?? 300);

function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(2);
  return `median ${at(0.5)} ms, p10 ${at(0.1)} ms, p90 ${at(0.9)} ms (n=${samples.length})`;
}

async function time(run: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 20; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return samples;
}

/** ssh2 as most code uses it: default client socket, exec, wait for `close`. */
async function ssh2Defaults(server: TestSshServer): Promise<number[]> {
  const client = new Client();
  await new Promise<void>((resolve, reject) => {
    client.once("ready", resolve).once("error", reject);
    client.connect({ host: server.host, port: server.port, username: USER, password: PASSWORD });
  });
  const exec = () => new Promise<void>((resolve, reject) => {
    client.exec("/bin/sh -s", (error, channel) => {
      if (error) return reject(error);
      channel.on("data", () => undefined).on("close", () => resolve());
      channel.stderr.resume();
      channel.end("true\n");
    });
  });
  try {
    return await time(exec);
  } finally {
    client.end();
  }
}

// sshd sets TCP_NODELAY on its side for every session (ssh_packet_set_interactive), so noDelay=true is realistic.
const SETUPS = [
  { label: "exec answered in process, server TCP_NODELAY (like sshd)", noDelay: true, inProcess: true },
  { label: "exec answered in process, server Nagle on", noDelay: false, inProcess: true },
  { label: "exec spawns /bin/sh -c '/bin/sh -s', server TCP_NODELAY", noDelay: true, inProcess: false },
];

async function main(): Promise<void> {
  for (const setup of SETUPS) {
    const server = await TestSshServer.start({
      users: { [USER]: { password: PASSWORD } },
      noDelay: setup.noDelay,
      ...(setup.inProcess && { answerExec: () => ({ stdout: "ok\n", code: 0 }) }),
    });
    const ours = await time(() => runScript(connectionTo(server), "true\n"));
    const baseline = await ssh2Defaults(server);
    console.log(setup.label);
    console.log(`  runScript warm exec:  ${summary(ours)}`);
    console.log(`  ssh2 defaults:        ${summary(baseline)}`);
    await closeAllConnections();
    await server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
