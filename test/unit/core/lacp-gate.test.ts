// When a create/update waits after the change (gateFor), and how the gate's progress markers become log lines.
import { gateFor, lacpProgressLogger, LINK_SETTLE_SEC } from "../../../provider/operations/lacp-gate";
import type { LaggProtocol } from "../../../provider/types";

type Host = { protocol: string; ports: string[] } | undefined;
const lacp = (ports: string[], lacpTimeout?: number) => ({ protocol: "lacp" as LaggProtocol, ports, lacpTimeout });

describe("gateFor: which changes wait for LACP partners (or carrier)", () => {
  test.each<[string, ReturnType<typeof lacp> | { protocol: LaggProtocol; ports: string[] }, Host, unknown]>([
    ["lacp create: the default 30 s gate", lacp(["igb0", "igb1"]), undefined, { lacpWaitSec: 30 }],
    ["lacp create with lacpTimeout 5", lacp(["igb0"], 5), undefined, { lacpWaitSec: 5 }],
    ["lacpTimeout 0: no wait at all", lacp(["igb0"], 0), undefined, undefined],
    ["lacp update adding a port", lacp(["igb0", "igb1"]), { protocol: "lacp", ports: ["igb0"] }, { lacpWaitSec: 30 }],
    ["lacp update removing a port: nothing joins, no wait", lacp(["igb0"]), { protocol: "lacp", ports: ["igb0", "igb1"] }, undefined],
    ["failover -> lacp with the same ports", lacp(["igb0", "igb1"]), { protocol: "failover", ports: ["igb0", "igb1"] }, { lacpWaitSec: 30 }],
    ["lacp with no ports: nothing to negotiate", lacp([]), undefined, undefined],
    ["failover create: a short carrier wait", { protocol: "failover", ports: ["igb0"] }, undefined, { linkSettleSec: LINK_SETTLE_SEC }],
    ["failover update with the same ports: no wait", { protocol: "failover", ports: ["igb0"] }, { protocol: "failover", ports: ["igb0"] }, undefined],
  ])("%s", (_what, news, actual, want) => {
    expect(gateFor(news, actual)).toEqual(want);
  });
});

describe("lacpProgressLogger", () => {
  test("logs LACP-WAIT markers of this run as sentences, at most once a second; ignores everything else", () => {
    const logs: string[] = [];
    let t = 0;
    const onLine = lacpProgressLogger("@@n", "lagg0", (m) => logs.push(m), () => t);
    onLine("@@n LACP-WAIT 0 30 igb0 igb1 ");
    t = 500;
    onLine("@@n LACP-WAIT 0 30 igb1 ");
    t = 1200;
    onLine("@@other LACP-WAIT 1 30 igb1 ");
    onLine("@@n STEP add igb1");
    onLine("@@n LACP-WAIT 1 30 igb1 ");
    expect(logs).toEqual([
      "lagg0: waiting for an LACP partner on igb0, igb1 (0 s of lacpTimeout 30 s)",
      "lagg0: waiting for an LACP partner on igb1 (1 s of lacpTimeout 30 s)",
    ]);
  });
});
