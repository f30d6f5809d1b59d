// The generated gRPC/protobuf modules, loaded from @pulumi/pulumi's own resolution path: a second copy of
// google-protobuf or grpc-js fails with "Request message serialization failure" (reference §3c).

import type * as grpcJs from "@grpc/grpc-js";
import type * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import type * as statusPb from "@pulumi/pulumi/proto/status_pb";
import type * as emptyPb from "google-protobuf/google/protobuf/empty_pb";
import type * as structPb from "google-protobuf/google/protobuf/struct_pb";
import { pulumiPackageDir } from "./paths";
import type { JsonObject } from "./types";

/** The modules a provider client needs, all from one @pulumi/pulumi installation. */
export interface ProtoModules {
  grpc: typeof grpcJs;
  empty: typeof emptyPb;
  provider: typeof providerPb;
  services: typeof providerGrpc;
  status: typeof statusPb;
  struct: typeof structPb;
}

/** Loads the modules that the @pulumi/pulumi resolved from `cwd` uses. */
export function loadProtoModules(cwd: string): ProtoModules {
  const pulumiDir = pulumiPackageDir(cwd);
  const load = (id: string) => require(require.resolve(id, { paths: [pulumiDir] }));
  return {
    grpc: load("@grpc/grpc-js"),
    empty: load("google-protobuf/google/protobuf/empty_pb"),
    provider: load("@pulumi/pulumi/proto/provider_pb"),
    services: load("@pulumi/pulumi/proto/provider_grpc_pb"),
    status: load("@pulumi/pulumi/proto/status_pb"),
    struct: load("google-protobuf/google/protobuf/struct_pb"),
  };
}

/** JS property map to Struct. Values must be JSON (undefined, functions, Buffers and BigInt throw). */
export function toStruct(modules: ProtoModules, value: JsonObject): structPb.Struct {
  return modules.struct.Struct.fromJavaScript(value as Record<string, structPb.JavaScriptValue>);
}

/** Struct (possibly absent) to a JS property map. */
export function fromStruct(value: structPb.Struct | undefined): JsonObject {
  return (value?.toJavaScript() ?? {}) as JsonObject;
}
