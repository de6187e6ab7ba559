#!/usr/bin/env node
const MINIMUM_NODE_MAJOR = 22;
const major = Number(process.versions.node.split('.')[0]);
if (major < MINIMUM_NODE_MAJOR) {
    process.stderr.write(`leakgate: Node.js ${process.versions.node} is too old: leakgate needs Node.js ${MINIMUM_NODE_MAJOR} or newer (npm scripts in this repository run on the node@24 devDependency)\n`);
    process.exit(2);
}
const { runCli } = await import('./cli-main.js');
runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    isTTY: Boolean(process.stderr.isTTY),
}).then((code) => {
    process.exitCode = code;
}, (error) => {
    process.stderr.write(`leakgate: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
});
