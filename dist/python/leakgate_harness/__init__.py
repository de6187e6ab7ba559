"""leakgate's Python harness: run a scenario for N cycles and stream what it measures.

The TypeScript side starts ../leakgate_run.py with one argument, the path of a JSON settings
file (settings.Settings), and reads three channels that the scenario cannot write to
(channels.py): the records (newline-delimited JSON, records.py), the samples (a memory-mapped
file of float64 rows, one a cycle) and the control channel (a private copy of stdin).

The modules, in the order a run uses them:
    own         the harness's exit codes and its own files
    settings    the settings file: every policy number comes from TypeScript, none has a default
    channels    records, samples and control
    probes      RSS, descriptors, allocated blocks and the malloc heap, per platform
    scenario    loading the scenario and calling it; its failures as error records
    pytest_session / pytest_scenario   pytest in this process, and a node id as the scenario
                (issue 17); imported only for such a run, at its start
    threads     the threads a scenario leaves running
    census      live objects by type
    run         the run: warm-up, measured phase, the question to TypeScript, teardown
    window      the traced window (tracemalloc), and when its evidence is enough (rates)
    sites       allocation sites and their series in the traced window
    attribution user code or library, and function names from the syntax tree
    retention / walk / search   what keeps a leaked object alive

The package's name is prefixed so that no module of a scenario (a `channels.py`, a `run.py`)
can shadow one of these, nor these one of its.

Measurement hygiene: every reading happens after gc.collect(); nothing the harness keeps grows
while cycles run (the per-cycle buffer is the mapped file, allocated up front); every module is
imported before the scenario loads, except the traced window's (window, sites, attribution,
rates, retention, walk, search), which are imported at the window's start, before its first reading;
tracemalloc is on only during the traced window, and the traces the harness allocates itself
are filtered out by file name.

Start-up time: every run compiles the harness from source (../leakgate_run.py says why), and
most runs are short, so the harness keeps its start-up small (issue 12): the traced window's
modules are compiled only for a run that has a window, and nothing imports `typing` or
`dataclasses` at run time. Type hints are annotations only (`from __future__ import
annotations`), and the names they use are imported under `if TYPE_CHECKING:`, where pyright
reads them and Python does not; records.py, all TypedDicts, is imported only there.
"""
