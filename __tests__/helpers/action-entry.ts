/**
 * The action as the tests run it: from src/, as a child process (node --import
 * ./scripts/src-loader.mjs __tests__/helpers/action-entry.ts ARTIFACT_FOLDER), with the real
 * environment, inputs, Octokit client and @actions/core, and a folder in place of GitHub's
 * artifact service. The same runAction that src/index.ts calls.
 */
import * as core from '@actions/core';
import { createGitHubClient } from '../../src/adapters/action/github.js';
import { runAction } from '../../src/adapters/action/main.js';
import { folderArtifactStore } from './artifact-folder.js';

const artifactFolder = process.argv[2];
if (!artifactFolder) throw new Error('usage: action-entry.ts ARTIFACT_FOLDER (the folder-backed artifact store)');
runAction({
  env: process.env,
  inputs: (name) => core.getInput(name),
  github: createGitHubClient,
  artifacts: folderArtifactStore(artifactFolder),
  process,
}).catch((error: unknown) => core.setFailed(error instanceof Error ? error.message : String(error)));
