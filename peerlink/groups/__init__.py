"""Interest groups: groups and their members, invitations, discussion threads, replies,
reports to a group's moderators, peer-support circles, and the search within a group."""
