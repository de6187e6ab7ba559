/**
 * ArtifactStore: the small interface leakgate needs from workflow artifacts, with the real
 * @actions/artifact client behind it. The entry (index.ts) passes it to runAction; the tests
 * pass a folder-backed store of their own (__tests__/helpers/artifact-folder.ts).
 */
import { DefaultArtifactClient } from '@actions/artifact';

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
