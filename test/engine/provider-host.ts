// ProviderHost: the real dynamic-provider host process plus a typed gRPC client with deadlines.

import type { ChildProcess } from "child_process";
import type { Metadata, ServiceError } from "@grpc/grpc-js";
import { startHostProcess, stopHostProcess, type HostProcessOptions } from "./host-process";
import { fromStruct, loadProtoModules, toStruct, type ProtoModules } from "./proto";
import { decodeProviderError } from "./provider-errors";
import { rpcSecret } from "./secrets";
import type { CheckFailure, JsonObject, StackConfig } from "./types";

/** Options of {@link ProviderHost.start}. */
export interface ProviderHostOptions extends HostProcessOptions {
  /** Deadline of each RPC (default 120 s). */
  callTimeoutMs?: number;
}

/** Diff as the engine reads it: `changes` is "unknown" when the provider's diff left it unset. */
export interface DiffResponse {
  changes: "none" | "some" | "unknown";
  replaces: string[];
  deleteBeforeReplace: boolean;
}

type Callback = (err: ServiceError | null, res: any) => void;
type UnaryMethod = (req: unknown, md: Metadata, opts: { deadline: number }, cb: Callback) => void;

/**
 * A running `@pulumi/pulumi/cmd/dynamic-provider` process and a client for it. Methods mirror the engine's
 * calls; provider errors reject with `ProviderCallError`, partial failures with `ProviderInitError`.
 * Call {@link ProviderHost.dispose} to kill the process.
 */
export class ProviderHost {
  private constructor(
    private readonly modules: ProtoModules,
    private readonly client: InstanceType<ProtoModules["services"]["ResourceProviderClient"]>,
    private readonly child: ChildProcess,
    /** The port the host listens on (127.0.0.1). */
    readonly port: number,
    private readonly callTimeoutMs: number,
    private readonly onExit: (code: number | null, signal: string | null) => void,
  ) {}

  /** Spawns the host in `opts.cwd` and connects to it. */
  static async start(opts: ProviderHostOptions): Promise<ProviderHost> {
    const modules = loadProtoModules(opts.cwd);
    const { child, port } = await startHostProcess(opts);
    // A host that dies mid-operation fails every later call with UNAVAILABLE; say why where logs go.
    const onExit = (code: number | null, signal: string | null) =>
      opts.onLog?.("stderr", `provider host exited unexpectedly (${signal ?? `code ${code}`})`);
    child.once("exit", onExit);
    const client = new modules.services.ResourceProviderClient(
      `127.0.0.1:${port}`,
      modules.grpc.credentials.createInsecure(),
      { "grpc.max_receive_message_length": 1 << 30, "grpc.max_send_message_length": 1 << 30 },
    );
    return new ProviderHost(modules, client, child, port, opts.callTimeoutMs ?? 120_000, onExit);
  }

  /** The host's process id. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  private call<T>(method: string, req: unknown, urn?: string): Promise<T> {
    const fn = (this.client as unknown as Record<string, UnaryMethod>)[method].bind(this.client);
    return new Promise<T>((resolve, reject) => {
      fn(req, new this.modules.grpc.Metadata(), { deadline: Date.now() + this.callTimeoutMs }, (err, res) =>
        err ? reject(decodeProviderError(this.modules, method, urn, err)) : resolve(res as T),
      );
    });
  }

  /** The SDK version the host reports. */
  async getPluginInfo(): Promise<string> {
    const res = await this.call<{ getVersion(): string }>("getPluginInfo", new this.modules.empty.Empty());
    return res.getVersion();
  }

  /** Configure with the full stack config, namespaced keys, secrets marked (the host unwraps them). */
  async configure(config: StackConfig): Promise<{ acceptSecrets: boolean; supportsPreview: boolean }> {
    const args: JsonObject = {};
    for (const [key, v] of Object.entries(config)) args[key] = typeof v === "string" ? v : rpcSecret(v.value);
    const req = new this.modules.provider.ConfigureRequest()
      .setArgs(toStruct(this.modules, args))
      .setAcceptsecrets(true)
      .setAcceptresources(true);
    const res = await this.call<{ getAcceptsecrets(): boolean; getSupportspreview(): boolean }>("configure", req);
    return { acceptSecrets: res.getAcceptsecrets(), supportsPreview: res.getSupportspreview() };
  }

  /** Check(olds = prior inputs, news = program inputs) → inputs after defaults, plus failures. */
  async check(urn: string, olds: JsonObject, news: JsonObject): Promise<{ inputs: JsonObject; failures: CheckFailure[] }> {
    const req = new this.modules.provider.CheckRequest()
      .setUrn(urn)
      .setOlds(toStruct(this.modules, olds))
      .setNews(toStruct(this.modules, news));
    const res = await this.call<InstanceType<ProtoModules["provider"]["CheckResponse"]>>("check", req, urn);
    const failures = res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() }));
    return { inputs: fromStruct(res.getInputs()), failures };
  }

  /** Diff(id, olds = prior OUTPUTS, news = checked inputs). */
  async diff(id: string, urn: string, olds: JsonObject, news: JsonObject, oldInputs: JsonObject = {}): Promise<DiffResponse> {
    const req = new this.modules.provider.DiffRequest()
      .setId(id)
      .setUrn(urn)
      .setOlds(toStruct(this.modules, olds))
      .setNews(toStruct(this.modules, news))
      .setOldInputs(toStruct(this.modules, oldInputs));
    const res = await this.call<InstanceType<ProtoModules["provider"]["DiffResponse"]>>("diff", req, urn);
    const changes = (["unknown", "none", "some"] as const)[res.getChanges()] ?? "unknown";
    return { changes, replaces: res.getReplacesList(), deleteBeforeReplace: res.getDeletebeforereplace() };
  }

  /** Create(properties = checked inputs) → id and outputs. */
  async create(urn: string, props: JsonObject, preview = false): Promise<{ id: string; outs: JsonObject }> {
    const req = new this.modules.provider.CreateRequest()
      .setUrn(urn)
      .setProperties(toStruct(this.modules, props))
      .setPreview(preview);
    const res = await this.call<InstanceType<ProtoModules["provider"]["CreateResponse"]>>("create", req, urn);
    return { id: res.getId(), outs: fromStruct(res.getProperties()) };
  }

  /** Read(id, properties = outputs, inputs = stored inputs); an empty id means the resource is gone. */
  async read(id: string, urn: string, props: JsonObject, inputs: JsonObject = {}): Promise<{ id: string; props: JsonObject; inputs?: JsonObject }> {
    const req = new this.modules.provider.ReadRequest()
      .setId(id)
      .setUrn(urn)
      .setProperties(toStruct(this.modules, props))
      .setInputs(toStruct(this.modules, inputs));
    const res = await this.call<InstanceType<ProtoModules["provider"]["ReadResponse"]>>("read", req, urn);
    const returnedInputs = res.getInputs();
    return { id: res.getId(), props: fromStruct(res.getProperties()), ...(returnedInputs ? { inputs: fromStruct(returnedInputs) } : {}) };
  }

  /** Update(id, olds = prior outputs, news = checked inputs) → the new outputs. */
  async update(id: string, urn: string, olds: JsonObject, news: JsonObject, oldInputs: JsonObject = {}): Promise<JsonObject> {
    const req = new this.modules.provider.UpdateRequest()
      .setId(id)
      .setUrn(urn)
      .setOlds(toStruct(this.modules, olds))
      .setNews(toStruct(this.modules, news))
      .setOldInputs(toStruct(this.modules, oldInputs));
    const res = await this.call<InstanceType<ProtoModules["provider"]["UpdateResponse"]>>("update", req, urn);
    return fromStruct(res.getProperties());
  }

  /** Delete(id, properties = outputs): the host loads the provider from the outputs' `__provider`. */
  async delete(id: string, urn: string, props: JsonObject, oldInputs: JsonObject = {}): Promise<void> {
    const req = new this.modules.provider.DeleteRequest()
      .setId(id)
      .setUrn(urn)
      .setProperties(toStruct(this.modules, props))
      .setOldInputs(toStruct(this.modules, oldInputs));
    await this.call<unknown>("delete", req, urn);
  }

  /** Closes the client and stops the host process. */
  async dispose(): Promise<void> {
    this.child.off("exit", this.onExit);
    this.client.close();
    await stopHostProcess(this.child);
  }
}
