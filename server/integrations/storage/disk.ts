import { createReadStream } from "node:fs";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { checkKey, contentTypeOf, MissingObjectError, type ObjectStorage } from "./types";

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code === "ENOENT";

/** Files under one folder; the key is the path below it. */
export class DiskStorage implements ObjectStorage {
  readonly kind = "disk";
  constructor(readonly root: string) {}

  private resolve(key: string) {
    const root = path.resolve(this.root);
    const file = path.resolve(root, checkKey(key));
    // checkKey already refuses `..`; this stays as the last guard.
    if (!file.startsWith(root + path.sep)) throw new Error(`Storage key escapes its root: ${key}`);
    return file;
  }

  async put(key: string, body: Buffer | string) {
    const file = this.resolve(key);
    await mkdir(path.dirname(file), { recursive: true });
    // Write then rename, so a reader never sees half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      await writeFile(tmp, body);
      await rename(tmp, file);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }

  async get(key: string) {
    try {
      return await readFile(this.resolve(key));
    } catch (error) {
      if (isMissing(error)) throw new MissingObjectError(key);
      throw error;
    }
  }

  async head(key: string) {
    try {
      const s = await stat(this.resolve(key));
      return s.isFile() ? { size: s.size, etag: `"${s.size.toString(16)}-${Math.floor(s.mtimeMs).toString(16)}"` } : null;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async open(key: string) {
    const file = this.resolve(key);
    try {
      const s = await stat(file);
      if (!s.isFile()) return null;
      return {
        body: createReadStream(file),
        size: s.size,
        contentType: contentTypeOf(key),
        etag: `"${s.size.toString(16)}-${Math.floor(s.mtimeMs).toString(16)}"`,
        lastModified: s.mtime,
      };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async remove(key: string) {
    await rm(this.resolve(key), { force: true });
  }
}
