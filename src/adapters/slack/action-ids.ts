/** Button action ids; each carries the grant id as its value. */
export const ACTIONS = {
  approve: "ajar.approve",
  deny: "ajar.deny",
  revoke: "ajar.revoke",
  cancel: "ajar.cancel",
  extend: "ajar.extend",
} as const;
