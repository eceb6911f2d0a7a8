import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { answerApiCall, type HttpAnswer } from "./api-dispatch.js";
import { parseApiRequest, readRawBody } from "./request-body.js";
import { answerResponseUrlPost } from "./response-url-post.js";
import type { SimState } from "./sim-state.js";

/** Serves `/api/<method>` (Web API) and `/response/<id>` (response_url) on 127.0.0.1. */
export async function listenSimulator(state: SimState, port: number): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    route(state, req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(error instanceof Error ? error.message : String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${bound}` };
}

async function route(state: SimState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  const raw = await readRawBody(req);

  if (path.startsWith("/api/") && (req.method === "POST" || req.method === "GET")) {
    const method = decodeURIComponent(path.slice("/api/".length));
    const request = parseApiRequest(req, raw);
    const answer = answerApiCall(method, request, state);
    state.calls.push({
      seq: state.calls.all.length,
      method,
      args: request.params,
      token: request.token,
      encoding: request.encoding,
      at: new Date(),
      status: answer.status,
      response: answer.body,
    });
    send(res, answer);
    return;
  }
  if (path.startsWith("/response/") && req.method === "POST") {
    const id = decodeURIComponent(path.slice("/response/".length));
    send(res, answerResponseUrlPost(state, id, raw, req.headers["content-type"] ?? ""));
    return;
  }
  send(res, { status: 404, body: { ok: false, error: "not_found" }, headers: {} });
}

function send(res: ServerResponse, answer: HttpAnswer): void {
  res.writeHead(answer.status, { "content-type": "application/json; charset=utf-8", ...answer.headers });
  res.end(JSON.stringify(answer.body));
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
    // Keep-alive sockets from fetch clients would otherwise hold close() open.
    server.closeAllConnections();
  });
}
