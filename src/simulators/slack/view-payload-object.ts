import type { PayloadContext } from "./payload-context.js";
import type { JsonObject } from "./types.js";
import { viewObject } from "./view-shape.js";

/** A view as an interaction payload refers to it; fields given here win over the simulator's copy. */
export interface ViewInput {
  id?: string;
  callback_id?: string;
  private_metadata?: string;
  external_id?: string;
  type?: string;
  hash?: string;
  blocks?: unknown[];
  /** What the user typed or picked, keyed by block_id then action_id, as Slack sends it. */
  state?: { values: JsonObject };
}

/**
 * With a simulator that opened the view, the payload carries the view exactly as the app last set
 * it (blocks, private_metadata, hash), which is what the app will find in `body.view`.
 */
export function viewPayloadObject(ctx: PayloadContext, input: ViewInput): JsonObject {
  const sim = ctx.simulator;
  const known = input.id !== undefined && sim !== undefined ? sim.view(input.id) : undefined;
  const values = input.state?.values ?? {};
  const base: JsonObject =
    known !== undefined && sim !== undefined
      ? viewObject(known, sim, values)
      : {
          id: input.id ?? "V0CLIENT01",
          team_id: ctx.teamId,
          type: "modal",
          blocks: [],
          private_metadata: "",
          callback_id: "",
          state: { values },
          hash: "",
          title: { type: "plain_text", text: "Simulated" },
          clear_on_close: false,
          notify_on_close: false,
          close: null,
          submit: null,
          previous_view_id: null,
          root_view_id: input.id ?? "V0CLIENT01",
          app_id: ctx.apiAppId,
          external_id: "",
          app_installed_team_id: ctx.teamId,
          bot_id: sim?.botId ?? "B0SIMBOT01",
        };
  const overrides: JsonObject = {};
  for (const key of ["callback_id", "private_metadata", "external_id", "type", "hash", "blocks"] as const) {
    if (input[key] !== undefined) overrides[key] = input[key];
  }
  return { ...base, ...overrides };
}
