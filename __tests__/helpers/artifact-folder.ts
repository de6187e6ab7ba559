/**
 * An artifact store in a folder, standing in for GitHub's artifact service in the action's
 * tests: uploads are copied to `uploads/NAME/` (with `.upload.json` saying what was asked),
 * and artifact N is downloaded from `artifacts/N/` (with `.download.json`). A folder `fail`
 * inside makes every call fail, as an artifact service outage does.
 */
import { cp, mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ArtifactStore } from '../../src/adapters/action/artifacts.js';

/** The store rooted at `root`. */
export function folderArtifactStore(root: string): ArtifactStore {
  const failIfAsked = async () => {
    const entries = await readdir(root).catch(() => [] as string[]);
    if (entries.includes('fail')) throw new Error('artifact service unavailable (test store)');
  };
  return {
    async upload(name, files, rootDirectory, retentionDays) {
      await failIfAsked();
      const folder = join(root, 'uploads', name);
      await mkdir(folder, { recursive: true });
      for (const file of files) await cp(file, join(folder, basename(file)));
      await writeFile(join(folder, '.upload.json'), JSON.stringify({ name, files: files.map((f) => basename(f)), rootDirectory, retentionDays }));
      return 1;
    },
    async download(artifactId, findBy, path) {
      await failIfAsked();
      await mkdir(path, { recursive: true });
      await cp(join(root, 'artifacts', String(artifactId)), path, { recursive: true });
      await writeFile(
        join(path, '.download.json'),
        JSON.stringify({ artifactId, workflowRunId: findBy.workflowRunId, repositoryOwner: findBy.repositoryOwner, repositoryName: findBy.repositoryName }),
      );
    },
  };
}
