"""Documents addressed to the prefecture: built once as blocks, rendered as DOCX or PDF."""
