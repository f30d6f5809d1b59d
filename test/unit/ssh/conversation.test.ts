// runConversation: a read and the change it decides, in one `/bin/sh -s` exec on one connection.
import { runConversation, splitAtSentinel, SshExecError } from "../../../provider/ssh";
import type { FirstPart } from "../../../provider/ssh";
import { connectionTo } from "./helpers/fixtures";
import type { TestSshServer } from "./helpers/test-server";
import { usePasswordServer } from "./helpers/password-server";

let server: TestSshServer;
usePasswordServer((s) => (server = s));

const SENTINEL = "@@test READ-END";
const READ = `echo "read by $$"; echo oops >&2; echo '${SENTINEL}'\n`;

test("the read and the change it decides run in one exec, in the same shell, each with its own output", async () => {
  const before = server.execs.length;
  const seen: FirstPart[] = [];
  const r = await runConversation(connectionTo(server), READ, SENTINEL, (first) => {
    seen.push(first);
    return `echo "changed by $$"; echo bad >&2; exit 5\n`;
  });
  expect(server.execs.length - before).toBe(1);
  expect(seen).toEqual([{ stdout: expect.stringMatching(/^read by \d+\n$/), stderr: expect.any(String), completed: true }]);
  const readBy = seen[0].stdout.match(/\d+/)?.[0];
  expect(r.second).toMatchObject({ stdout: `changed by ${readBy}\n`, exitCode: 5 });
  // stderr is its own stream: split where the sentinel arrived, nothing lost or doubled.
  expect(seen[0].stderr + r.second?.stderr).toBe("oops\nbad\n");
});

test("a plan that takes its time: the shell waits on stdin for the change", async () => {
  const r = await runConversation(connectionTo(server), READ, SENTINEL, async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return "echo later\n";
  });
  expect(r.second).toMatchObject({ stdout: "later\n", exitCode: 0 });
});

test("a plan that sends nothing ends the shell with nothing more run", async () => {
  const r = await runConversation(connectionTo(server), READ, SENTINEL, () => undefined);
  expect(r.first.completed).toBe(true);
  expect(r.second).toBeUndefined();
});

test("a plan that throws: its error comes back and nothing more runs on the host", async () => {
  const error = await runConversation(connectionTo(server), READ, SENTINEL, () => {
    throw new Error("refused: the port carries the session address");
  }).catch((e: Error) => e);
  expect(error).toEqual(new Error("refused: the port carries the session address"));
  // The connection is still good for the next operation.
  await expect(runConversation(connectionTo(server), READ, SENTINEL, () => "echo next\n")).resolves.toMatchObject({ second: { stdout: "next\n" } });
});

test("a read that ends the shell before its sentinel: the plan is not asked, the exit status is reported", async () => {
  const plan = jest.fn(() => "echo never\n");
  const r = await runConversation(connectionTo(server), "echo partial; exit 3\n", SENTINEL, plan);
  expect(plan).not.toHaveBeenCalled();
  expect(r).toMatchObject({ first: { stdout: "partial\n", completed: false, exitCode: 3 } });
  expect(r.second).toBeUndefined();
});

test("a connection lost during the read (nothing sent that changes anything) runs the conversation again once", async () => {
  const before = server.execs.length;
  const plan = jest.fn(() => "echo applied\n");
  server.dropAfterScriptArrives = 1;
  const r = await runConversation(connectionTo(server), READ, SENTINEL, plan);
  expect(server.execs.length - before).toBe(2);
  expect(plan).toHaveBeenCalledTimes(1);
  expect(r.second).toMatchObject({ stdout: "applied\n", exitCode: 0 });
});

test("a connection lost after the change was sent is an SshExecError that may have run, never re-run", async () => {
  const before = server.execs.length;
  server.dropWhenStdinIncludes = "CHANGE-MARK";
  const error = await runConversation(connectionTo(server), READ, SENTINEL, () => "sleep 1; echo CHANGE-MARK\n").catch((e: Error) => e);
  expect(error).toBeInstanceOf(SshExecError);
  expect((error as SshExecError).mayHaveRun).toBe(true);
  expect(server.execs.length - before).toBe(1);
});

test.each([
  ["at the start", `${SENTINEL}\nafter\n`, ["", "after\n"]],
  ["after output", `a\n${SENTINEL}\nb\n`, ["a\n", "b\n"]],
  ["only as part of a line", `x${SENTINEL}\n`, undefined],
  ["absent", "a\nb\n", undefined],
])("splitAtSentinel: sentinel %s", (_name, stdout, parts) => {
  expect(splitAtSentinel(stdout, SENTINEL)).toEqual(parts);
});
