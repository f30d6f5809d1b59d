// SimFaults.fillDisk: sysrc's writes fail with ENOSPC before their mv, so rc.conf keeps its old content
// (f_sysrc_set / f_sysrc_delete, usr.sbin/bsdconfig/share/sysrc.subr, FreeBSD 13/14).
import { createSimMachine } from "../machine";

const run = (machine: ReturnType<typeof createSimMachine>, ...argv: string[]) => machine.run("sysrc", argv, { stdin: "", env: {} });

test("a full disk fails every write, changes nothing, and reads still work; cleared, writes work again", async () => {
  const machine = createSimMachine({});
  const before = (await run(machine, "-a")).stdout;
  machine.faults.fillDisk();
  expect(await run(machine, "ifconfig_lagg0=up", "cloned_interfaces+=lagg0")).toMatchObject({
    exitCode: 1,
    stderr: "tail: stdout: No space left on device\ntail: stdout: No space left on device\n",
  });
  expect(await run(machine, "-x", "hostname")).toMatchObject({ exitCode: 1 });
  expect((await run(machine, "-a")).stdout).toBe(before);
  expect(await run(machine, "-n", "hostname")).toMatchObject({ exitCode: 0, stdout: "freebsd\n" });
  machine.faults.clear();
  expect(await run(machine, "ifconfig_lagg0=up")).toMatchObject({ exitCode: 0 });
  expect((await run(machine, "-n", "ifconfig_lagg0")).stdout).toBe("up\n");
});

test("fillDisk({ times: 1 }) fails only the next write", async () => {
  const machine = createSimMachine({});
  machine.faults.fillDisk({ times: 1 });
  expect(await run(machine, "a_one=1", "a_two=2")).toMatchObject({ exitCode: 1 });
  expect(await run(machine, "-n", "a_one")).toMatchObject({ exitCode: 1 });
  expect((await run(machine, "-n", "a_two")).stdout).toBe("2\n");
});
