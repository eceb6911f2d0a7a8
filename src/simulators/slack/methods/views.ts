import { ApiError, invalidArguments, requireString, stringArg } from "../api-error.js";
import type { SimState, TriggerState } from "../sim-state.js";
import type { JsonObject, SimView } from "../types.js";
import { applyView, checkHash, newView, readViewArg, viewObject } from "../view-shape.js";
import type { MethodCall, MethodTable } from "./method.js";

/** A trigger_id opens one view, once, within a few seconds of the interaction that produced it. */
function consumeTrigger(state: SimState, args: JsonObject): TriggerState {
  const id = requireString(args, "trigger_id");
  const trigger = state.triggers.get(id);
  if (trigger === undefined) throw new ApiError("invalid_trigger_id");
  if (trigger.used) throw new ApiError("exchanged_trigger_id");
  if (Date.now() - trigger.mintedAt > state.config.triggerTtlMs) throw new ApiError("expired_trigger_id");
  trigger.used = true;
  return trigger;
}

function rejectDuplicateExternalId(state: SimState, view: JsonObject): void {
  const externalId = view.external_id;
  if (typeof externalId === "string" && externalId !== "" && state.views.some((v) => v.external_id === externalId)) {
    throw new ApiError("duplicate_external_id");
  }
}

function open({ args, state, config }: MethodCall): JsonObject {
  const trigger = consumeTrigger(state, args);
  const view = readViewArg(args, ["modal"]);
  rejectDuplicateExternalId(state, view);
  const created = newView(state.nextViewId(), view, "views.open", trigger.userId);
  state.views.push(created);
  return { view: viewObject(created, config) };
}

function push({ args, state, config }: MethodCall): JsonObject {
  const trigger = consumeTrigger(state, args);
  const view = readViewArg(args, ["modal"]);
  rejectDuplicateExternalId(state, view);
  const below = [...state.views].reverse().find((v) => v.type === "modal" && v.user_id === trigger.userId);
  const created = newView(state.nextViewId(), view, "views.push", trigger.userId, below);
  state.views.push(created);
  return { view: viewObject(created, config) };
}

function update({ args, state, config }: MethodCall): JsonObject {
  const viewId = stringArg(args, "view_id");
  const externalId = stringArg(args, "external_id");
  if (viewId === undefined && externalId === undefined)
    throw invalidArguments("either view_id or external_id is required");
  const existing: SimView | undefined =
    viewId !== undefined
      ? state.views.find((v) => v.id === viewId)
      : state.views.find((v) => v.external_id === externalId);
  if (existing === undefined) throw new ApiError("not_found");
  checkHash(args, existing);
  const view = readViewArg(args, [existing.type]);
  return { view: viewObject(applyView(existing, view, "views.update"), config) };
}

/** One Home tab per user and app: republishing keeps the view id and replaces the content. */
function publish({ args, state, config }: MethodCall): JsonObject {
  const userId = requireString(args, "user_id");
  if (!state.userExists(userId)) throw new ApiError("user_not_found");
  const view = readViewArg(args, ["home"]);
  const existing = state.views.find((v) => v.type === "home" && v.user_id === userId);
  if (existing !== undefined) {
    checkHash(args, existing);
    return { view: viewObject(applyView(existing, view, "views.publish"), config) };
  }
  const created = newView(state.nextViewId(), view, "views.publish", userId);
  state.views.push(created);
  return { view: viewObject(created, config) };
}

export const viewsMethods: MethodTable = {
  "views.open": open,
  "views.push": push,
  "views.update": update,
  "views.publish": publish,
};
