"""Runs the conformance scenarios under CPython (3.13) and prints their traces.

    python3.13 run.py                 # every scenario: "== name" then its trace lines
    python3.13 run.py NAME...         # only these
    python3.13 run.py --update        # rewrite the golden files (<module>.golden) from CPython

All scenarios run in this one process, each on its own virtual-time loop (see harness.py).
"""
import importlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import harness  # noqa: E402


def load():
    for f in sorted(os.listdir(HERE)):
        if f.endswith(".py") and f not in ("run.py", "harness.py"):
            importlib.import_module(f[:-3])
    names = [n for n, _ in harness.SCENARIOS]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        sys.exit("duplicate scenario names: %s" % sorted(dup))
    return harness.SCENARIOS


def main(args):
    update = "--update" in args
    wanted = [a for a in args if not a.startswith("--")]
    if update and (wanted or sys.version_info[:2] != (3, 13)):
        sys.exit("--update runs every scenario, under CPython 3.13")
    scenarios = load()
    unknown = set(wanted) - {n for n, _ in scenarios}
    if unknown:
        sys.exit("unknown scenarios: %s" % sorted(unknown))
    by_module = {}
    for name, fn in scenarios:
        if wanted and name not in wanted:
            continue
        lines = harness.run_scenario(fn)
        by_module.setdefault(fn.__module__, []).append((name, lines))
        if not update:
            print("== " + name)
            for line in lines:
                print(line)
    if update:
        for module, traces in by_module.items():
            with open(os.path.join(HERE, module + ".golden"), "w") as out:
                out.write("# CPython %d.%d traces of %s.py; rewrite with: run.py --update\n"
                          % (sys.version_info[0], sys.version_info[1], module))
                for name, lines in traces:
                    out.write("== " + name + "\n")
                    for line in lines:
                        out.write(line + "\n")
        print("wrote %d golden files" % len(by_module))


if __name__ == "__main__":
    main(sys.argv[1:])
