"""Language: what the text names and how it uses it.

The spaCy pipeline and the gate that limits it, place mentions with offsets
(NER, the learned candidate detector, names that are not places), each
mention's role (literal or associative), event dates, people and their titles,
and reference within an article ("the base", "the island").
"""
