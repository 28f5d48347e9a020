import { open } from 'node:fs/promises';
import { YamlFileError } from './yaml-file-error.ts';

/** Configuration files are small: a tenant of 1,000 agents is about 150 KB. Larger is a mistake (or an attack). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** Read a configuration file, refusing one past the limit before reading it. */
export async function readConfigText(file: string, limit = MAX_CONFIG_BYTES): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new YamlFileError(
      file,
      undefined,
      '',
      code === 'ENOENT' ? 'no such file' : `cannot read (${code})`,
    );
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new YamlFileError(file, undefined, '', 'is a folder, not a file');
    if (info.size > limit) {
      throw new YamlFileError(
        file,
        undefined,
        '',
        `is ${(info.size / 1024 / 1024).toFixed(1)} MiB; configuration files are limited to ${limit / 1024 / 1024} MiB`,
      );
    }
    const text = await handle.readFile('utf8');
    // It may have grown between stat and read.
    if (Buffer.byteLength(text) > limit) throw new YamlFileError(file, undefined, '', 'is too large');
    return text;
  } catch (err) {
    if (err instanceof YamlFileError) throw err;
    throw new YamlFileError(file, undefined, '', `cannot read (${(err as NodeJS.ErrnoException).code})`);
  } finally {
    await handle.close();
  }
}
