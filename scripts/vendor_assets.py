#!/usr/bin/env python3
"""Copy the front-end libraries PeerLink serves from npm's node_modules into
peerlink/static/vendor/, running `npm ci` first (package-lock.json pins every version).

The one place this happens: `make setup` runs it for a checkout, and the wheel build runs it
(hatch_build.py), so a wheel always carries the files its templates link to. It does
nothing when the files are there and were copied from the current package-lock.json.
Standard library only: it runs inside the isolated build environment too.
"""

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "peerlink" / "static" / "vendor"
LOCK = ROOT / "package-lock.json"
MARKER = VENDOR / ".package-lock.sha256"
# node_modules path -> where it is served from, under /static/vendor/
FILES = {
    "socket.io-client/dist/socket.io.min.js": "socket.io/socket.io.min.js",
    "socket.io-client/dist/socket.io.min.js.map": "socket.io/socket.io.min.js.map",
    "swagger-ui-dist/swagger-ui-bundle.js": "swagger-ui/swagger-ui-bundle.js",
    "swagger-ui-dist/swagger-ui.css": "swagger-ui/swagger-ui.css",
}


def lock_digest() -> str:
    return hashlib.sha256(LOCK.read_bytes()).hexdigest()


def up_to_date() -> bool:
    return (MARKER.is_file() and MARKER.read_text().strip() == lock_digest()
            and all((VENDOR / target).is_file() for target in FILES.values()))


def npm_ci() -> None:
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("PeerLink needs Node.js 18+ with npm to fetch its front-end libraries "
                 "(package-lock.json); install it, or build on a machine that has it.")
    subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund",  # noqa: S603
                    "--loglevel=error"], cwd=ROOT, check=True)


def copy() -> None:
    shutil.rmtree(VENDOR, ignore_errors=True)
    for source, target in FILES.items():
        destination = VENDOR / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / "node_modules" / source, destination)
    MARKER.write_text(lock_digest() + "\n")


def main() -> None:
    if up_to_date():
        print("Front-end libraries in peerlink/static/vendor are up to date.")
        return
    npm_ci()
    copy()
    print(f"Copied {len(FILES)} front-end files into peerlink/static/vendor.")


if __name__ == "__main__":
    main()
