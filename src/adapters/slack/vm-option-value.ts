import { resourceIdDigest } from "../../domain/azure-id/resource-id-digest.js";
import type { VmSummary } from "../../domain/ports/network-access.port.js";
import { OPTION_VALUE_MAX_LENGTH } from "./slack-limits.js";

/**
 * The picker value for a VM: its resource id, which is what the request records. Ids longer than
 * Slack allows in a value (long group and VM names) travel as a digest resolved on submission.
 */
export function vmOptionValue(vm: VmSummary): string {
  return vm.id.length <= OPTION_VALUE_MAX_LENGTH ? vm.id : resourceIdDigest(vm.id);
}
