"""Back-office screens of the publicity app (design, printing, placements)."""
