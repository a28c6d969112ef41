package dev.measureme.core.event;

import java.util.List;

/** One page of events, newest first, and where the next page starts ({@code null} at the end). */
public record EventPage(List<Event> events, EventCursor next) {}
