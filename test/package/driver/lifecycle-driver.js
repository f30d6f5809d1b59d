// Runs in the consumer project: LaggProvider from the installed package, create -> read -> update -> read ->
// delete -> read against the host in $LAGG_CONNECTION (JSON). Prints one JSON line with every result.
const { LaggProvider } = require("pulumi-freebsd-lagg");

async function main() {
  const provider = new LaggProvider();
  const connection = JSON.parse(process.env.LAGG_CONNECTION);
  const args = { connection, name: "lagg0", protocol: "lacp", ports: ["igb0", "igb1"], addresses: ["198.51.100.20/24"] };
  const checked = await provider.check({}, args);
  if (checked.failures.length) throw new Error(JSON.stringify(checked.failures));
  const created = await provider.create(checked.inputs);
  const readAfterCreate = await provider.read(created.id, created.outs);
  const changed = await provider.check(checked.inputs, { ...args, mtu: 9000, description: "uplink to core-sw1" });
  const diff = await provider.diff(created.id, created.outs, changed.inputs);
  const updated = await provider.update(created.id, created.outs, changed.inputs);
  const readAfterUpdate = await provider.read(created.id, updated.outs);
  await provider.delete(created.id, updated.outs);
  const readAfterDelete = await provider.read(created.id, updated.outs);
  const loadedFrom = require.resolve("pulumi-freebsd-lagg");
  return { loadedFrom, created, readAfterCreate, diff, updated, readAfterUpdate, readAfterDelete };
}

main().then(
  (r) => {
    process.stdout.write(JSON.stringify(r) + "\n");
    process.exit(0);
  },
  (e) => {
    process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
    process.exit(1);
  },
);
