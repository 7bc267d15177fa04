"""`python -m peerlink ...` is the `peerlink` command."""

from peerlink.command import main

main()
