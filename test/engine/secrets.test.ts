import { deserializeState, serializeState } from "./state-store";
import { liftSecrets, RESOURCE_SIG, rpcSecret, SECRET_SIG, secretOutputKeys, SIG_KEY, stateSecret, stripMarkers } from "./secrets";
import type { Json, JsonObject, StackState } from "./types";

test.each<[Json, Json]>([
  [rpcSecret("pw"), "pw"],
  [stateSecret({ user: "root" }), { user: "root" }],
  [{ connection: { host: "h", password: rpcSecret("pw") } }, { connection: { host: "h", password: "pw" } }],
  [[rpcSecret(1), 2], [1, 2]],
  [{ [SIG_KEY]: RESOURCE_SIG, urn: "urn:x", id: "i-1" }, "i-1"],
  [{ [SIG_KEY]: RESOURCE_SIG, urn: "urn:component", id: "" }, "urn:component"],
])("stripMarkers(%j) is %j", (marked, plain) => {
  expect(stripMarkers(marked)).toEqual(plain);
});

test("liftSecrets marks a top-level key when the secret sits anywhere inside it", () => {
  const marked: JsonObject = { name: "lagg0", connection: { host: "h", privateKey: rpcSecret("KEY") }, token: rpcSecret("t") };
  expect(liftSecrets(marked)).toEqual({
    plain: { name: "lagg0", connection: { host: "h", privateKey: "KEY" }, token: "t" },
    secretKeys: ["connection", "token"],
  });
});

test.each<[string[], string[], string[]]>([
  [["connection"], [], ["connection"]],
  [[], ["status"], ["status"]],
  [["connection", "gone"], ["missing"], ["connection"]],
  [[], [], []],
])("outputs secret for secret inputs %j and additional %j: %j", (secretInputs, additional, expected) => {
  expect(secretOutputKeys({ connection: {}, name: "x", status: {} }, secretInputs, additional)).toEqual(expected);
});

test("state files keep secrets as plaintext markers and read back to the same state", () => {
  const state: StackState = {
    project: "p",
    stack: "s",
    resources: [
      {
        urn: "urn:pulumi:s::p::t::r",
        type: "t",
        id: "r1",
        inputs: { connection: { password: "pw" }, name: "lagg0" },
        outputs: { connection: { password: "pw" }, name: "lagg0", derived: 4 },
        secretInputs: ["connection"],
        secretOutputs: ["connection", "derived"],
        dependencies: [],
        additionalSecretOutputs: ["derived"],
        initErrors: ["not up"],
      },
    ],
  };
  const stored = serializeState(state);
  expect(stored.resources[0].outputs).toEqual({
    connection: { [SIG_KEY]: SECRET_SIG, plaintext: '{"password":"pw"}' },
    name: "lagg0",
    derived: { [SIG_KEY]: SECRET_SIG, plaintext: "4" },
  });
  expect(deserializeState(JSON.parse(JSON.stringify(stored)))).toEqual(state);
});
