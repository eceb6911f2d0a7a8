import { formatResourceId, isVmResourceId, parseVmResourceId } from "../azure-id/resource-id.js";
import { validateVmName } from "../azure-id/vm-name.js";
import { isAjarError } from "../errors.js";
import { isAnySourceToken, parseIpPrefix } from "../net/ip-prefix.js";
import { parseAt } from "../time/start-spec.js";
import type { JitCommandContext, RequestCommand, VmRef, VmSelection } from "./jit-command.js";
import { looksLikeDuration, parseDurationWords } from "./parse-duration-words.js";
import { resolvePort, unknownPortError } from "./port-names.js";
import type { Token } from "./tokenize.js";
import { REQUEST_USAGE, usageError } from "./usage.js";

const KEYWORDS = new Set(["from", "because", "for", "at", "in"]);

/** Longer reasons are pasted logs, not justifications; they also bloat every notification. */
export const MAX_JUSTIFICATION_LENGTH = 500;

/** `<port> <vm> [for] [duration] [at <time>|in <delay>] [from <ip|cidr|me>] [because <reason…>]`; the optional parts in any order. */
export function parseRequest(text: string, tokens: Token[], ctx: JitCommandContext): RequestCommand {
  const [portToken, vmToken] = tokens;
  if (portToken === undefined) throw usageError("Name a port and a VM.", REQUEST_USAGE);
  const port = resolvePort(portToken.value, ctx.portNames);
  if (port === undefined) {
    if (vmToken !== undefined && resolvePort(vmToken.value, ctx.portNames) !== undefined) {
      throw usageError(`Put the port first: /jit ${vmToken.value} ${portToken.value}.`, REQUEST_USAGE);
    }
    throw unknownPortError(portToken.value, ctx.portNames, REQUEST_USAGE);
  }
  if (vmToken === undefined || KEYWORDS.has(vmToken.value.toLowerCase())) {
    throw usageError(`Name the VM after the port, e.g. /jit ${port.portLabel} vm-prod-1.`, REQUEST_USAGE);
  }

  const selections: VmSelection[] = [parseSelection(vmToken.value)];
  let i = 2;
  // More VM names (or resource-group globs) may follow the first. A plain word is not taken for one
  // (`/jit ssh vm1 deploy hotfix` is a forgotten "because", not three VMs): further names need a
  // digit, hyphen, period, underscore or "/", as VM names nearly always have.
  while (tokens[i] !== undefined && isFurtherVm(tokens[i]!.value)) {
    selections.push(parseSelection(tokens[i]!.value));
    i += 1;
  }
  const first = selections[0]!;
  const single = selections.length === 1 && !("pattern" in first);
  const command: RequestCommand = {
    kind: "request",
    ...port,
    vm: "pattern" in first ? { name: `${first.resourceGroup}/${first.pattern}` } : first,
    ...(single ? {} : { vms: selections }),
  };
  while (i < tokens.length) {
    const word = tokens[i]?.value ?? "";
    const keyword = word.toLowerCase();
    if (keyword === "because") {
      command.justification = justificationAfter(text, tokens[i + 1]);
      break;
    }
    if (keyword === "at" || keyword === "in") {
      if (command.start !== undefined) throw usageError('Give one start: "at …" or "in …".', REQUEST_USAGE);
      const next = tokens[i + 1];
      if (next === undefined)
        throw usageError(`Say when after "${keyword}", e.g. at 14:00, at 2026-12-02T14:00Z or in 3h.`, REQUEST_USAGE);
      if (keyword === "in") {
        const { seconds, used } = parseDurationWords(tokens, i + 1, REQUEST_USAGE);
        command.start = { kind: "in", seconds };
        i += 1 + used;
      } else {
        command.start = rethrowWithUsage(() => parseAt(next.value));
        i += 2;
      }
      continue;
    }
    if (keyword === "from") {
      if (command.source !== undefined || command.sourceFromMe)
        throw usageError('Give one "from" address.', REQUEST_USAGE);
      if (isMe(tokens[i + 1]?.value)) command.sourceFromMe = true;
      else command.source = parseSource(tokens[i + 1]?.value, REQUEST_USAGE);
      i += 2;
      continue;
    }
    const at = keyword === "for" ? i + 1 : i;
    if (keyword === "for" && tokens[at] === undefined)
      throw usageError('Say how long after "for", e.g. for 30m.', REQUEST_USAGE);
    if (keyword === "for" || looksLikeDuration(word)) {
      if (command.durationSeconds !== undefined) throw usageError("Give one duration.", REQUEST_USAGE);
      const { seconds, used } = parseDurationWords(tokens, at, REQUEST_USAGE);
      command.durationSeconds = seconds;
      i = at + used;
      continue;
    }
    throw usageError(
      `Unexpected "${word}". Put your reason after "because", e.g. because deploy hotfix.`,
      REQUEST_USAGE,
    );
  }
  return command;
}

const isFurtherVm = (word: string): boolean =>
  !KEYWORDS.has(word.toLowerCase()) && !looksLikeDuration(word) && /[0-9._/-]/.test(word);

/** `rg/pattern` selects VMs of one resource group by name (`*` is a wildcard); anything else is one VM. */
function parseSelection(token: string): VmSelection {
  const glob = /^([A-Za-z0-9._()-]{1,90})\/([A-Za-z0-9._*-]{1,64})$/.exec(token);
  if (glob && !/^subscriptions$/i.test(glob[1]!)) return { resourceGroup: glob[1]!, pattern: glob[2]! };
  return parseVm(token);
}

function parseVm(token: string): VmRef {
  if (token.startsWith("/")) {
    const id = rethrowWithUsage(() => parseVmResourceId(token));
    return { resourceId: formatResourceId(id) };
  }
  if (/^subscriptions\//i.test(token) && isVmResourceId(`/${token}`)) {
    throw usageError(`A VM resource id starts with "/": /${token}`, REQUEST_USAGE);
  }
  return { name: rethrowWithUsage(() => validateVmName(token)) };
}

/** `from me` (also `my-ip`, `myip`): the address is learnt from a link the requester opens. */
export const isMe = (token: string | undefined): boolean => token !== undefined && /^(me|my-?ip)$/i.test(token);

export function parseSource(token: string | undefined, usage: string): string {
  if (token === undefined) throw usageError('Give an address after "from", e.g. from 203.0.113.7 (or from me).', usage);
  // Kept as typed so policy can refuse it by name rather than the parser guessing intent.
  if (isAnySourceToken(token)) return token;
  return rethrowWithUsage(() => parseIpPrefix(token).canonical, usage);
}

function justificationAfter(text: string, first: Token | undefined): string {
  const reason = first === undefined ? "" : text.slice(first.start).trim();
  if (reason === "") throw usageError('Say why after "because", e.g. because deploy hotfix.', REQUEST_USAGE);
  if (reason.length > MAX_JUSTIFICATION_LENGTH) {
    throw usageError(
      `Your reason is ${reason.length} characters; keep it under ${MAX_JUSTIFICATION_LENGTH}.`,
      REQUEST_USAGE,
    );
  }
  return reason;
}

function rethrowWithUsage<T>(run: () => T, usage = REQUEST_USAGE): T {
  try {
    return run();
  } catch (error) {
    if (isAjarError(error)) throw usageError(error.userMessage, usage);
    throw error;
  }
}
