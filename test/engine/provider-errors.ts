// Errors a provider RPC can end with, decoded from the gRPC status (and its details, for partial failures).

import type { ServiceError } from "@grpc/grpc-js";
import { fromStruct, type ProtoModules } from "./proto";
import type { JsonObject } from "./types";

const INIT_FAILED_TYPE = "pulumirpc.ErrorResourceInitFailed";

/** A provider RPC failed. `message` is what the provider threw (gRPC `details`). */
export class ProviderCallError extends Error {
  override name = "ProviderCallError";
  constructor(
    /** The RPC, e.g. "create". */
    readonly method: string,
    /** The resource the call was for, when there was one. */
    readonly urn: string | undefined,
    /** The gRPC status code (2 = UNKNOWN for errors a provider throws, 4 = DEADLINE_EXCEEDED, 14 = UNAVAILABLE). */
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Create or Update failed after the resource came to exist (the provider threw `{id, properties, reasons}`):
 * the engine keeps it in state with these properties and the reasons as init errors.
 */
export class ProviderInitError extends ProviderCallError {
  override name = "ProviderInitError";
  constructor(
    method: string,
    urn: string | undefined,
    code: number,
    message: string,
    readonly id: string,
    readonly properties: JsonObject,
    readonly reasons: string[],
  ) {
    super(method, urn, code, message);
  }
}

/** Turns a gRPC ServiceError into a ProviderCallError or, when it carries init-failure details, a ProviderInitError. */
export function decodeProviderError(
  modules: ProtoModules,
  method: string,
  urn: string | undefined,
  err: ServiceError,
): ProviderCallError {
  const message = err.details || err.message;
  const [details] = err.metadata?.get("grpc-status-details-bin") ?? [];
  if (details instanceof Buffer) {
    const status = modules.status.Status.deserializeBinary(new Uint8Array(details));
    const any = status.getDetailsList().find((d) => d.getTypeName() === INIT_FAILED_TYPE);
    if (any) {
      const init = modules.provider.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
      return new ProviderInitError(
        method,
        urn,
        err.code,
        message,
        init.getId(),
        fromStruct(init.getProperties()),
        init.getReasonsList(),
      );
    }
  }
  return new ProviderCallError(method, urn, err.code, message);
}
