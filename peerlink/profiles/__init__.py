"""Professional profiles, the peer directory, connections and "people to meet"."""
