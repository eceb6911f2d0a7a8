import {
  transitiveGroupsOf,
  transitiveMembersOf,
  type GraphDirectory,
  type GraphUserRecord,
} from "./directory-model.js";
import { ODataError, parseFilter, parseSelect, parseTop, project } from "./odata.js";

export interface GraphRequest {
  method: string;
  /** Path after the version segment, e.g. /users/{id}/manager. */
  path: string;
  query: URLSearchParams;
  consistencyLevel?: string;
  /** Base for @odata.nextLink and @odata.context, e.g. http://127.0.0.1:4000/v1.0 */
  base: string;
}

export interface GraphResponse {
  status: number;
  body: unknown;
}

export interface RouteOptions {
  pageSize: number;
  /** Application permissions the caller's token carries. */
  permissions: ReadonlySet<string>;
}

export const USER_READ_ALL = "User.Read.All";
export const GROUP_MEMBER_READ_ALL = "GroupMember.Read.All";
const DIRECTORY_READ_ALL = "Directory.Read.All";

/** Graph's default property set for users: accountEnabled and userType come only when $select names them. */
const USER_DEFAULTS = [
  "businessPhones",
  "displayName",
  "givenName",
  "jobTitle",
  "mail",
  "mobilePhone",
  "officeLocation",
  "preferredLanguage",
  "surname",
  "userPrincipalName",
  "id",
];
const GROUP_DEFAULTS = ["id", "displayName", "description", "mail", "securityEnabled"];

const userJson = (u: GraphUserRecord): Record<string, unknown> => ({
  "@odata.type": "#microsoft.graph.user",
  id: u.id,
  displayName: u.displayName,
  mail: u.mail,
  userPrincipalName: u.userPrincipalName,
  accountEnabled: u.accountEnabled,
  userType: u.userType,
  businessPhones: [],
  givenName: null,
  jobTitle: null,
  mobilePhone: null,
  officeLocation: null,
  preferredLanguage: null,
  surname: null,
});

const notFound = (id: string): ODataError =>
  new ODataError(
    404,
    "Request_ResourceNotFound",
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );

function need(options: RouteOptions, ...permissions: string[]): void {
  if (options.permissions.has(DIRECTORY_READ_ALL)) return;
  if (permissions.every((p) => options.permissions.has(p))) return;
  throw new ODataError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
}

/** $count and OData casts are advanced queries on directory objects: Graph wants ConsistencyLevel: eventual. */
function requireAdvanced(req: GraphRequest, cast: boolean): void {
  const counting = req.query.get("$count") === "true";
  if ((cast || counting) && req.consistencyLevel?.toLowerCase() !== "eventual") {
    throw new ODataError(
      400,
      "Request_UnsupportedQuery",
      "This query needs the ConsistencyLevel header set to 'eventual' (advanced query capabilities).",
    );
  }
}

function page(
  req: GraphRequest,
  items: Record<string, unknown>[],
  options: RouteOptions,
  context: string,
): GraphResponse {
  const top = parseTop(req.query.get("$top"), options.pageSize);
  const token = req.query.get("$skiptoken");
  const start = token === null ? 0 : Number(Buffer.from(token, "base64url").toString("utf8"));
  if (!Number.isInteger(start) || start < 0) throw new ODataError(400, "Request_BadRequest", "Invalid $skiptoken.");
  const slice = items.slice(start, start + top);
  const body: Record<string, unknown> = { "@odata.context": `${req.base}/$metadata#${context}` };
  if (req.query.get("$count") === "true") body["@odata.count"] = items.length;
  if (start + top < items.length) {
    const next = new URLSearchParams(req.query);
    next.set("$skiptoken", Buffer.from(String(start + top)).toString("base64url"));
    body["@odata.nextLink"] = `${req.base}${req.path}?${next.toString()}`;
  }
  body.value = slice;
  return { status: 200, body };
}

/** What Graph v1.0 answers for the calls ajar makes. */
export function routeGraph(dir: GraphDirectory, req: GraphRequest, options: RouteOptions): GraphResponse {
  if (req.method !== "GET")
    throw new ODataError(405, "Request_BadRequest", `The ${req.method} method is not supported here.`);
  const select = parseSelect(req.query.get("$select"));
  const parts = req.path.split("/").filter(Boolean).map(decodeURIComponent);

  if (parts[0] === "users" && parts.length === 1) {
    need(options, USER_READ_ALL);
    requireAdvanced(req, false);
    const filter = req.query.get("$filter");
    const matches = filter === null ? () => true : parseFilter(filter);
    const users = [...dir.users.values()].map(userJson).filter(matches);
    return page(
      req,
      users.map((u) => project(u, select, USER_DEFAULTS)),
      options,
      "users",
    );
  }
  if (parts[0] === "users" && parts[1] !== undefined) {
    const user = dir.users.get(parts[1].toLowerCase());
    if (parts.length === 2) {
      need(options, USER_READ_ALL);
      if (!user) throw notFound(parts[1]);
      return {
        status: 200,
        body: {
          "@odata.context": `${req.base}/$metadata#users/$entity`,
          ...project(userJson(user), select, USER_DEFAULTS),
        },
      };
    }
    if (parts[2] === "manager" && parts.length === 3) {
      need(options, USER_READ_ALL);
      const manager = user?.managerId ? dir.users.get(user.managerId) : undefined;
      if (!user || !manager) throw notFound("manager");
      return {
        status: 200,
        body: {
          "@odata.context": `${req.base}/$metadata#directoryObjects/$entity`,
          ...project(userJson(manager), select, USER_DEFAULTS),
        },
      };
    }
    if (
      parts[2] === "transitiveMemberOf" &&
      (parts.length === 3 || (parts.length === 4 && parts[3] === "microsoft.graph.group"))
    ) {
      need(options, GROUP_MEMBER_READ_ALL);
      requireAdvanced(req, parts.length === 4);
      if (!user) throw notFound(parts[1]);
      const groups = transitiveGroupsOf(dir, user.id).map((g) => ({
        "@odata.type": "#microsoft.graph.group",
        id: g.id,
        displayName: g.displayName,
        description: null,
        mail: null,
        securityEnabled: true,
      }));
      return page(
        req,
        groups.map((g) => project(g, select, GROUP_DEFAULTS)),
        options,
        "directoryObjects",
      );
    }
  }
  if (
    parts[0] === "groups" &&
    parts[1] !== undefined &&
    parts[2] === "transitiveMembers" &&
    (parts.length === 3 || (parts.length === 4 && parts[3] === "microsoft.graph.user"))
  ) {
    need(options, GROUP_MEMBER_READ_ALL, USER_READ_ALL);
    requireAdvanced(req, parts.length === 4);
    const group = dir.groups.get(parts[1].toLowerCase());
    if (!group) throw notFound(parts[1]);
    const members = transitiveMembersOf(dir, group.id).flatMap((id): Record<string, unknown>[] => {
      const user = dir.users.get(id);
      if (user) return [userJson(user)];
      if (parts.length === 4) return [];
      const nested = dir.groups.get(id);
      if (nested) return [{ "@odata.type": "#microsoft.graph.group", id: nested.id, displayName: nested.displayName }];
      return [{ "@odata.type": "#microsoft.graph.servicePrincipal", id }];
    });
    return page(
      req,
      members.map((m) => project(m, select, USER_DEFAULTS)),
      options,
      "directoryObjects",
    );
  }
  throw new ODataError(400, "BadRequest", `Resource not found for the segment '${parts.at(-1) ?? ""}'.`);
}
