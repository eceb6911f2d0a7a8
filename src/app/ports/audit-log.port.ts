export interface AuditEntry {
  at: string;
  event: string;
  grantId: string;
  actor: string;
  requester: string;
  vm: string;
  port: number;
  source: string;
  /** The window granted, or asked for before authorization; absent while it is the policy's default. */
  durationSeconds?: number;
  justification?: string;
  detail?: string;
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  /** Oldest first. */
  read(options: { since?: Date; limit?: number }): Promise<AuditEntry[]>;
}
