import type { SimConfig, SimState } from "../sim-state.js";
import type { JsonObject } from "../types.js";

export interface MethodCall {
  args: JsonObject;
  state: SimState;
  config: SimConfig;
}

/** Returns the fields that go next to `ok: true`; throws ApiError for an `ok: false` answer. */
export type MethodHandler = (call: MethodCall) => JsonObject;

export type MethodTable = Record<string, MethodHandler>;
