import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

import type { ParsedAzureSeed } from "../azure/seed/seed-schema.js";
import { directoryFromSeed, type GraphDirectory, type GraphUserRecord } from "./directory-model.js";
import { GROUP_MEMBER_READ_ALL, routeGraph, USER_READ_ALL } from "./graph-routes.js";
import { ODataError } from "./odata.js";

export interface GraphSimulatorOptions {
  seed: ParsedAzureSeed;
  /** The bearer token Graph accepts; anything else gets 401. */
  token: string;
  /** Items per page before @odata.nextLink (Graph's default for users is 100). */
  pageSize?: number;
  /** Application permissions the token carries; both of ajar's by default. */
  permissions?: string[];
  port?: number;
}

export type GraphFault =
  { status: 429 | 503; retryAfterSeconds?: number } | { status: number; code: string; message: string };

export interface GraphRequestLog {
  method: string;
  path: string;
  query: string;
  consistencyLevel?: string;
  status: number;
}

export interface GraphSimulator {
  readonly url: string;
  readonly directory: GraphDirectory;
  readonly requests: readonly GraphRequestLog[];
  /** Changes a user in place (disable an account, change its mail...). */
  updateUser(id: string, change: Partial<Omit<GraphUserRecord, "id">>): void;
  addUser(user: GraphUserRecord): void;
  /** The next `times` Graph calls fail as described. */
  failNext(fault: GraphFault, times?: number): void;
  /** Connections are refused while down (Graph unreachable). */
  setDown(down: boolean): void;
  setPermissions(permissions: string[]): void;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    "Content-Type": "application/json; odata.metadata=minimal",
    "request-id": randomUUID(),
    ...headers,
  });
  res.end(JSON.stringify(body));
}

const errorBody = (code: string, message: string) => ({
  error: { code, message, innerError: { date: new Date().toISOString(), "request-id": randomUUID() } },
});

/** Microsoft Graph v1.0, for what ajar reads, over http on 127.0.0.1. */
export async function startGraphSimulator(options: GraphSimulatorOptions): Promise<GraphSimulator> {
  const directory = directoryFromSeed(options.seed);
  const requests: GraphRequestLog[] = [];
  const faults: GraphFault[] = [];
  let permissions = new Set(options.permissions ?? [USER_READ_ALL, GROUP_MEMBER_READ_ALL]);
  let down = false;
  const sockets = new Set<Socket>();
  let url = "";

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const parsed = new URL(req.url ?? "/", url);
    const consistencyLevel = req.headers["consistencylevel"] as string | undefined;
    const log = (status: number) =>
      requests.push({
        method: req.method ?? "GET",
        path: parsed.pathname,
        query: parsed.search,
        ...(consistencyLevel ? { consistencyLevel } : {}),
        status,
      });
    if (req.headers.authorization !== `Bearer ${options.token}`) {
      log(401);
      send(
        res,
        401,
        errorBody(
          "InvalidAuthenticationToken",
          req.headers.authorization ? "Access token validation failure. Invalid audience." : "Access token is empty.",
        ),
      );
      return;
    }
    const fault = faults.shift();
    if (fault) {
      log(fault.status);
      if ("code" in fault) send(res, fault.status, errorBody(fault.code, fault.message));
      else if (fault.status === 429)
        send(res, 429, errorBody("TooManyRequests", "Too many requests."), {
          "Retry-After": String(fault.retryAfterSeconds ?? 1),
        });
      else
        send(
          res,
          503,
          errorBody("serviceNotAvailable", "Service unavailable."),
          fault.retryAfterSeconds !== undefined ? { "Retry-After": String(fault.retryAfterSeconds) } : {},
        );
      return;
    }
    const match = /^\/v1\.0(\/.*)$/.exec(parsed.pathname);
    if (!match) {
      log(400);
      send(res, 400, errorBody("BadRequest", "Invalid version: the path must start with /v1.0."));
      return;
    }
    try {
      const answer = routeGraph(
        directory,
        {
          method: req.method ?? "GET",
          path: match[1]!,
          query: parsed.searchParams,
          ...(consistencyLevel ? { consistencyLevel } : {}),
          base: `${url}/v1.0`,
        },
        { pageSize: options.pageSize ?? 100, permissions },
      );
      log(answer.status);
      send(res, answer.status, answer.body);
    } catch (error) {
      const e =
        error instanceof ODataError ? error : new ODataError(500, "generalException", "An unexpected error occurred.");
      log(e.status);
      send(res, e.status, errorBody(e.code, e.message));
    }
  };

  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => handle(req, res));
  });
  server.on("connection", (socket) => {
    if (down) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;

  return {
    url,
    directory,
    requests,
    updateUser(id, change) {
      const user = directory.users.get(id.toLowerCase());
      if (!user) throw new Error(`no simulated Entra user ${id}`);
      Object.assign(user, change);
    },
    addUser(user) {
      directory.users.set(user.id.toLowerCase(), { ...user, id: user.id.toLowerCase() });
    },
    failNext(fault, times = 1) {
      for (let i = 0; i < times; i++) faults.push(fault);
    },
    setDown(value) {
      down = value;
      if (down) for (const socket of sockets) socket.destroy();
    },
    setPermissions(list) {
      permissions = new Set(list);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
