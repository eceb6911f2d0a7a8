export type VmRef = { name: string } | { resourceId: string };

export interface RequestCommand {
  kind: "request";
  port: number;
  portLabel: string;
  vm: VmRef;
  durationSeconds?: number;
  /** Canonical CIDR of a valid address/block, or an any-source token kept verbatim for policy to refuse. */
  source?: string;
  justification?: string;
}

/** What `/jit …` asked for. Empty text opens the request modal. */
export type JitCommand =
  | { kind: "help" }
  | { kind: "modal" }
  | { kind: "list" }
  | { kind: "revoke"; grantId: string }
  | { kind: "extend"; grantId: string; durationSeconds: number }
  | { kind: "cancel"; grantId: string }
  | RequestCommand;

export interface JitCommandContext {
  /** Port names → numbers: DEFAULT_PORT_NAMES merged with the names policies define. */
  portNames: Readonly<Record<string, number>>;
}
