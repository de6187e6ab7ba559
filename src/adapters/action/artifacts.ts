/**
 * ArtifactStore: the small interface leakgate needs from workflow artifacts, with the real
 * @actions/artifact client behind it, and a file-backed store for tests.
 */
import { DefaultArtifactClient } from '@actions/artifact';
import { cp, mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

export interface FindBy {
  token: string;
  workflowRunId: number;
  repositoryOwner: string;
  repositoryName: string;
}

export interface ArtifactStore {
  /** Upload files under rootDirectory as one artifact; returns its id. */
  upload(name: string, files: string[], rootDirectory: string, retentionDays: number): Promise<number | null>;
  /** Download an artifact of another run into `path`. */
  download(artifactId: number, findBy: FindBy, path: string): Promise<void>;
}

/** The real store: GitHub's artifact service through @actions/artifact. */
export function githubArtifactStore(): ArtifactStore {
  const client = new DefaultArtifactClient();
  return {
    async upload(name, files, rootDirectory, retentionDays) {
      const result = await client.uploadArtifact(name, files, rootDirectory, { retentionDays });
      return result.id ?? null;
    },
    async download(artifactId, findBy, path) {
      await client.downloadArtifact(artifactId, { path, findBy });
    },
  };
}

/**
 * A store in a folder, for tests (LEAKGATE_TEST_ARTIFACT_DIR): uploads are copied to
 * `uploads/NAME/`, and artifact N is downloaded from `artifacts/N/`. A folder `fail` inside
 * makes every call fail, as an artifact service outage does.
 */
export function fileArtifactStore(root: string): ArtifactStore {
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
      await writeFile(join(path, '.download.json'), JSON.stringify({ artifactId, workflowRunId: findBy.workflowRunId, repositoryOwner: findBy.repositoryOwner, repositoryName: findBy.repositoryName }));
    },
  };
}
