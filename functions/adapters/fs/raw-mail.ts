import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rmdir, stat, unlink, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import type { RawMailStore } from "../../ports/raw-mail.js";
import { RawMailKeyError, RawMailNotFoundError, assertRawMailKey, assertRawMailPrefix } from "../../ports/raw-mail.js";

const isMissing = (error: unknown): boolean => (error as { code?: string }).code === "ENOENT";

/**
 * Raw replies in a local folder, for the local stack: the key is the relative path under `root`.
 * Writes go to a temporary file first and are renamed into place, so a reader never sees half a message.
 * @example const store = new FsRawMailStore(".legwork/replies"); await store.put("replies/abc123def/m1.eml", raw);
 */
export class FsRawMailStore implements RawMailStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private pathOf(key: string): string {
    const path = resolve(this.root, ...assertRawMailKey(key).split("/"));
    // Belt and braces: the segment check already refuses "..", this refuses anything else that escapes.
    if (!path.startsWith(this.root + sep)) throw new RawMailKeyError("raw mail key escapes the store");
    return path;
  }

  async put(key: string, body: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
    await writeFile(temp, body, { mode: 0o600 });
    await rename(temp, path);
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if (isMissing(error)) throw new RawMailNotFoundError("no raw mail under this key", { cause: error });
      throw error;
    }
  }

  async size(key: string): Promise<number> {
    try {
      return (await stat(this.pathOf(key))).size;
    } catch (error) {
      if (isMissing(error)) throw new RawMailNotFoundError("no raw mail under this key", { cause: error });
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    assertRawMailPrefix(prefix);
    // Walk only the deepest folder the prefix names, then filter by the full prefix.
    const folder = prefix.includes("/") ? prefix.slice(0, prefix.lastIndexOf("/")) : "";
    const start = folder ? this.pathOf(folder) : this.root;
    const keys: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        if (isMissing(error)) return;
        throw error;
      }
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.isFile() && !entry.name.endsWith(".tmp")) {
          const key = relative(this.root, path).split(sep).join("/");
          if (key.startsWith(prefix)) keys.push(key);
        }
      }
    };
    await walk(start);
    return keys.sort();
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    try {
      await unlink(path);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    // Empty folders named after a runner id are data too: remove them up to the root.
    for (let dir = dirname(path); dir !== this.root && dir.startsWith(this.root + sep); dir = dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        break;
      }
    }
  }
}
