/**
 * The few Block Kit shapes ajar sends, typed here so rendering stays independent of the SDK's
 * large union types. Slack accepts them as plain JSON.
 */
export interface TextObject {
  type: "mrkdwn" | "plain_text";
  text: string;
  emoji?: boolean;
}

export interface ButtonElement {
  type: "button";
  action_id: string;
  text: TextObject;
  value: string;
  style?: "primary" | "danger";
  confirm?: {
    title: TextObject;
    text: TextObject;
    confirm: TextObject;
    deny: TextObject;
  };
}

export type Block =
  | { type: "section"; text: TextObject; fields?: TextObject[]; block_id?: string; accessory?: ButtonElement }
  | { type: "actions"; block_id?: string; elements: ButtonElement[] }
  | { type: "context"; elements: TextObject[] }
  | { type: "header"; text: TextObject }
  | { type: "divider" };

export interface RenderedMessage {
  /** Plain-text fallback for notifications and clients without Block Kit. */
  text: string;
  blocks: Block[];
}

export const md = (text: string): TextObject => ({ type: "mrkdwn", text });
export const plain = (text: string): TextObject => ({ type: "plain_text", text, emoji: true });

export function button(actionId: string, label: string, value: string, style?: "primary" | "danger"): ButtonElement {
  return { type: "button", action_id: actionId, text: plain(label), value, ...(style ? { style } : {}) };
}
