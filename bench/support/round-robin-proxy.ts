/**
 * A small round-robin HTTP load balancer for the multi-instance benchmark: each request goes to
 * the next backend in turn, with its method, path, headers and body; the backend's answer is
 * passed back as it is. A backend that refuses the connection (a killed instance) is skipped for
 * that request and the next one is tried, as a load balancer's retry on connect errors does.
 */
import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";

export interface RoundRobinProxy {
  readonly url: string;
  /** requests answered by each backend port */
  readonly served: Map<number, number>;
  /** requests retried on another backend after a refused connection */
  readonly retried: () => number;
  close(): Promise<void>;
}

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startRoundRobinProxy(backendPorts: readonly number[]): Promise<RoundRobinProxy> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const served = new Map(backendPorts.map((port) => [port, 0]));
  let next = 0;
  let retried = 0;
  const forward = (port: number, incoming: IncomingMessage, body: Buffer) =>
    new Promise<IncomingMessage>((resolve, reject) => {
      const headers = { ...incoming.headers, host: `127.0.0.1:${port}`, "content-length": String(body.length) };
      const outgoing = httpRequest({ host: "127.0.0.1", port, method: incoming.method, path: incoming.url, headers, agent }, resolve);
      outgoing.once("error", reject);
      outgoing.end(body);
    });
  const server: Server = createServer((incoming, response) => {
    void (async () => {
      const body = await readAll(incoming);
      for (let attempt = 0; attempt < backendPorts.length; attempt++) {
        const port = backendPorts[next++ % backendPorts.length]!;
        try {
          const answer = await forward(port, incoming, body);
          served.set(port, served.get(port)! + 1);
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
          return;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "ECONNREFUSED" && (error as NodeJS.ErrnoException).code !== "ECONNRESET") throw error;
          retried++;
        }
      }
      response.writeHead(502).end();
    })().catch(() => {
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    retried: () => retried,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
