import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

import type { ArmOutcome, ArmRequest } from "./arm-pipeline.js";
import type { SimResponse } from "./context.js";

export interface ControlRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export interface ServerHandlers {
  arm: (req: ArmRequest) => ArmOutcome;
  control: (req: ControlRequest) => Promise<SimResponse>;
}

/** How an "unreachable" ARM looks to the client: connection refused, or every request reset. */
export type UnreachableMode = "refuse" | "reset";

const MAX_BODY = 4 * 1024 * 1024;

/**
 * The socket layer: reads requests, writes answers, and can misbehave on purpose (drop, hang, stop
 * listening). Binds to 127.0.0.1 only.
 */
export class SimHttpServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly hanging = new Set<ServerResponse>();
  private mode: UnreachableMode | undefined;
  private port = 0;
  private listening = false;

  constructor(private readonly handlers: ServerHandlers) {
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.server.on("connection", (socket) => {
      if (this.mode === "refuse") socket.destroy();
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  async listen(port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, "127.0.0.1", () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    this.listening = true;
    const address = this.server.address();
    this.port = typeof address === "object" && address ? address.port : port;
    return this.port;
  }

  async setUnreachable(mode: UnreachableMode): Promise<void> {
    this.mode = mode;
    if (mode === "refuse" && this.listening) {
      this.listening = false;
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      this.dropAll();
      await closed;
    }
  }

  async setReachable(): Promise<void> {
    const wasRefusing = this.mode === "refuse";
    this.mode = undefined;
    if (wasRefusing && !this.listening) await this.listen(this.port);
  }

  async close(): Promise<void> {
    this.mode = undefined;
    this.dropAll();
    if (!this.listening) return;
    this.listening = false;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private dropAll(): void {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections();
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const bodyText = await readBody(req);
      const [rawPath = "/", rawQuery = ""] = (req.url ?? "/").split("?", 2);
      // Clients build `/{scope}/providers/...` with scope "/subscriptions/..": collapse the double slash.
      const path = `/${rawPath.split("/").filter(Boolean).join("/")}`;
      const query = new URLSearchParams(rawQuery);
      const method = (req.method ?? "GET").toUpperCase();
      if (path === "/_sim" || path.startsWith("/_sim/")) {
        let body: unknown;
        try {
          body = bodyText.trim() === "" ? undefined : JSON.parse(bodyText);
        } catch {
          send(res, {
            status: 400,
            body: { error: { code: "InvalidRequestContent", message: "The request body is not valid JSON." } },
          });
          return;
        }
        send(res, await this.handlers.control({ method, path, query, body }));
        return;
      }
      if (this.mode !== undefined) {
        req.socket.destroy();
        return;
      }
      const outcome = this.handlers.arm({ method, path, query, headers: req.headers, bodyText });
      if (outcome.kind === "drop") req.socket.destroy();
      else if (outcome.kind === "hang") this.hanging.add(res);
      else send(res, outcome.response);
    } catch (error) {
      send(res, {
        status: 500,
        body: { error: { code: "InternalServerError", message: `Simulator error: ${(error as Error).message}` } },
      });
    }
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error("request body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, response: SimResponse): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { ...response.headers };
  if (response.body === undefined) {
    res.writeHead(response.status, { ...headers, "Content-Length": "0" });
    res.end();
    return;
  }
  const text = JSON.stringify(response.body);
  res.writeHead(response.status, {
    ...headers,
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(text)),
  });
  res.end(text);
}
