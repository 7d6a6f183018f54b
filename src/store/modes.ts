import { readdir, stat } from "node:fs/promises";
import path from "node:path";

/**
 * Files and folders in the data dir that others than the bot's user may read (group/other bits
 * set), for `doctor`. The data dir holds applicants' phone numbers and the WeChat session.
 */
export async function looseModes(dataDir: string): Promise<{ path: string; mode: string }[]> {
  const out: { path: string; mode: string }[] = [];
  const visit = async (p: string, depth: number) => {
    const st = await stat(p).catch(() => undefined);
    if (!st) return;
    if ((st.mode & 0o077) !== 0 && !st.isSocket()) out.push({ path: p, mode: (st.mode & 0o777).toString(8) });
    if (st.isDirectory() && depth < 2)
      for (const name of await readdir(p).catch(() => [] as string[]))
        await visit(path.join(p, name), depth + 1);
  };
  await visit(dataDir, 0);
  return out;
}
