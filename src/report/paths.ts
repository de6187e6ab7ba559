/**
 * Paths as people recognise them (issue 16): a repository-relative path stays as it is; a file of
 * the interpreter is shown from its root, `<stdlib>/json/decoder.py`, `<site-packages>/werkzeug/test.py`,
 * whatever the install (system, pyenv, hosted tool cache, venv, Debian's dist-packages, Windows).
 * For display only: reports and baselines keep the raw paths, which baselines match on. Pure.
 */

/** An installed package: the last `site-packages` or `dist-packages` folder of the path, anywhere. */
const PACKAGES = /^(?:.*[\\/])?(?:site|dist)-packages[\\/](.+)$/;
/** The standard library of an absolute POSIX path: `…/lib/python3.11/`, `…/lib/python3/`, `…/lib/pypy3.10/`, free-threaded `python3.13t`. */
const STDLIB_POSIX = /^\/(?:.*\/)?lib(?:64)?\/(?:python|pypy)3(?:\.\d+)?t?\/(.+)$/;
/** The standard library of an absolute Windows path: `C:\Python311\Lib\json\decoder.py`. */
const STDLIB_WINDOWS = /^[A-Za-z]:[\\/](?:.*[\\/])?Lib[\\/](.+)$/;
/** PyPy's own layout: `/opt/pypy/lib-python/3/json/decoder.py`. */
const STDLIB_PYPY = /^(?:\/|[A-Za-z]:[\\/])(?:.*[\\/])?lib-python[\\/]3[^\\/]*[\\/](.+)$/;

const slashes = (rest: string) => rest.replace(/\\/g, '/');

/** A file path for display: `<site-packages>/…` or `<stdlib>/…` for the interpreter's files, any other path as given. */
export function displayPath(file: string): string {
  const path = String(file);
  const pkg = PACKAGES.exec(path);
  if (pkg) return `<site-packages>/${slashes(pkg[1])}`;
  const std = STDLIB_POSIX.exec(path) ?? STDLIB_WINDOWS.exec(path) ?? STDLIB_PYPY.exec(path);
  if (std) return `<stdlib>/${slashes(std[1])}`;
  return path;
}

/**
 * Candidate paths inside text: runs without spaces, quotes or brackets that are absolute
 * (`/…` not inside a URL, `C:\…`) or name a packages folder. A run such as `decoder.py:353` keeps its tail.
 */
const PATH_IN_TEXT = /(?:(?<![\w:/.\\-])\/|\b[A-Za-z]:[\\/]|\b[\w.-]*(?:site|dist)-packages[\\/])[^\s"'<>(),;]*/g;

/** Every interpreter path in a traceback or message shown as displayPath shows it; the rest of the text unchanged. */
export function displayPathsInText(text: string): string {
  return String(text).replace(PATH_IN_TEXT, (candidate) => displayPath(candidate));
}
