export type { JitCommand, JitCommandContext, MoveCommand, RequestCommand, VmRef, VmSelection } from "./jit-command.js";
export { parseJitCommand } from "./parse-jit-command.js";
export { MAX_JUSTIFICATION_LENGTH } from "./parse-request.js";
export { DEFAULT_PORT_NAMES, resolvePort, type ResolvedPort } from "./port-names.js";
export { CANCEL_USAGE, EXTEND_USAGE, MOVE_USAGE, REQUEST_USAGE, REVOKE_USAGE } from "./usage.js";
