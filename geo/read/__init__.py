"""Read: articles and what the analyst puts beside them, as :class:`geo.model.Document` records.

Formats (text, HTML, PDF, Word), sections, language, provenance (outlet, byline,
dateline, date), source profiles, and the budgets and YAML loader every input
goes through. Nothing here knows about places or findings.
"""
