// uname(1): FreeBSD amd64, release from the machine options.
import { getopt } from "./argv";
import type { SimCommand } from "./host";
import { CommandExit, CommandIo, runCommand } from "./io";

/** "14.1-RELEASE" -> 1401000 (__FreeBSD_version style). */
function osreldate(release: string): string {
  const m = release.match(/^(\d+)\.(\d+)/);
  return m ? String(Number(m[1]) * 100000 + Number(m[2]) * 1000) : "0";
}

/** The uname command. */
export const uname: SimCommand = (host, call) => {
  const io = new CommandIo("uname");
  return runCommand(io, () => {
    const usage = (): never => {
      io.err("usage: uname [-abiKmnoprsUv]\n");
      throw new CommandExit(1);
    };
    const parsed = getopt(call.argv, "abiKmnoprsUv", io, usage);
    if (parsed.operands.length) usage();
    const flags = new Set(parsed.options.map((o) => o.flag));
    if (flags.has("a")) for (const f of "mnrsv") flags.add(f);
    if (flags.size === 0) flags.add("s");
    const release = host.osRelease;
    const branch = release.replace(/-RELEASE.*$/, "");
    const version = `FreeBSD ${release} releng/${branch}-n0-0000000000 GENERIC`;
    const fields: [string, string][] = [
      ["s", "FreeBSD"], ["o", "FreeBSD"], ["n", host.hostname], ["r", release], ["v", version],
      ["m", "amd64"], ["p", "amd64"], ["i", "GENERIC"], ["K", osreldate(release)], ["U", osreldate(release)],
      ["b", "0000000000000000000000000000000000000000"],
    ];
    io.out(`${fields.filter(([f]) => flags.has(f)).map(([, v]) => v).join(" ")}\n`);
  });
};
