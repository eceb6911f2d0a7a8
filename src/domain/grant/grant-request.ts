/**
 * What a requester asked for, kept as asked. The VM is named (or, for each VM of a several-VM
 * request, identified by its resource id), and a duration left out means the policy's default:
 * authorize turns this into the grant's target, policy and window.
 */
export interface GrantRequest {
  vmName: string;
  /** The VM's resource id, when the request identified it rather than naming it. */
  vmId?: string;
  port: number;
  portLabel: string;
  /** Absent: the policy's default duration. */
  durationSeconds?: number;
}
