import type { StartSpec } from "../time/start-spec.js";

export type VmRef = { name: string } | { resourceId: string };

/** One VM, or every VM in a resource group whose name matches a glob (`rg-prod/web-*`). */
export type VmSelection = VmRef | { resourceGroup: string; pattern: string };

export interface RequestCommand {
  kind: "request";
  port: number;
  portLabel: string;
  vm: VmRef;
  /** Several VMs in one request (`/jit ssh vm-a vm-b …`, `rg-prod/web-*`): every selection, `vm` included. */
  vms?: VmSelection[];
  durationSeconds?: number;
  /** Canonical CIDR of a valid address/block, or an any-source token kept verbatim for policy to refuse. */
  source?: string;
  /** `from me`: ajar learns the address from a one-time link the requester opens. */
  sourceFromMe?: true;
  /** `at …` / `in …`: open later, approved ahead. */
  start?: StartSpec;
  justification?: string;
}

/** `/jit move g-… from <ip|me>`: re-point an open grant. */
export interface MoveCommand {
  kind: "move";
  grantId: string;
  source: string | "me";
}

/** What `/jit …` asked for. Empty text opens the request modal. */
export type JitCommand =
  | { kind: "help" }
  | { kind: "modal" }
  | { kind: "list" }
  | { kind: "revoke"; grantId: string }
  | { kind: "extend"; grantId: string; durationSeconds: number }
  | { kind: "cancel"; grantId: string }
  | MoveCommand
  | RequestCommand;

export interface JitCommandContext {
  /** Port names → numbers: DEFAULT_PORT_NAMES merged with the names policies define. */
  portNames: Readonly<Record<string, number>>;
}
