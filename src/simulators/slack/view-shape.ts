import { ApiError, invalidArguments } from "./api-error.js";
import { checkBlocks, isObject, VIEW_MAX_BLOCKS } from "./block-limits.js";
import { viewHash } from "./ids.js";
import type { SimConfig } from "./sim-state.js";
import type { JsonObject, SimView, ViewVia } from "./types.js";

const LIMITS = { title: 24, button: 24, privateMetadata: 3000, callbackId: 255, externalId: 255 };

/** Reads the `view` argument, rejecting what Slack rejects (wrong type, over-long title or private_metadata). */
export function readViewArg(args: JsonObject, allowedTypes: string[]): JsonObject {
  const view = args.view;
  if (view === undefined) throw invalidArguments("missing required field: view");
  if (!isObject(view)) throw invalidArguments("failed to match all allowed schemas [json-pointer:/view]");
  if (typeof view.type !== "string" || !allowedTypes.includes(view.type)) {
    throw invalidArguments(`must be one of: ${allowedTypes.join(", ")} [json-pointer:/view/type]`);
  }
  const problems: string[] = [];
  if (view.type === "modal" && !isObject(view.title))
    problems.push("missing required field: title [json-pointer:/view]");
  checkText(view.title, LIMITS.title, "/view/title/text", problems);
  checkText(view.submit, LIMITS.button, "/view/submit/text", problems);
  checkText(view.close, LIMITS.button, "/view/close/text", problems);
  checkLength(view.private_metadata, LIMITS.privateMetadata, "/view/private_metadata", problems);
  checkLength(view.callback_id, LIMITS.callbackId, "/view/callback_id", problems);
  checkLength(view.external_id, LIMITS.externalId, "/view/external_id", problems);
  if (problems.length > 0) throw invalidArguments(...problems);
  checkBlocks(view.blocks ?? [], VIEW_MAX_BLOCKS, "/view/blocks");
  return view;
}

function checkText(value: unknown, max: number, pointer: string, problems: string[]): void {
  if (isObject(value)) checkLength(value.text, max, pointer, problems);
}

function checkLength(value: unknown, max: number, pointer: string, problems: string[]): void {
  if (typeof value === "string" && value.length > max) {
    problems.push(`must be less than ${max + 1} characters [json-pointer:${pointer}]`);
  }
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** Overwrites every view field from `view`: views.update and views.publish replace, they do not merge. */
export function applyView(target: SimView, view: JsonObject, via: ViewVia): SimView {
  target.type = str(view.type);
  target.callback_id = str(view.callback_id);
  target.external_id = str(view.external_id) || target.external_id;
  target.private_metadata = str(view.private_metadata);
  target.title = view.title;
  target.submit = view.submit;
  target.close = view.close;
  target.blocks = Array.isArray(view.blocks) ? view.blocks : [];
  target.clear_on_close = view.clear_on_close === true;
  target.notify_on_close = view.notify_on_close === true;
  target.hash = viewHash();
  target.history.push({ view, via, at: new Date() });
  return target;
}

export function newView(id: string, view: JsonObject, via: ViewVia, userId?: string, previous?: SimView): SimView {
  const created: SimView = {
    id,
    type: "",
    user_id: userId,
    callback_id: "",
    external_id: "",
    private_metadata: "",
    blocks: [],
    hash: "",
    root_view_id: previous?.root_view_id ?? id,
    previous_view_id: previous?.id ?? null,
    clear_on_close: false,
    notify_on_close: false,
    history: [],
  };
  return applyView(created, view, via);
}

export function checkHash(args: JsonObject, view: SimView): void {
  const hash = args.hash;
  if (typeof hash === "string" && hash !== "" && hash !== view.hash) throw new ApiError("hash_conflict");
}

/** The view object Slack returns from views.* and embeds in view_submission / block_actions payloads. */
export function viewObject(
  view: SimView,
  config: Pick<SimConfig, "teamId" | "appId" | "botId">,
  values: JsonObject = {},
): JsonObject {
  return {
    id: view.id,
    team_id: config.teamId,
    type: view.type,
    blocks: view.blocks,
    private_metadata: view.private_metadata,
    callback_id: view.callback_id,
    state: { values },
    hash: view.hash,
    title: view.title ?? null,
    clear_on_close: view.clear_on_close,
    notify_on_close: view.notify_on_close,
    close: view.close ?? null,
    submit: view.submit ?? null,
    previous_view_id: view.previous_view_id,
    root_view_id: view.root_view_id,
    app_id: config.appId,
    external_id: view.external_id,
    app_installed_team_id: config.teamId,
    bot_id: config.botId,
  };
}
