"""`python -m peerlink.consultations.phi_report [--corpus FILE]`: the PHI guard's report
(the command the consultations issue names), run by the core `peerlink.phi.report`."""

import sys

from peerlink.phi.report import main

if __name__ == "__main__":
    sys.exit(main(prog="python -m peerlink.consultations.phi_report"))
