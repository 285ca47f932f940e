"""Run one example under an old Python (3.6 or later), for the releases of TensorFlow 1.x.

Run as ``python .../legacy_driver.py SCRIPT RELPATH RECORD_JSON``, by path: the ``execdocs``
package needs a recent Python, this file does not, and it imports nothing but the standard
library. It is the standalone driver of the extension's runner (``RunSettings.standalone``): the
runner contains the run, captures and caps its output, and cleans and checks it as every other.
The script runs whole, as ``python SCRIPT`` would run it; its output goes to standard output, an
uncaught exception is printed there too, trimmed to the script's own frames, and the record (the
runner's ``RunRecord``) says which exception ended the run and which TensorFlow and NumPy were
imported.
"""

import json
import linecache
import os
import sys
import tokenize
import traceback


def _trim(summary, relpath):
    """Keep only the example's frames, in the exception and every exception chained to it."""
    seen = set()
    pending = [summary]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        kept = [frame for frame in current.stack if frame.filename == relpath]
        current.stack = traceback.StackSummary.from_list(kept)
        pending.extend([current.__cause__, current.__context__])


def _qualified_name(error):
    cls = type(error)
    if cls.__module__ == "builtins":
        return cls.__qualname__
    return cls.__module__ + "." + cls.__qualname__


def run_script(script, relpath):
    """Execute ``script`` in this process; return what ended it."""
    with tokenize.open(script) as handle:  # decoded as Python decodes it: a coding line or UTF-8
        source = handle.read()
    linecache.cache[relpath] = (len(source), None, source.splitlines(True), relpath)
    sys.argv = [relpath]
    sys.path[0] = os.path.dirname(os.path.abspath(script))
    namespace = {"__name__": "__main__", "__file__": script, "__builtins__": __builtins__}
    record = {"exception": None, "exit_code": 0, "cell_error": None, "isolation": None}  # type: dict
    try:
        exec(compile(source, relpath, "exec"), namespace)
    except SystemExit as stop:
        code = stop.code
        record["exit_code"] = code if isinstance(code, int) else (0 if code is None else 1)
    except BaseException as error:
        sys.stdout.flush()
        summary = traceback.TracebackException(type(error), error, error.__traceback__)
        line = None
        for frame in summary.stack:
            if frame.filename == relpath:
                line = frame.lineno
        _trim(summary, relpath)
        sys.stdout.write("".join(summary.format()))
        record["exception"] = {"type": _qualified_name(error), "line": line}
    sys.stdout.flush()
    record["imported"] = {
        name: getattr(sys.modules[name], "__version__", None) for name in ("tensorflow", "numpy") if name in sys.modules
    }
    return record


def main(argv):
    """Run the script named on the command line and write the record as JSON."""
    script, relpath, record_path = argv[1], argv[2], argv[3]
    record = run_script(script, relpath)
    with open(record_path, "w", encoding="utf-8") as handle:
        json.dump(record, handle)
    # Skip interpreter teardown: TensorFlow's can take seconds and print to stderr.
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv)
