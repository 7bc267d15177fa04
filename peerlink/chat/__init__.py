"""Chat: rooms, their messages and read markers, the `/chat` Socket.IO namespace and page.
Who may read and post in a room is one rule (services.can_read_room / can_post_room)."""
