// Child process: runs one Pulumi program under setMocks and reports every custom resource it registered.
// A fresh process per capture gives @pulumi/pulumi fresh global runtime state and reads config from the env.

import * as path from "path";
import type { CaptureReply, CaptureRequest } from "./capture-protocol";
import { liftSecrets } from "./secrets";
import type { CapturedResource, JsonObject } from "./types";

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

// The parts of the generated RegisterResourceRequest this file reads.
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): { toJavaScript(): JsonObject } | undefined;
  getDependenciesList(): string[];
  getAdditionalsecretoutputsList(): string[];
  getDeletebeforereplace(): boolean;
  getDeletebeforereplacedefined(): boolean;
  getIgnorechangesList(): string[];
  getReplaceonchangesList(): string[];
  getProtect(): boolean;
}
interface MockMonitorPrototype {
  newUrn(parent: string, type: string, name: string): string;
  registerResource(req: RegisterRequest, callback: unknown): Promise<void>;
}

function isRootStack(urn: string): boolean {
  return (urn.split("::")[2] ?? "").split("$").pop() === ROOT_STACK_TYPE;
}

function send(reply: CaptureReply): void {
  process.send!(reply, () => process.exit(reply.ok ? 0 : 1));
}

async function capture(req: CaptureRequest): Promise<CaptureReply> {
  // Resolve @pulumi/pulumi the way the program itself will, so we patch the instance it uses.
  const paths = [path.dirname(req.program), process.cwd()];
  const pulumi = require(require.resolve("@pulumi/pulumi", { paths }));
  const mocksModule = require(require.resolve("@pulumi/pulumi/runtime/mocks", { paths }));
  const proto: MockMonitorPrototype = mocksModule.MockMonitor.prototype;

  const resources: CapturedResource[] = [];
  let registeringUrn = "";

  // The engine never puts the root stack into a child's URN type; the mock monitor does. Match the engine.
  const newUrn = proto.newUrn;
  proto.newUrn = function (parent, type, name) {
    return newUrn.call(this, parent && !isRootStack(parent) ? parent : "", type, name);
  };
  const registerResource = proto.registerResource;
  proto.registerResource = function (r, callback) {
    registeringUrn = this.newUrn(r.getParent(), r.getType(), r.getName());
    if (r.getCustom()) resources.push(toCaptured(registeringUrn, r));
    // The original calls mocks.newResource synchronously, so registeringUrn is still ours there.
    return registerResource.call(this, r, callback);
  };

  await pulumi.runtime.setMocks(
    {
      newResource(args: { name: string; inputs: Record<string, unknown>; custom?: boolean }) {
        const prior = req.priorOutputs[registeringUrn];
        if (prior) return { id: prior.id, state: prior.outputs };
        return { id: args.custom ? `${args.name}-id` : undefined, state: args.inputs };
      },
      call(args: { inputs: Record<string, unknown> }) {
        return args.inputs;
      },
    },
    req.project,
    req.stack,
    false,
  );

  const stackOutputs = await pulumi.runtime.runInPulumiStack(async () => {
    const exported = require(req.program);
    // The language host calls a module that is itself a function; TS `export default` compiles to `.default`.
    const main = typeof exported === "function" ? exported : exported?.default;
    return typeof main === "function" ? await main() : exported;
  });
  await pulumi.runtime.waitForRPCs();
  return { ok: true, resources, stackOutputs: JSON.parse(JSON.stringify(stackOutputs ?? null)) };
}

function toCaptured(urn: string, r: RegisterRequest): CapturedResource {
  const { plain, secretKeys } = liftSecrets(r.getObject()?.toJavaScript() ?? {});
  const parent = r.getParent();
  return {
    urn,
    type: r.getType(),
    name: r.getName(),
    inputs: plain,
    secretInputs: secretKeys,
    additionalSecretOutputs: r.getAdditionalsecretoutputsList(),
    dependsOn: r.getDependenciesList(),
    ...(parent && !isRootStack(parent) ? { parent } : {}),
    ...(r.getDeletebeforereplacedefined() ? { deleteBeforeReplace: r.getDeletebeforereplace() } : {}),
    ignoreChanges: r.getIgnorechangesList(),
    replaceOnChanges: r.getReplaceonchangesList(),
    protect: Boolean(r.getProtect()),
  };
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

process.on("unhandledRejection", (err) => send({ ok: false, error: describe(err) }));
process.once("message", (req: CaptureRequest) => {
  capture(req).then(send, (err) => send({ ok: false, error: describe(err) }));
});
