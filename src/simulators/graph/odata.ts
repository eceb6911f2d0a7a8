/** The slice of OData that ajar's Graph calls use: $filter on mail/userPrincipalName, $select, $top, $skiptoken, $count. */

export class ODataError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const CLAUSE = /^\s*(mail|userPrincipalName)\s+eq\s+'((?:[^']|'')*)'\s*$/i;

/** `mail eq 'a@b' or userPrincipalName eq 'a@b'`: returns a predicate over the record. */
export function parseFilter(filter: string): (record: Record<string, unknown>) => boolean {
  const clauses = splitOr(filter).map((part) => {
    const match = CLAUSE.exec(part);
    if (!match)
      throw new ODataError(
        400,
        "Request_UnsupportedQuery",
        `Unsupported or invalid query filter clause specified: '${part.trim()}'.`,
      );
    const property = match[1]!.toLowerCase() === "mail" ? "mail" : "userPrincipalName";
    const value = match[2]!.replace(/''/g, "'").toLowerCase();
    return (r: Record<string, unknown>) =>
      typeof r[property] === "string" && (r[property] as string).toLowerCase() === value;
  });
  return (record) => clauses.some((c) => c(record));
}

/** Splits on ` or ` outside string literals. */
function splitOr(filter: string): string[] {
  const parts: string[] = [];
  let current = "";
  let inString = false;
  for (let i = 0; i < filter.length; i++) {
    const ch = filter[i]!;
    if (ch === "'") inString = !inString;
    if (!inString && /^\sor\s/i.test(filter.slice(i, i + 4))) {
      parts.push(current);
      current = "";
      i += 3;
      continue;
    }
    current += ch;
  }
  if (inString) throw new ODataError(400, "BadRequest", "Invalid filter clause: unterminated string literal.");
  parts.push(current);
  return parts;
}

export function parseSelect(select: string | null): string[] | undefined {
  if (select === null) return undefined;
  const fields = select
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  if (fields.length === 0) throw new ODataError(400, "BadRequest", "Invalid $select: no properties given.");
  return fields;
}

export function project(
  record: Record<string, unknown>,
  select: string[] | undefined,
  defaults: string[],
): Record<string, unknown> {
  const fields = select ?? defaults;
  const out: Record<string, unknown> = {};
  if (record["@odata.type"] !== undefined) out["@odata.type"] = record["@odata.type"];
  for (const field of fields) {
    const key = Object.keys(record).find((k) => k.toLowerCase() === field.toLowerCase());
    out[key ?? field] = key ? record[key] : null;
  }
  return out;
}

export function parseTop(top: string | null, pageSize: number): number {
  if (top === null) return pageSize;
  const n = Number(top);
  if (!Number.isInteger(n) || n < 1 || n > 999)
    throw new ODataError(
      400,
      "Request_BadRequest",
      `Invalid page size specified: '${top}'. Must be between 1 and 999 inclusive.`,
    );
  return Math.min(n, pageSize);
}
