"""Evidence worker: checks one file and writes its working copy, in a process of its own.

`workflows.evidence` starts `python -m ceasefire.workflows.evidence_worker IN OUT` for every
file that arrives. Decoding untrusted images is where parser bugs and decompression bombs
bite (BAD_INPUTS rows 52, 58), so the worker caps its own memory, CPU time and output size
before it reads a byte, and a crash or a kill there is a refused file, never a failed server.
It prints one JSON line: the findings, or `{"refused": reason}` with exit status 3.
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

MEMORY_BYTES = 2 << 30
CPU_SECONDS = 30
OUTPUT_BYTES = 512 << 20
REFUSED = 3


def limit_resources() -> None:
    for kind, value in (
        (resource.RLIMIT_AS, MEMORY_BYTES),
        (resource.RLIMIT_CPU, CPU_SECONDS),
        (resource.RLIMIT_FSIZE, OUTPUT_BYTES),
        (resource.RLIMIT_CORE, 0),
    ):
        resource.setrlimit(kind, (value, value))


def main(argv: list[str]) -> int:
    limit_resources()
    from ceasefire.intake.evidence_files import RefusedFile, derive

    source, target = Path(argv[0]), Path(argv[1])
    try:
        found = derive(source.read_bytes())
    except RefusedFile as exc:
        print(json.dumps({"refused": exc.message}))
        return REFUSED
    except MemoryError:
        print(json.dumps({"refused": "decoding the file needs more memory than a file may use"}))
        return REFUSED
    if found.working is not None:
        target.write_bytes(found.working)
    result = {
        "mime": found.mime,
        "width": found.width,
        "height": found.height,
        "working_mime": found.working_mime,
        "working": found.working is not None,
        "note": found.note,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
