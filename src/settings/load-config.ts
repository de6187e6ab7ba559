/** Reading the configuration file: the adapter in front of parseConfigFile. */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type FileConfig, parseConfigFile } from './config-file.js';
import { UsageError } from './errors.js';

/** The configuration: --config FILE, else leakgate.toml, else pyproject.toml's [tool.leakgate]. */
export async function readConfigFile(cwd: string, configPath: string | null): Promise<FileConfig | null> {
  if (configPath) {
    const text = await readFile(resolve(cwd, configPath), 'utf8').catch((error: Error) => {
      throw new UsageError(`--config ${configPath} cannot be read: ${error.message}`);
    });
    const config = parseConfigFile(text, configPath);
    if (!config) throw new UsageError(`${configPath} has no [tool.leakgate] section`);
    return config;
  }
  for (const name of ['leakgate.toml', 'pyproject.toml']) {
    const text = await readFile(join(cwd, name), 'utf8').catch(() => null);
    if (text === null) continue;
    const config = parseConfigFile(text, name);
    if (config) return config;
  }
  return null;
}
