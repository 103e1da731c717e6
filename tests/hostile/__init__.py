"""Hostile inputs (issue 7): the corpus, its manifest and the harness that runs it."""
