"""Wheel builds copy the front-end libraries first (scripts/vendor_assets.py), so a wheel
built from a fresh clone or an sdist carries peerlink/static/vendor/ like a checkout that ran
`make setup`. Editable installs skip it: `make setup` copies them into the checkout."""

import subprocess
import sys
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class VendorAssetsHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        script = Path(self.root) / "scripts" / "vendor_assets.py"
        subprocess.run([sys.executable, str(script)], cwd=self.root, check=True)  # noqa: S603
