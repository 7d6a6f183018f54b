import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addressRange, FetchRefused, guardedFetch } from "../../src/net/index.ts";

let server: http.Server;
let port = 0;
let base = "";
const hits: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(`${req.headers.host} ${req.url}`);
    if (req.url === "/img") {
      res.setHeader("content-type", "image/png");
      res.end(Buffer.from("pretend-png"));
    } else if (req.url === "/to-localhost") {
      res.statusCode = 302;
      res.setHeader("location", `http://localhost:${port}/img`);
      res.end();
    } else if (req.url === "/to-self") {
      res.statusCode = 301;
      res.setHeader("location", "/img");
      res.end();
    } else if (req.url === "/loop") {
      res.statusCode = 302;
      res.setHeader("location", "/loop");
      res.end();
    } else if (req.url === "/big") {
      res.end(Buffer.alloc(5000, 1));
    } else if (req.url === "/big-chunked") {
      res.write(Buffer.alloc(3000, 1));
      res.end(Buffer.alloc(3000, 1));
    } else if (req.url === "/hang") {
      // never answers: the fetch must give up by its own deadline
    } else res.end("ok");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function refusal(p: Promise<unknown>): Promise<FetchRefused> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FetchRefused);
  return err as FetchRefused;
}

describe("address ranges", () => {
  it("only public unicast passes; loopback, private, link-local, metadata and mapped forms do not", () => {
    expect(addressRange("93.184.216.34")).toBe("unicast");
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.100.100.200",
      "0.0.0.0",
      "::1",
      "fe80::1",
      "fd00:ec2::254",
      "::ffff:127.0.0.1",
      "224.0.0.1",
    ])
      expect(addressRange(a), a).not.toBe("unicast");
  });
});

describe("guarded fetch", () => {
  it("fetches from a host the operator trusts even on loopback, and returns bytes and the final URL", async () => {
    const res = await guardedFetch(`${base}/to-self`, {
      allowHosts: ["127.0.0.1"],
      trustPrivateHosts: ["127.0.0.1"],
    });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe("pretend-png");
    expect(res.finalUrl).toBe(`${base}/img`);
    expect(res.headers["content-type"]).toBe("image/png");
  });

  it("refuses a host that is not on the allowed list, before any connection", async () => {
    const before = hits.length;
    const err = await refusal(guardedFetch(`${base}/img`, { allowHosts: ["images.example.com"] }));
    expect(err.reason).toBe("host-not-allowed");
    expect(hits.length).toBe(before);
  });

  it("refuses a loopback literal that is allowed but not trusted", async () => {
    const before = hits.length;
    const err = await refusal(guardedFetch(`${base}/img`, { allowHosts: ["127.0.0.1"] }));
    expect(err.reason).toBe("private-address");
    expect(hits.length).toBe(before);
  });

  it("checks the address after DNS: a name that resolves to loopback is refused", async () => {
    const err = await refusal(guardedFetch(`http://localhost:${port}/img`, { allowHosts: ["localhost"] }));
    expect(err.reason).toBe("private-address");
    const mixed = await refusal(
      guardedFetch("http://cdn.example.com/a.png", {
        allowHosts: ["cdn.example.com"],
        resolve: async () => ["93.184.216.34", "169.254.169.254"],
      }),
    );
    expect(mixed.reason).toBe("private-address");
  });

  it("checks every redirect: a trusted host redirecting to an untrusted loopback name is refused", async () => {
    const err = await refusal(
      guardedFetch(`${base}/to-localhost`, {
        allowHosts: ["127.0.0.1", "localhost"],
        trustPrivateHosts: ["127.0.0.1"],
      }),
    );
    expect(err.reason).toBe("private-address");
    expect(err.message).toContain("localhost");
  });

  it("connects to the address it checked: DNS is asked once per hop and a changed answer is never used", async () => {
    const answers = [["127.0.0.1"], ["10.0.0.1"]];
    let asked = 0;
    const res = await guardedFetch(`http://rebind.test:${port}/img`, {
      allowHosts: ["rebind.test"],
      trustPrivateHosts: ["rebind.test"],
      resolve: async () => answers[asked++] ?? [],
    });
    expect(res.body.toString()).toBe("pretend-png");
    expect(asked).toBe(1);
  });

  it("bounds redirects, size (declared and streamed) and time", async () => {
    const trusted = { allowHosts: ["127.0.0.1"], trustPrivateHosts: ["127.0.0.1"] };
    expect((await refusal(guardedFetch(`${base}/loop`, { ...trusted, maxRedirects: 3 }))).reason).toBe(
      "too-many-redirects",
    );
    expect((await refusal(guardedFetch(`${base}/big`, { ...trusted, maxBytes: 1000 }))).reason).toBe(
      "too-large",
    );
    expect((await refusal(guardedFetch(`${base}/big-chunked`, { ...trusted, maxBytes: 4000 }))).reason).toBe(
      "too-large",
    );
    expect((await refusal(guardedFetch(`${base}/hang`, { ...trusted, timeoutMs: 300 }))).reason).toBe(
      "timeout",
    );
  });

  it("refuses other schemes and credentials in URLs", async () => {
    expect((await refusal(guardedFetch("file:///etc/passwd", { allowHosts: "any" }))).reason).toBe("scheme");
    expect((await refusal(guardedFetch(`http://u:p@127.0.0.1:${port}/`, { allowHosts: "any" }))).reason).toBe(
      "bad-url",
    );
  });
});
