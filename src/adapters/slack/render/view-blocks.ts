import type { Block, TextObject } from "./blocks.js";

/**
 * The view shapes ajar sends (the request form and the App Home), typed here like blocks.ts so
 * rendering stays independent of the SDK's large union types.
 */
/** Options take plain text only. */
export interface OptionObject {
  text: { type: "plain_text"; text: string; emoji?: boolean };
  value: string;
}

export type InputElement =
  | {
      type: "external_select";
      action_id: string;
      placeholder?: TextObject;
      min_query_length?: number;
      initial_option?: OptionObject;
    }
  | {
      type: "multi_external_select";
      action_id: string;
      placeholder?: TextObject;
      min_query_length?: number;
      max_selected_items?: number;
    }
  | {
      type: "static_select";
      action_id: string;
      placeholder?: TextObject;
      options: OptionObject[];
      initial_option?: OptionObject;
    }
  | {
      type: "plain_text_input";
      action_id: string;
      placeholder?: TextObject;
      initial_value?: string;
      multiline?: boolean;
      max_length?: number;
    }
  | { type: "checkboxes"; action_id: string; options: OptionObject[] };

export interface InputBlock {
  type: "input";
  block_id: string;
  label: TextObject;
  element: InputElement;
  hint?: TextObject;
  optional?: boolean;
}

export type ViewBlock = Block | InputBlock;

export interface ModalView {
  type: "modal";
  callback_id: string;
  title: TextObject;
  submit?: TextObject;
  close?: TextObject;
  blocks: ViewBlock[];
}

export interface HomeView {
  type: "home";
  callback_id: string;
  blocks: Block[];
}

/** Slack cuts option texts at 75 characters and rejects longer ones; shorten with an ellipsis instead. */
export function option(text: string, value: string): OptionObject {
  return { text: { type: "plain_text", text: text.length > 75 ? `${text.slice(0, 74)}…` : text }, value };
}
