"""State of one build: the quote manifest, conditions, freshness, search stems, copies, re-
reads, memos.
"""
