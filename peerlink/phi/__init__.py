"""The PHI guard, one place for every feature that takes free text (core: chat, groups and
consultations all depend on it, it depends on none of them).

- `peerlink.phi.detector`: `find_phi(text)`, plain Python with no Flask and no PeerLink
  import: where text may hold a HIPAA Safe Harbor identifier.
- `peerlink.phi.guard`: the policy (`check(texts, deidentified_only=, confirmed=,
  members=)`, the one refusal `PhiFlagged`, `marked` for pages; templates/_phi.html marks).
- `peerlink.phi.report`: precision and recall on a labelled corpus (corpus.jsonl, the
  shipped one, and holdout.jsonl); `python -m peerlink.phi.report [--corpus FILE]`, also
  reachable as `python -m peerlink.consultations.phi_report`.
"""
