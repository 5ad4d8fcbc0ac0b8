import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { env } from "../env.server";

/**
 * File storage. Local disk is the only backend today (see the README:
 * an S3-compatible bucket is not implemented yet). Keys are relative paths
 * made by our code, never by users; `resolve` refuses anything escaping
 * the root all the same.
 */
export class DiskStorage {
  constructor(private readonly root: string) {}

  private resolve(key: string) {
    const root = path.resolve(this.root);
    const file = path.resolve(root, key);
    if (!file.startsWith(root + path.sep)) throw new Error(`Storage key escapes its root: ${key}`);
    return file;
  }

  async put(key: string, body: Buffer | string) {
    const file = this.resolve(key);
    await mkdir(path.dirname(file), { recursive: true });
    // Write then rename, so a reader never sees half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, body);
    await rename(tmp, file);
  }

  get(key: string): Promise<Buffer> {
    return readFile(this.resolve(key));
  }

  async remove(key: string) {
    await rm(this.resolve(key), { force: true });
  }
}

/** Product images: public, served at /uploads/<key>. */
export const imageStorage = new DiskStorage(env.UPLOADS_DIR);
/** CSV files for imports: private. */
export const importStorage = new DiskStorage(env.IMPORTS_DIR);
