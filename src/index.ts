/** GitHub Action entry: the real runner's world (environment, inputs, Octokit, artifact service), handed to action/main.ts. */
import * as core from '@actions/core';
import { githubArtifactStore } from './adapters/action/artifacts.js';
import { createGitHubClient } from './adapters/action/github.js';
import { runAction } from './adapters/action/main.js';

runAction({ env: process.env, inputs: (name) => core.getInput(name), github: createGitHubClient, artifacts: githubArtifactStore(), process }).catch(
  (error: unknown) => core.setFailed(error instanceof Error ? error.message : String(error)),
);
