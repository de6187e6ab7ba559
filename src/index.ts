/** GitHub Action entry: everything happens in action/main.ts. */
import * as core from '@actions/core';
import { runAction } from './adapters/action/main.js';

runAction().catch((error: unknown) => core.setFailed(error instanceof Error ? error.message : String(error)));
