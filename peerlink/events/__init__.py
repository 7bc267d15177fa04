"""CE events: events and their sessions, credit bodies, going / attended / verified check-in,
attendee lists, the events' search index, iCalendar import and export, verified CE hours."""
