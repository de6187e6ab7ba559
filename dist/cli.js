#!/usr/bin/env node
import module$1 from 'node:module';

/**
 * `leakgate` command-line entry. It checks the Node.js version before anything else loads:
 * execa (loaded through cli/main.js, in chunks of their own) needs Node 22+, and would fail with
 * a cryptic TypeError on older versions.
 */
const MINIMUM_NODE_MAJOR = 22;
const major = Number(process.versions.node.split('.')[0]);
if (major < MINIMUM_NODE_MAJOR) {
    process.stderr.write(`leakgate: Node.js ${process.versions.node} is too old: leakgate needs Node.js ${MINIMUM_NODE_MAJOR} or newer ` +
        `(npm scripts in this repository run on the node@24 devDependency)\n`);
    process.exit(2);
}
// Compiling the bundle (hundreds of kilobytes of JavaScript, most of it dependencies) is a large
// part of every run's fixed start-up cost. Node's on-disk compile cache (module.enableCompileCache, Node 22.8+; it writes
// under the OS temp dir, NODE_COMPILE_CACHE moves it, NODE_DISABLE_COMPILE_CACHE turns it off)
// lets later runs skip it. It applies only to modules loaded after it is enabled, hence here,
// before the import below. It is an optimisation and never an error: older Nodes lack it, and
// Node reports a cache it cannot write in the returned status instead of throwing.
// https://nodejs.org/api/module.html#module-compile-cache
try {
    module$1.enableCompileCache?.();
}
catch {
    // Not expected (see above), and never worth failing a run for.
}
const { runCli } = await import('./cli-main.js').then(function (n) { return n.q; });
const { abortOnSignals } = await import('./cli-interrupt.js');
// Ctrl-C, SIGTERM, SIGHUP (a cancelled job): the run stops its scenarios, writes its reports
// and exits 130/143/129 (issue 10), instead of dying with the scenarios still running.
const interruption = abortOnSignals(process);
runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    isTTY: Boolean(process.stderr.isTTY),
    signal: interruption.signal,
})
    .then((code) => {
    process.exitCode = code;
}, (error) => {
    process.stderr.write(`leakgate: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
})
    .finally(() => interruption.dispose());
