"""One writer per kind of WordPress item (authors, terms, posts, comments, ratings).

Each is given the run's ImportContext and the writers it depends on; all of them go
through the Ledger (ledger.py) to decide whether an item is new, changed, unchanged or
deleted here, and to remember and report what they wrote.
"""
