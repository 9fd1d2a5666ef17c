"""uv run python -m bench [sizes|size N|startup|caseload N|file N|dashboard N|terminal N|steering|companies|build N|cipher [N]]."""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from bench import caseload, cipher, companies, dashboard, demo_build, file, sizes, startup, steering, terminal

RESULTS = Path(__file__).with_name("results")


def main(argv: list[str]) -> None:
    which = argv[0] if argv else "sizes"
    if which == "cache":  # build bench/cache/demo-N.sqlite if it is not there
        print(caseload.demo_database(int(argv[1])))
        return
    if which == "cipher-one":  # one plain or encrypted caseload run, in its own process (bench.cipher)
        print(json.dumps(cipher.measure_one(int(argv[1]), argv[2])))
        return
    if which == "size":  # one size, in its own process (bench.sizes runs these)
        print(json.dumps(sizes.measure_size(int(argv[1]))))
        return
    figures: dict[str, object] = {"at": time.strftime("%Y-%m-%dT%H:%M:%S")}
    if which == "sizes":
        figures["sizes"] = sizes.run()
    if which in ("all", "startup"):
        with tempfile.TemporaryDirectory() as home:
            # --from-source: every module compiled at every start, as with PYTHONDONTWRITEBYTECODE
            figures["startup"] = startup.run(data_home=home, bytecode="--from-source" not in argv)
    if which in ("all", "caseload"):
        size = int(argv[1]) if which == "caseload" and len(argv) > 1 else 100_000
        figures["caseload"] = caseload.run(size)
    if which in ("all", "companies"):
        figures["companies"] = companies.run()
    if which in ("all", "file"):
        size = int(argv[1]) if which == "file" and len(argv) > 1 else 100_000
        figures["file"] = file.run(size)
    if which == "cipher":
        figures["cipher"] = cipher.run(int(argv[1]) if len(argv) > 1 else 10_000)
    if which == "terminal":
        figures["terminal"] = terminal.run(int(argv[1]) if len(argv) > 1 else 10_000)
    if which == "dashboard":
        figures["dashboard"] = dashboard.run(int(argv[1]) if len(argv) > 1 else 100_000)
    if which in ("all", "steering"):
        figures["steering"] = steering.run()
    if which in ("all", "build"):
        size = int(argv[1]) if len(argv) > 1 else 100_000
        figures["demo_build"] = demo_build.run(size)
    print(json.dumps(figures, indent=2))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{figures['at'].replace(':', '')}.json").write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
