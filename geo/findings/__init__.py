"""Findings: one claim about one thing, placed once, with every source (assemble, then merge)."""
