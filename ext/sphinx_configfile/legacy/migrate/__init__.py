"""``configfile migrate``: rewrite raw-LaTeX quotes (blocks, list items, paragraphs) into
directives.
"""
