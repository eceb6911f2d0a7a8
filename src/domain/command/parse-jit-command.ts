import { isGrantId } from "../grant/grant-id.js";
import type { JitCommand, JitCommandContext } from "./jit-command.js";
import { parseDurationWords } from "./parse-duration-words.js";
import { isMe, parseRequest, parseSource } from "./parse-request.js";
import { tokenize, type Token } from "./tokenize.js";
import { CANCEL_USAGE, EXTEND_USAGE, MOVE_USAGE, REVOKE_USAGE, usageError } from "./usage.js";

const HELP_WORDS = new Set(["help", "-h", "--help", "?"]);
const LIST_WORDS = new Set(["list", "ls"]);

/**
 * Parses the text after `/jit`. Sub-command words win over port names, so a policy cannot make
 * "list" or "help" unreachable by naming a port after them.
 */
export function parseJitCommand(text: string, ctx: JitCommandContext): JitCommand {
  const tokens = tokenize(text);
  const head = tokens[0]?.value.toLowerCase();
  if (head === undefined) return { kind: "modal" };
  if (HELP_WORDS.has(head)) return { kind: "help" };
  if (LIST_WORDS.has(head)) {
    if (tokens.length > 1) throw usageError(`"/jit list" takes nothing after it.`, "Usage: /jit list");
    return { kind: "list" };
  }
  if (head === "revoke" || head === "cancel") {
    const usage = head === "revoke" ? REVOKE_USAGE : CANCEL_USAGE;
    const grantId = grantIdAt(tokens, 1, usage);
    if (tokens.length > 2) throw usageError(`"/jit ${head}" takes only a grant id.`, usage);
    return { kind: head, grantId };
  }
  if (head === "extend") return parseExtend(tokens);
  if (head === "move") return parseMove(tokens);
  return parseRequest(text, tokens, ctx);
}

function parseExtend(tokens: Token[]): JitCommand {
  const grantId = grantIdAt(tokens, 1, EXTEND_USAGE);
  const filler = tokens[2]?.value.toLowerCase();
  const at = filler === "by" || filler === "for" ? 3 : 2;
  if (tokens[at] === undefined) throw usageError("Say how much longer you need, e.g. 30m.", EXTEND_USAGE);
  const { seconds, used } = parseDurationWords(tokens, at, EXTEND_USAGE);
  const extra = tokens[at + used];
  if (extra !== undefined) throw usageError(`Unexpected "${extra.value}" after the duration.`, EXTEND_USAGE);
  return { kind: "extend", grantId, durationSeconds: seconds };
}

function parseMove(tokens: Token[]): JitCommand {
  const grantId = grantIdAt(tokens, 1, MOVE_USAGE);
  if (tokens[2]?.value.toLowerCase() !== "from")
    throw usageError('Say where to after "from", e.g. from me.', MOVE_USAGE);
  const where = tokens[3]?.value;
  if (tokens.length > 4) throw usageError(`Unexpected "${tokens[4]!.value}" after the address.`, MOVE_USAGE);
  return { kind: "move", grantId, source: isMe(where) ? "me" : parseSource(where, MOVE_USAGE) };
}

function grantIdAt(tokens: Token[], at: number, usage: string): string {
  const token = tokens[at]?.value;
  if (token === undefined) throw usageError("Say which grant.", usage);
  const id = token.toLowerCase();
  if (!isGrantId(id)) throw usageError(`"${token}" is not a grant id: they look like g-7kq2m4xzab.`, usage);
  return id;
}
