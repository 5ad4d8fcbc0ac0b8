import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import S3rver from "@20minutes/s3rver";

/** s3rver's built-in credentials: it checks every request's SigV4 signature against them. */
export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

/**
 * A real server speaking the S3 REST API (s3rver, docs/decisions/0023-object-storage.md)
 * on a free port of 127.0.0.1 with a fresh folder and one bucket. `stop`
 * closes it (the port then refuses connections: a bucket that is down);
 * `restart` brings it back on the same port with the same files.
 */
export async function startS3Server(bucket = "nearshop-test", port = 0) {
  const directory = await mkdtemp(path.join(tmpdir(), "nearshop-s3-"));
  let server = new S3rver({ address: "127.0.0.1", port, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const info = await server.run();
  let running = true;
  return {
    bucket,
    directory,
    endpoint: `http://127.0.0.1:${info.port}`,
    port: info.port,
    async stop() {
      if (running) await server.close();
      running = false;
    },
    async restart() {
      server = new S3rver({ address: "127.0.0.1", port: info.port, silent: true, directory, configureBuckets: [{ name: bucket }] });
      await server.run();
      running = true;
    },
    async close() {
      if (running) await server.close();
      running = false;
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** A port of 127.0.0.1 that nothing listens on (it was free a moment ago): a bucket that is down. */
export async function closedPort() {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
