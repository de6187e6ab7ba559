/** Display paths (issue 16): the interpreter's files from its root, the repository's as they are. */
import { displayPath, displayPathsInText } from '../src/report/paths.js';

describe('displayPath', () => {
  it.each([
    { what: 'a repository-relative path stays', file: 'myapp/cache.py', shown: 'myapp/cache.py' },
    { what: 'a bare file name stays', file: 'leaky.py', shown: 'leaky.py' },
    { what: 'an absolute path outside the interpreter stays', file: '/home/runner/work/app/app/cache.py', shown: '/home/runner/work/app/app/cache.py' },
    { what: 'a frozen module stays', file: '<frozen importlib._bootstrap>', shown: '<frozen importlib._bootstrap>' },
    { what: 'the system standard library', file: '/usr/lib/python3.11/json/decoder.py', shown: '<stdlib>/json/decoder.py' },
    { what: "pyenv's standard library", file: '/root/.pyenv/versions/3.11.7/lib/python3.11/json/decoder.py', shown: '<stdlib>/json/decoder.py' },
    {
      what: "the hosted tool cache's standard library",
      file: '/opt/hostedtoolcache/Python/3.12.1/x64/lib/python3.12/asyncio/events.py',
      shown: '<stdlib>/asyncio/events.py',
    },
    { what: 'a free-threaded build', file: '/usr/local/lib/python3.13t/threading.py', shown: '<stdlib>/threading.py' },
    {
      what: "macOS's framework build",
      file: '/Library/Frameworks/Python.framework/Versions/3.11/lib/python3.11/json/decoder.py',
      shown: '<stdlib>/json/decoder.py',
    },
    {
      what: 'a C extension of the standard library',
      file: '/usr/lib/python3.11/lib-dynload/_json.cpython-311.so',
      shown: '<stdlib>/lib-dynload/_json.cpython-311.so',
    },
    { what: "PyPy's standard library", file: '/opt/pypy3.10/lib/pypy3.10/json/decoder.py', shown: '<stdlib>/json/decoder.py' },
    { what: "PyPy's lib-python", file: '/opt/pypy/lib-python/3/json/decoder.py', shown: '<stdlib>/json/decoder.py' },
    { what: 'Windows standard library', file: 'C:\\Python311\\Lib\\json\\decoder.py', shown: '<stdlib>/json/decoder.py' },
    {
      what: 'a package in pyenv site-packages',
      file: '/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/werkzeug/test.py',
      shown: '<site-packages>/werkzeug/test.py',
    },
    { what: "Debian's dist-packages", file: '/usr/lib/python3/dist-packages/werkzeug/test.py', shown: '<site-packages>/werkzeug/test.py' },
    { what: 'a local dist-packages', file: '/usr/local/lib/python3.11/dist-packages/flask/app.py', shown: '<site-packages>/flask/app.py' },
    { what: 'a venv inside the repository', file: '.venv/lib/python3.11/site-packages/django/test/client.py', shown: '<site-packages>/django/test/client.py' },
    {
      what: 'an absolute venv',
      file: '/home/runner/work/app/app/venv/lib64/python3.9/site-packages/sqlalchemy/orm/session.py',
      shown: '<site-packages>/sqlalchemy/orm/session.py',
    },
    { what: 'Windows site-packages', file: 'C:\\Users\\me\\app\\.venv\\Lib\\site-packages\\werkzeug\\test.py', shown: '<site-packages>/werkzeug/test.py' },
    { what: 'a repository folder named lib stays', file: 'lib/python3.11/notes.py', shown: 'lib/python3.11/notes.py' },
  ])('$what: $file → $shown', ({ file, shown }) => {
    expect(displayPath(file)).toBe(shown);
  });
});

describe('displayPathsInText', () => {
  it.each([
    {
      what: 'a traceback line of pyenv',
      text: '  File "/root/.pyenv/versions/3.11.7/lib/python3.11/json/decoder.py", line 353, in raw_decode',
      shown: '  File "<stdlib>/json/decoder.py", line 353, in raw_decode',
    },
    {
      what: 'a frame of leakgate as path:line',
      text: '  /usr/lib/python3/dist-packages/werkzeug/test.py:1104 in open',
      shown: '  <site-packages>/werkzeug/test.py:1104 in open',
    },
    {
      what: "the repository's own lines and prose stay",
      text: 'File "app/cache.py", line 14, in render\nValueError: bad order id 37 (see /tmp/x.log)',
      shown: 'File "app/cache.py", line 14, in render\nValueError: bad order id 37 (see /tmp/x.log)',
    },
    {
      what: 'a message naming a Windows package path',
      text: "ImportError: cannot import name 'x' (C:\\app\\.venv\\Lib\\site-packages\\flask\\__init__.py)",
      shown: "ImportError: cannot import name 'x' (<site-packages>/flask/__init__.py)",
    },
    { what: 'a URL stays', text: 'see https://example.org/lib/python3.11/x.py', shown: 'see https://example.org/lib/python3.11/x.py' },
  ])('$what', ({ text, shown }) => {
    expect(displayPathsInText(text)).toBe(shown);
  });
});
