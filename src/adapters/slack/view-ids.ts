/**
 * Ids of the request form and the App Home. Block ids are what `response_action: "errors"` points
 * at, so each form field has its own block.
 */
export const REQUEST_FORM = {
  callbackId: "ajar.request",
  vm: { block: "vm", action: "ajar.request.vm" },
  /** More VMs for the same request: one approval, one grant per VM. */
  moreVms: { block: "more_vms", action: "ajar.request.more_vms" },
  port: { block: "port", action: "ajar.request.port" },
  duration: { block: "duration", action: "ajar.request.duration" },
  /** A later start: 14:00, 2026-12-02T14:00Z or in 3h. */
  start: { block: "start", action: "ajar.request.start" },
  source: { block: "source", action: "ajar.request.source" },
  /** Offered only with a public URL: "Use my current IP" (a `from me` link instead of a typed address). */
  sourceMe: { block: "source_me", action: "ajar.request.source_me" },
  justification: { block: "justification", action: "ajar.request.justification" },
} as const;

export type RequestFormField = Exclude<keyof typeof REQUEST_FORM, "callbackId">;
export const REQUEST_FORM_FIELDS: readonly RequestFormField[] = [
  "vm",
  "moreVms",
  "port",
  "duration",
  "start",
  "source",
  "sourceMe",
  "justification",
];

export const HOME = {
  callbackId: "ajar.home",
  /** The home's "Request access" button: opens the same form as `/jit`. */
  openRequest: "ajar.home.request",
} as const;
